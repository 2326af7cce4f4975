import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { FIRM_DETECTORS_SCRIPT_ID, makeFirmDetectors } from '@/entrypoints/background/firm-detectors';
import { parsePolicy } from '@/utils/policy/parse';
import type { Policy } from '@/utils/policy/types';
import { example } from '../policy/helpers';

// The background keeps one run-time content script for the firm's detectors, on the policy's pages
// whose sites the user allowed. The browser's permissions and script registry are played by memory.

type Script = { id: string; js?: string[]; matches?: string[]; persistAcrossSessions?: boolean };

let policy: Policy | null;
let policyListeners: (() => void)[];
let firmDetectors: ReturnType<typeof makeFirmDetectors>;
const refreshFirmDetectors = () => firmDetectors.refresh();
let granted: Set<string>;
let registered: Map<string, Script>;

beforeEach(() => {
  policy = null;
  policyListeners = [];
  firmDetectors = makeFirmDetectors({
    currentPolicy: async () => policy,
    onPolicyChange: (listener) => policyListeners.push(listener),
  });
  granted = new Set();
  registered = new Map();
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async (p) =>
    (p.origins ?? []).every((o) => granted.has(o)),
  );
  vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation(async (filter) =>
    [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)) as never,
  );
  vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockImplementation(async (scripts) => {
    for (const s of scripts) {
      if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
      registered.set(s.id, s as Script);
    }
  });
  vi.spyOn(fakeBrowser.scripting, 'updateContentScripts').mockImplementation(async (scripts) => {
    for (const s of scripts) registered.set(s.id, { ...registered.get(s.id)!, ...(s as Script) });
  });
  vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockImplementation(async (filter) => {
    for (const id of filter?.ids ?? []) registered.delete(id);
  });
});

async function importPolicy(detectors: unknown[]) {
  const json = example();
  json.detectors = detectors;
  const parsed = parsePolicy(json);
  if (!parsed.ok) throw new Error('the test policy does not parse');
  policy = parsed.policy;
  expect(policy.detectors).toHaveLength(detectors.length);
}

const portal = {
  id: 'client-portal',
  label: 'Firm client portal',
  matches: ['https://portal.harborpine.example/clients/*'],
  email: { selector: "[data-field='client-email']" },
};
const billing = { ...portal, id: 'billing', label: 'Billing', matches: ['https://billing.harborpine.example/a/*'] };

describe("the firm detectors' content script", () => {
  it('is not registered before the user allows any of the firm sites', async () => {
    await importPolicy([portal, billing]);
    await refreshFirmDetectors();
    expect(registered.size).toBe(0);
  });

  it('runs on the allowed pages, persisting across browser restarts', async () => {
    await importPolicy([portal, billing]);
    granted.add('https://portal.harborpine.example/*');
    await refreshFirmDetectors();
    expect(registered.get(FIRM_DETECTORS_SCRIPT_ID)).toEqual({
      id: FIRM_DETECTORS_SCRIPT_ID,
      js: ['content-scripts/firm-detectors.js'],
      matches: ['https://portal.harborpine.example/clients/*'],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    });

    granted.add('https://billing.harborpine.example/*');
    await refreshFirmDetectors();
    expect(registered.get(FIRM_DETECTORS_SCRIPT_ID)?.matches).toEqual([
      'https://billing.harborpine.example/a/*',
      'https://portal.harborpine.example/clients/*',
    ]);
  });

  it('follows a new policy and a withdrawn permission, and stops when nothing is left', async () => {
    granted.add('https://portal.harborpine.example/*');
    granted.add('https://billing.harborpine.example/*');
    await importPolicy([portal, billing]);
    await refreshFirmDetectors();
    expect(registered.get(FIRM_DETECTORS_SCRIPT_ID)?.matches).toHaveLength(2);

    await importPolicy([billing]);
    await refreshFirmDetectors();
    expect(registered.get(FIRM_DETECTORS_SCRIPT_ID)?.matches).toEqual(['https://billing.harborpine.example/a/*']);

    granted.delete('https://billing.harborpine.example/*');
    await refreshFirmDetectors();
    expect(registered.has(FIRM_DETECTORS_SCRIPT_ID)).toBe(false);
  });

  it('follows the policy by itself once started: each new policy state brings the registration up to date', async () => {
    // The fake browser has no permission events; the user grants nothing new in this test.
    vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation(() => undefined);
    granted.add('https://portal.harborpine.example/*');
    firmDetectors.start();
    await importPolicy([portal]);
    for (const listener of policyListeners) listener();
    await vi.waitFor(() => expect(registered.get(FIRM_DETECTORS_SCRIPT_ID)?.matches).toEqual(['https://portal.harborpine.example/clients/*']));
  });
});
