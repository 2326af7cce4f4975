import { describe, expect, it, vi } from 'vitest';
import { checkPolicyUrl, emptyPolicyState, importPolicyText, syncFromUrl } from '@/utils/policy/sync';
import type { PolicyState } from '@/utils/policy/types';
import { base64UrlEncode, example, exampleText } from './helpers';

const URL_ = 'https://policy.firm.example/policy.json';
const NOW = Date.UTC(2026, 10, 2, 9, 0);

function respond(body: BodyInit | null, init: ResponseInit & { url?: string } = {}): Response {
  const response = new Response(body, {
    status: init.status ?? 200,
    headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) },
  });
  if (init.url) Object.defineProperty(response, 'url', { value: init.url });
  return response;
}

function deps(fetchImpl: (url: string, init: RequestInit) => Promise<Response>, extra = {}) {
  const fetch = vi.fn(fetchImpl);
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls: fetch, now: () => NOW, ...extra };
}

async function goodState(): Promise<PolicyState> {
  const start = { ...emptyPolicyState(), policyUrl: URL_ };
  const d = deps(async () => respond(exampleText, { headers: { ETag: '"v1"' } }));
  const state = await syncFromUrl(start, { ...d, now: () => NOW - 60_000 });
  expect(state.lastError).toBeNull();
  return state;
}

describe('checkPolicyUrl', () => {
  it.each([
    ['https://policy.firm.example/p.json', null],
    ['http://localhost:8080/p.json', null],
    ['http://127.0.0.1:5555/p.json', null],
    ['http://policy.firm.example/p.json', 'The policy URL must start with https:// (http:// only for localhost or 127.0.0.1)'],
    ['http://localhost.evil.example/p.json', 'The policy URL must start with https:// (http:// only for localhost or 127.0.0.1)'],
    ['file:///etc/passwd', 'The policy URL must start with https:// (http:// only for localhost or 127.0.0.1)'],
    ['not a url', 'The policy URL is not a valid URL'],
  ])('%s', (url, expected) => {
    expect(checkPolicyUrl(url)).toBe(expected);
  });
});

