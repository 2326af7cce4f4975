import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Sender } from '@/utils/browser/messaging';
import { POLICY_SYNC_ALARM, makePolicyService } from '@/entrypoints/background/policy-service';
import { openConfigStore } from '@/utils/config-store';
import { generateSigningKeys } from '@/scripts/policy-keygen';
import { signPolicy } from '@/scripts/policy-sign';
import { example, exampleText } from './helpers';

const SIGNING_KEYS = generateSigningKeys();
const SIGNING_KEY = SIGNING_KEYS.publicRaw;

const sender = {} as Sender;
const URL_ = 'https://policy.firm.example/policy.json';

// The service as the background builds it; the policy server is whatever `fetch` each test serves.
let service: ReturnType<typeof makePolicyService>;
let policyHandlers: typeof service.handlers;
beforeEach(() => {
  service = makePolicyService({ fetch: (input, init) => fetch(input, init), config: openConfigStore() });
  policyHandlers = service.handlers;
});
const currentPolicy = () => service.currentPolicy();
const currentMe = () => service.currentMe();
const startPolicySync = () => service.start();

function serve(body: string, init: ResponseInit = {}) {
  const fetch = vi.fn(async () => new Response(body, { headers: { 'Content-Type': 'application/json' }, ...init }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('policy service', () => {
  it('stores the URL, syncs, and schedules the refresh alarm from the policy', async () => {
    const json = example();
    json.sync.refreshMinutes = 30;
    serve(JSON.stringify(json));
    const state = await policyHandlers.setPolicyUrl({ url: ` ${URL_} ` }, sender);
    expect(state.policyUrl).toBe(URL_);
    expect(state.policy?.firm.name).toBe('Harbor & Pine CPAs');
    expect((await currentPolicy())?.policyVersion).toBe('2026-11-01');
    expect((await fakeBrowser.alarms.get(POLICY_SYNC_ALARM))?.periodInMinutes).toBe(30);
  });

  it('refuses a non-https URL without storing it', async () => {
    await expect(policyHandlers.setPolicyUrl({ url: 'http://firm.example/p.json' }, sender)).rejects.toThrow(
      /must start with https/,
    );
    expect((await policyHandlers.getPolicyState(undefined, sender)).policyUrl).toBeNull();
  });

  it('keeps the last good policy in storage when a sync fails', async () => {
    serve(exampleText);
    await policyHandlers.setPolicyUrl({ url: URL_ }, sender);
    serve('', { status: 500 });
    const after = await policyHandlers.syncPolicy(undefined, sender);
    expect(after.policy?.firm.name).toBe('Harbor & Pine CPAs');
    expect(after.lastError?.message).toBe('Could not fetch the policy: the server answered HTTP 500');
    expect((await policyHandlers.getPolicyState(undefined, sender)).lastError).toEqual(after.lastError);
  });

  it('lets IT lock the URL and require signed policies through managed storage', async () => {
    serve(exampleText);
    startPolicySync();
    await fakeBrowser.storage.managed.set({
      policyUrl: 'https://it.firm.example/policy.json',
      lockPolicyUrl: true,
      policySigningKey: SIGNING_KEY,
    });
    const state = await policyHandlers.getPolicyState(undefined, sender);
    expect(state).toMatchObject({
      policyUrl: 'https://it.firm.example/policy.json',
      policyUrlLocked: true,
      signingKey: SIGNING_KEY,
    });
    await expect(policyHandlers.setPolicyUrl({ url: URL_ }, sender)).rejects.toThrow('set by your organisation');
    serve(exampleText);
    const synced = await policyHandlers.syncPolicy(undefined, sender);
    expect(synced.policy).toBeNull();
    expect(synced.lastError?.message).toMatch(/accepts only signed policies/);

    await fakeBrowser.storage.managed.clear();
    expect((await policyHandlers.getPolicyState(undefined, sender)).policyUrlLocked).toBe(false);
  });

  it('lets IT name the firm ledger through managed storage, over the signed policy\'s, never stored', async () => {
    startPolicySync();
    const json = example() as ReturnType<typeof example> & { ledger?: unknown };
    json.ledger = { url: 'https://ledger.policy.example/firm', escalateAfterMinutes: 45, offlineAllowanceHours: 72 };
    const signed = signPolicy(JSON.stringify(json), SIGNING_KEYS.privateJwk);
    if (!signed.ok) throw new Error(signed.errors.join('\n'));
    await fakeBrowser.storage.managed.set({ policySigningKey: SIGNING_KEY });
    try {
      await policyHandlers.importPolicy({ text: signed.token, fileName: 'policy.jws' }, sender);
      expect((await currentPolicy())?.ledger?.url).toBe('https://ledger.policy.example/firm');

      await fakeBrowser.storage.managed.set({ ledgerUrl: ' https://ledger.it.example/make-it-right/ ' });
      expect((await currentPolicy())?.ledger).toEqual({ url: 'https://ledger.it.example/make-it-right', escalateAfterMinutes: 45, offlineAllowanceHours: 72 });
      expect((await policyHandlers.getPolicyState(undefined, sender)).managedLedger).toEqual({
        url: 'https://ledger.it.example/make-it-right',
        problem: null,
      });

      // A URL the extension may not use is reported with the reason, and the signed policy's stays in force.
      for (const bad of ['http://ledger.it.example/firm', 'https://admin:secret@ledger.it.example/firm', 'https://ledger.it.example/']) {
        await fakeBrowser.storage.managed.set({ ledgerUrl: bad });
        const state = await policyHandlers.getPolicyState(undefined, sender);
        expect(state.managedLedger?.url).toBe(bad);
        expect(state.managedLedger?.problem).toBeTruthy();
        expect(state.policy?.ledger?.url).toBe('https://ledger.policy.example/firm');
      }
      await fakeBrowser.storage.managed.remove('ledgerUrl');
      const after = await policyHandlers.getPolicyState(undefined, sender);
      expect(after.managedLedger).toBeNull();
      expect(after.policy?.ledger?.url).toBe('https://ledger.policy.example/firm');
    } finally {
      await fakeBrowser.storage.managed.clear();
    }
  });

  it('an unsigned policy cannot choose the ledger: the one it names is not used, and said', async () => {
    startPolicySync();
    const json = example() as ReturnType<typeof example> & { ledger?: unknown };
    json.ledger = { url: 'https://ledger.elsewhere.example/firm', escalateAfterMinutes: 45, offlineAllowanceHours: 72 };
    await policyHandlers.importPolicy({ text: JSON.stringify(json), fileName: 'policy.json' }, sender);
    expect((await currentPolicy())?.ledger).toBeUndefined();
    expect((await currentPolicy())?.firm.name).toBe('Harbor & Pine CPAs');
    const state = await policyHandlers.getPolicyState(undefined, sender);
    expect(state.unsignedLedger).toEqual({ url: 'https://ledger.elsewhere.example/firm', escalateAfterMinutes: 45, offlineAllowanceHours: 72 });
    // IT's address is used, whatever signs the policy.
    try {
      await fakeBrowser.storage.managed.set({ ledgerUrl: 'https://ledger.it.example/make-it-right' });
      expect((await currentPolicy())?.ledger).toEqual({ url: 'https://ledger.it.example/make-it-right', escalateAfterMinutes: 45, offlineAllowanceHours: 72 });
      expect((await policyHandlers.getPolicyState(undefined, sender)).unsignedLedger).toBeNull();
    } finally {
      await fakeBrowser.storage.managed.clear();
    }
  });

  it('a test ledger on this computer is used from an unsigned policy', async () => {
    const json = example() as ReturnType<typeof example> & { ledger?: unknown };
    json.ledger = { url: 'http://127.0.0.1:5984/make-it-right', escalateAfterMinutes: 30, offlineAllowanceHours: 72 };
    await policyHandlers.importPolicy({ text: JSON.stringify(json), fileName: 'policy.json' }, sender);
    expect((await currentPolicy())?.ledger?.url).toBe('http://127.0.0.1:5984/make-it-right');
    expect((await policyHandlers.getPolicyState(undefined, sender)).unsignedLedger).toBeNull();
  });

  it('IT\'s ledger URL gives a firm ledger to a policy that names none', async () => {
    startPolicySync();
    await policyHandlers.importPolicy({ text: exampleText, fileName: 'policy.json' }, sender);
    expect((await currentPolicy())?.ledger).toBeUndefined();
    try {
      await fakeBrowser.storage.managed.set({ ledgerUrl: 'https://ledger.it.example/make-it-right' });
      expect((await currentPolicy())?.ledger).toEqual({ url: 'https://ledger.it.example/make-it-right', escalateAfterMinutes: 30, offlineAllowanceHours: 72 });
    } finally {
      await fakeBrowser.storage.managed.clear();
    }
    expect((await currentPolicy())?.ledger).toBeUndefined();
  });

  it('does not keep an unsigned policy as "unchanged" once IT requires signed policies', async () => {
    const fetch = vi.fn(async (_url: string, init?: RequestInit) =>
      (init?.headers as Record<string, string>)['If-None-Match'] === '"v1"'
        ? new Response(null, { status: 304 })
        : new Response(exampleText, { headers: { 'Content-Type': 'application/json', ETag: '"v1"' } }),
    );
    vi.stubGlobal('fetch', fetch);
    await policyHandlers.setPolicyUrl({ url: URL_ }, sender);
    startPolicySync();
    await fakeBrowser.storage.managed.set({ policySigningKey: SIGNING_KEY });
    try {
      const synced = await policyHandlers.syncPolicy(undefined, sender);
      expect(synced.lastError?.message).toMatch(/accepts only signed policies/);
    } finally {
      await fakeBrowser.storage.managed.clear();
    }
  });

  it('imports a policy file', async () => {
    const state = await policyHandlers.importPolicy({ text: exampleText, fileName: 'policy.json' }, sender);
    expect(state.source).toBe('file');
    expect(state.policy?.staff).toHaveLength(4);
  });

  it('resolves who I am from the normalised email and the staff list', async () => {
    await policyHandlers.importPolicy({ text: exampleText, fileName: 'policy.json' }, sender);
    const saved = await policyHandlers.setSettings({ selfEmail: '  Ben.Okafor@HarborPine.example' }, sender);
    expect(saved).toEqual({
      selfEmail: 'ben.okafor@harborpine.example',
      selfEmailLocked: false,
      me: { email: 'ben.okafor@harborpine.example', name: 'Ben Okafor', role: 'staff', identity: 'self-declared' },
    });
    expect(await currentMe()).toEqual(saved.me);
    await policyHandlers.setSettings({ selfEmail: 'visitor@client.example' }, sender);
    expect((await policyHandlers.getSettings(undefined, sender)).me?.role).toBeNull();
    await expect(policyHandlers.setSettings({ selfEmail: 'not an email' }, sender)).rejects.toThrow(
      'is not an email address',
    );
  });

  it("tells content scripts who is the firm, who is me, and the firm's own detectors", async () => {
    expect(await policyHandlers.detectContext(undefined, sender)).toEqual({ selfEmails: [], firmDomains: [], detectors: [] });
    await policyHandlers.importPolicy({ text: exampleText, fileName: 'policy.json' }, sender);
    await policyHandlers.setSettings({ selfEmail: 'dev.patel@harborpine.example' }, sender);
    expect(await policyHandlers.detectContext(undefined, sender)).toEqual({
      selfEmails: ['dev.patel@harborpine.example'],
      firmDomains: ['harborpine.example'],
      detectors: [expect.objectContaining({ id: 'client-portal', matches: ['https://portal.harborpine.example/clients/*'] })],
    });
  });

  it('tells who asks when Your email or the policy changes, and not on other changes', async () => {
    let told = 0;
    let policyChanges = 0;
    service.onDetectContextChange(() => (told += 1));
    service.onPolicyChange(() => (policyChanges += 1));
    await policyHandlers.importPolicy({ text: exampleText, fileName: 'policy.json' }, sender);
    await vi.waitFor(() => expect(told).toBeGreaterThanOrEqual(1));
    const afterPolicy = told;
    expect(policyChanges).toBe(afterPolicy);
    await policyHandlers.setSettings({ selfEmail: 'ana.ruiz@harborpine.example' }, sender);
    await vi.waitFor(() => expect(told).toBe(afterPolicy + 1));
    // Your email is not the policy: the firm's detectors stay registered as they are.
    expect(policyChanges).toBe(afterPolicy);
    await fakeBrowser.storage.local.set({ somethingElse: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(told).toBe(afterPolicy + 1);
  });
});