describe('syncFromUrl', () => {
  it('applies a valid policy and records source, ETag and time', async () => {
    const d = deps(async () => respond(exampleText, { headers: { ETag: '"v1"' } }));
    const state = await syncFromUrl({ ...emptyPolicyState(), policyUrl: URL_ }, d);
    expect(state.policy?.firm.name).toBe('Harbor & Pine CPAs');
    expect(state).toMatchObject({ source: 'url', etag: '"v1"', lastSuccessAt: NOW, lastSyncAt: NOW, lastError: null });
    expect(d.calls.mock.calls[0]?.[1].headers).not.toHaveProperty('If-None-Match');
  });

  it('sends the ETag and treats 304 as an unchanged, successful sync', async () => {
    const before = await goodState();
    const d = deps(async () => respond(null, { status: 304 }));
    const after = await syncFromUrl(before, d);
    expect(d.calls.mock.calls[0]?.[1].headers).toMatchObject({ 'If-None-Match': '"v1"' });
    expect(after.policy).toBe(before.policy);
    expect(after).toMatchObject({ etag: '"v1"', lastSuccessAt: NOW, lastError: null });
  });

  it('records the managed source when the URL came from IT', async () => {
    const d = deps(async () => respond(exampleText), { source: 'managed-url' });
    expect((await syncFromUrl({ ...emptyPolicyState(), policyUrl: URL_ }, d)).source).toBe('managed-url');
  });

  const broken = (mutate: (j: ReturnType<typeof example>) => void) => {
    const j = example();
    mutate(j);
    return JSON.stringify(j);
  };

  const failures: [string, () => Promise<Response>, RegExp | string][] = [
    [
      'the network fails',
      () => Promise.reject(new TypeError('Failed to fetch')),
      /^Could not reach the policy at https:\/\/policy\.firm\.example\/policy\.json\. It can be: \(1\) the server is not answering/,
    ],
    ['404', async () => respond('nope', { status: 404 }), 'Could not fetch the policy: the server answered HTTP 404'],
    ['500', async () => respond('oops', { status: 500 }), 'Could not fetch the policy: the server answered HTTP 500'],
    ['a body that is not JSON', async () => respond('{"schemaVersion": 1,'), /^Policy refused: \(root\): not valid JSON/],
    [
      'an invalid shape',
      async () => respond(broken((j) => (j.roles[0].perIncident = -25))),
      'Policy refused: roles[0].perIncident: must not be negative',
    ],
    [
      'a broken cross-reference',
      async () => respond(broken((j) => (j.roles[2].approverRole = 'manger'))),
      'Policy refused: roles[2].approverRole: unknown role "manger"',
    ],
    [
      'an unknown schemaVersion',
      async () => respond(broken((j) => (j.schemaVersion = 2))),
      'Policy refused: schemaVersion: unsupported schema version 2 (this extension reads 1)',
    ],
    [
      'a web page',
      async () => respond('<html></html>', { headers: { 'Content-Type': 'text/html; charset=utf-8' } }),
      'Policy refused: the server sent text/html, not JSON (is the URL a web page?)',
    ],
    [
      'a redirect to http:',
      async () => respond(null, { status: 302, headers: { Location: 'http://policy.firm.example/policy.json' } }),
      'Policy refused: the policy URL redirected to http://policy.firm.example, which is not https:',
    ],
    [
      'a declared size over 1 MB',
      async () => respond(exampleText, { headers: { 'Content-Length': String(2 * 1024 * 1024) } }),
      'Policy refused: it is larger than 1 MB',
    ],
    [
      'a streamed body over 1 MB',
      async () => respond(`${exampleText}${' '.repeat(1024 * 1024)}`),
      'Policy refused: it is larger than 1 MB',
    ],
    [
      'an older policyVersion (replay)',
      async () => respond(broken((j) => (j.policyVersion = '2026-10-01'))),
      'Policy refused: policyVersion "2026-10-01" is older than the one in force ("2026-11-01")',
    ],
  ];

  it.each(failures)('keeps the last good policy untouched when %s', async (_kind, answer, message) => {
    const before = await goodState();
    const after = await syncFromUrl(before, deps(answer));
    expect(after.policy).toEqual(before.policy);
    expect(after.source).toBe(before.source);
    expect(after.etag).toBe(before.etag);
    expect(after.lastSuccessAt).toBe(before.lastSuccessAt);
    expect(after.lastSyncAt).toBe(NOW);
    expect(after.lastError?.at).toBe(NOW);
    if (typeof message === 'string') expect(after.lastError?.message).toBe(message);
    else expect(after.lastError?.message).toMatch(message);
  });

  it('says what a network failure can be, leaving out what site access and plain http rule out', async () => {
    const local = { ...(await goodState()), policyUrl: 'http://127.0.0.1:8080/policy.json' };
    const failing = () => Promise.reject(new TypeError('NetworkError when attempting to fetch resource.'));
    const asked: string[] = [];
    const refused = await syncFromUrl(local, {
      ...deps(failing),
      siteAccess: async (url: string) => (asked.push(url), false),
    });
    expect(asked).toEqual(['http://127.0.0.1:8080/policy.json']);
    const message = refused.lastError?.message ?? '';
    expect(message).toContain('Could not reach the policy at http://127.0.0.1:8080/policy.json');
    expect(message).toContain('not answering at that address');
    expect(message).toContain("allow the extension's site access to 127.0.0.1");
    expect(message).toContain('Access-Control-Allow-Origin');
    expect(message).not.toContain('certificate');
    expect(message).not.toContain('NetworkError');
    expect(refused.policy).toEqual(local.policy);

    const allowed = await syncFromUrl(local, { ...deps(failing), siteAccess: async () => true });
    expect(allowed.lastError?.message).toBe(
      'Could not reach the policy at http://127.0.0.1:8080/policy.json. Most likely: the server is not answering at that address: check that it is running and that the address and port are right (open the URL in a browser tab).',
    );
  });

  it('takes the same version again when it is the same policy, however storage ordered its keys', async () => {
    const before = await goodState();
    const reorder = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reorder) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v;
    const stored = { ...before, policy: reorder(before.policy) as PolicyState['policy'] };
    const after = await syncFromUrl(stored, deps(async () => respond(exampleText)));
    expect(after.lastError).toBeNull();
  });

  it('gives up after the timeout and keeps the last good policy', async () => {
    const before = await goodState();
    const hanging = (_url: string, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const after = await syncFromUrl(before, { ...deps(hanging), timeoutMs: 20 });
    expect(after.policy).toEqual(before.policy);
    expect(after.lastError?.message).toMatch(/^Could not fetch the policy: no answer within/);
  });

  it('accepts a newer policyVersion, numbered versions in numeric order', async () => {
    const before = await goodState();
    const v = (policyVersion: string) => respond(JSON.stringify({ ...example(), policyVersion }));
    const newer = await syncFromUrl(before, deps(async () => v('2026-12-01')));
    expect(newer.policy?.policyVersion).toBe('2026-12-01');
    const numbered = { ...before, policy: { ...before.policy!, policyVersion: '1.9' } };
    expect((await syncFromUrl(numbered, deps(async () => v('1.10')))).policy?.policyVersion).toBe('1.10');
    expect((await syncFromUrl(numbered, deps(async () => v('1.8')))).lastError?.message).toMatch(/older than/);
  });

  it('refuses to fetch without a URL or from a plain-http host', async () => {
    const d = deps(async () => respond(exampleText));
    expect((await syncFromUrl(emptyPolicyState(), d)).lastError?.message).toBe('No policy URL is set');
    const http = await syncFromUrl({ ...emptyPolicyState(), policyUrl: 'http://firm.example/p.json' }, d);
    expect(http.lastError?.message).toMatch(/must start with https/);
    expect(d.calls).not.toHaveBeenCalled();
  });
});

describe('signed policies', () => {
  async function signer() {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    const sign = async (payload: string, header: object = { alg: 'EdDSA' }) => {
      const enc = (s: string) => base64UrlEncode(new TextEncoder().encode(s));
      const input = `${enc(JSON.stringify(header))}.${enc(payload)}`;
      const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(input)));
      return `${input}.${base64UrlEncode(sig)}`;
    };
    return { key: base64UrlEncode(raw), sign };
  }

  it('applies a policy signed with the firm key', async () => {
    const { key, sign } = await signer();
    const jws = await sign(exampleText);
    const state = { ...emptyPolicyState(), policyUrl: URL_, signingKey: key };
    const after = await syncFromUrl(state, deps(async () => respond(jws, { headers: { 'Content-Type': 'application/jose' } })));
    expect(after.lastError).toBeNull();
    expect(after.policy?.firm.name).toBe('Harbor & Pine CPAs');
  });

  it('refuses plain JSON and a wrong signature when a key is set', async () => {
    const firm = await signer();
    const other = await signer();
    const state = { ...emptyPolicyState(), policyUrl: URL_, signingKey: firm.key };
    const plain = await syncFromUrl(state, deps(async () => respond(exampleText)));
    expect(plain.policy).toBeNull();
    expect(plain.lastError?.message).toBe(
      'Policy refused: it is not signed, and your organisation accepts only signed policies',
    );
    const forged = await syncFromUrl(state, deps(async () => respond(await other.sign(exampleText))));
    expect(forged.policy).toBeNull();
    expect(forged.lastError?.message).toBe("Policy refused: the signature does not match the firm's signing key");
  });

  it('imports a signed policy file the same way', async () => {
    const { key, sign } = await signer();
    const state = { ...emptyPolicyState(), signingKey: key };
    expect((await importPolicyText(state, exampleText, 'policy.json', NOW)).policy).toBeNull();
    expect((await importPolicyText(state, await sign(exampleText), 'policy.jws', NOW)).policy?.policyVersion).toBe(
      '2026-11-01',
    );
  });
});

describe('importPolicyText', () => {
  it('applies a valid file as the source "file" and forgets the URL ETag', async () => {
    const before = await goodState();
    const after = await importPolicyText(before, exampleText, 'policy.json', NOW);
    expect(after).toMatchObject({ source: 'file', etag: null, lastSuccessAt: NOW, lastError: null });
  });

  it('keeps the last good policy when the file is invalid', async () => {
    const before = await goodState();
    const j = example();
    j.staff[0].role = 'intern';
    const after = await importPolicyText(before, JSON.stringify(j), 'policy.json', NOW);
    expect(after.policy).toEqual(before.policy);
    expect(after.source).toBe('url');
    expect(after.lastError?.message).toBe('Policy refused: staff[0].role: unknown role "intern"');
  });
});

describe('every problem of a refused policy', () => {
  it('keeps each problem with the refusal, not only the first three the message names', async () => {
    const before = await goodState();
    const j = example();
    for (const role of j.roles) role.perIncident = -1;
    j.staff[0].role = 'intern';
    const d = deps(async () => respond(JSON.stringify(j)));
    const after = await syncFromUrl(before, d);
    expect(after.policy).toEqual(before.policy);
    expect(after.lastError?.message).toMatch(/^Policy refused: .* \(and 2 more\)$/);
    expect(after.lastError?.issues).toEqual([
      'roles[0].perIncident: must not be negative',
      'roles[1].perIncident: must not be negative',
      'roles[2].perIncident: must not be negative',
      'roles[3].perIncident: must not be negative',
      'staff[0].role: unknown role "intern"',
    ]);
  });

  it('names no problems for a refusal that is not about the policy\'s fields', async () => {
    const after = await syncFromUrl(await goodState(), deps(async () => respond('nope', { status: 500 })));
    expect(after.lastError?.issues).toBeUndefined();
  });
});
