import { describe, expect, it, vi } from 'vitest';
import { emptyPolicyState, importPolicyText, syncFromUrl } from '@/utils/policy/sync';
import type { PolicyState } from '@/utils/policy/types';
import { base64UrlEncode, example, exampleText } from '../policy/helpers';

// Drill: what a hostile or compromised policy server, or a careless key, can do to the policy in
// force. Redirects: each hop is checked before it is requested, so no request ever reaches a refused
// target. Keys: the eight small-order Ed25519 points (and their non-canonical spellings) are refused
// as signing keys, since with them a forged all-but-zero signature verifies for any policy.

const START = 'https://policy.firm.example/policy.json';
const NOW = Date.UTC(2026, 10, 2, 9, 0);
const enc = (s: string) => base64UrlEncode(new TextEncoder().encode(s));
const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));

/** A web of servers: each URL answers with a redirect or the policy. Redirects are followed like a
 * browser's fetch does when asked to (`redirect: 'follow'`), so a fetch that trusts the browser
 * reaches the target; every request made is recorded. */
function servers(routes: Record<string, string>) {
  const requested: string[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let url = String(input);
    for (let hops = 0; hops < 20; hops++) {
      requested.push(url);
      const location = routes[url];
      if (location === undefined) {
        return new Response(exampleText, { status: 200, headers: { 'Content-Type': 'application/json' } });
      }
      if (init?.redirect !== 'follow') return new Response(null, { status: 302, headers: { Location: location } });
      url = new URL(location, url).href;
    }
    throw new TypeError('Failed to fetch: too many redirects');
  };
  return { fetch: fetchImpl as typeof fetch, requested };
}

describe('drill: policy server redirects', () => {
  // Each chain starts at the https policy URL; the last hop is what a hostile server aims at.
  const refused: { name: string; routes: Record<string, string>; target: string }[] = [
    { name: 'to http://localhost', routes: { [START]: 'http://localhost:8080/admin/reset' }, target: 'http://localhost:8080/admin/reset' },
    { name: 'to http://127.0.0.1', routes: { [START]: 'http://127.0.0.1:9200/_all' }, target: 'http://127.0.0.1:9200/_all' },
    { name: 'to http://[::1]', routes: { [START]: 'http://[::1]:631/' }, target: 'http://[::1]:631/' },
    { name: 'to https://localhost', routes: { [START]: 'https://localhost:8443/' }, target: 'https://localhost:8443/' },
    { name: 'to plain http elsewhere', routes: { [START]: 'http://policy.firm.example/policy.json' }, target: 'http://policy.firm.example/policy.json' },
    { name: 'to https://localhost. (trailing dot)', routes: { [START]: 'https://localhost.:8443/' }, target: 'https://localhost.:8443/' },
    { name: 'to https://127.1', routes: { [START]: 'https://127.1/' }, target: 'https://127.0.0.1/' },
    { name: 'to https://[::ffff:127.0.0.1]', routes: { [START]: 'https://[::ffff:127.0.0.1]/' }, target: 'https://[::ffff:7f00:1]/' },
    { name: 'to https://0.0.0.0', routes: { [START]: 'https://0.0.0.0:9000/' }, target: 'https://0.0.0.0:9000/' },
    { name: 'to file:', routes: { [START]: 'file:///etc/passwd' }, target: 'file:///etc/passwd' },
    {
      name: 'three https hops, then localhost',
      routes: {
        [START]: 'https://a.example/1',
        'https://a.example/1': 'https://b.example/2',
        'https://b.example/2': 'https://c.example/3',
        'https://c.example/3': 'http://localhost:3000/',
      },
      target: 'http://localhost:3000/',
    },
    {
      name: 'six https hops',
      routes: Object.fromEntries(
        [START, ...[1, 2, 3, 4, 5].map((n) => `https://hop.example/${n}`)].map((from, i) => [from, `https://hop.example/${i + 1}`]),
      ),
      target: 'https://hop.example/6',
    },
  ];

  it('checks every hop before following it, and never requests a refused target', async () => {
    let tried = 0;
    let refusedCount = 0;
    let targetsRequested = 0;
    let keptPolicy = 0;
    const before: PolicyState = { ...(await importPolicyText(emptyPolicyState(), exampleText, 'p.json', NOW - 1)), policyUrl: START };
    for (const chain of refused) {
      tried++;
      const web = servers(chain.routes);
      const after = await syncFromUrl(before, { fetch: web.fetch, now: () => NOW });
      if (after.lastError?.message.startsWith('Policy refused: the policy URL redirect')) refusedCount++;
      else expect.fail(`${chain.name}: ${after.lastError?.message ?? 'accepted'}`);
      if (web.requested.includes(chain.target)) targetsRequested++;
      if (after.policy === before.policy) keptPolicy++;
    }

    // An https-only chain within the limit is still followed, hop by hop.
    const fine = servers({ [START]: 'https://cdn.firm.example/p.json', 'https://cdn.firm.example/p.json': 'https://cdn2.firm.example/p.json' });
    const followed = await syncFromUrl({ ...emptyPolicyState(), policyUrl: START }, { fetch: fine.fetch, now: () => NOW });
    expect(followed.lastError).toBeNull();
    expect(fine.requested).toEqual([START, 'https://cdn.firm.example/p.json', 'https://cdn2.firm.example/p.json']);

    // A browser hides a redirect's target from scripts: such a redirect is refused, not followed blind.
    const opaque = Object.assign(new Response(null, { status: 200 }), {});
    Object.defineProperty(opaque, 'type', { value: 'opaqueredirect' });
    Object.defineProperty(opaque, 'status', { value: 0 });
    const blind = await syncFromUrl(before, { fetch: (async () => opaque) as typeof fetch, now: () => NOW });
    expect(blind.lastError?.message).toMatch(/redirects to an address the extension cannot check/);
    expect(blind.policy).toBe(before.policy);

    console.log(
      `policy redirects: ${tried} hostile redirect chains, ${refusedCount} refused, ${targetsRequested} refused targets requested, ` +
        `${keptPolicy} kept the policy in force; 1 https chain of 2 hops followed; 1 opaque browser redirect refused`,
    );
    expect(refusedCount).toBe(tried);
    expect(targetsRequested).toBe(0);
    expect(keptPolicy).toBe(tried);
  });
});

describe('drill: weak signing keys', () => {
  // The eight small-order points, canonically encoded (as listed by libsodium and RFC 8032 errata),
  // then non-canonical spellings of the same points (y ≥ p, or the sign bit set on x = 0).
  const canonical = [
    '0100000000000000000000000000000000000000000000000000000000000000',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0000000000000000000000000000000000000000000000000000000000000080',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  ];
  const nonCanonical = [
    '0100000000000000000000000000000000000000000000000000000000000080',
    'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  ];

  it('refuses every small-order key, so no forged signature can pass', async () => {
    const forged = example();
    forged.policyVersion = '2099-01-01';
    for (const role of forged.roles) {
      role.perIncident = 99_999_999;
      role.perClientPerYear = 99_999_999;
    }
    const headerAndPayload = `${enc(JSON.stringify({ alg: 'EdDSA' }))}.${enc(JSON.stringify(forged))}`;
    let keys = 0;
    let forgeries = 0;
    let accepted = 0;
    let refusedAsWeak = 0;
    for (const key of [...canonical, ...nonCanonical]) {
      keys++;
      let weak = false;
      // R = each small-order point, S = 0: what verifies under a small-order key for any payload.
      for (const r of canonical) {
        forgeries++;
        const signature = new Uint8Array(64);
        signature.set(hex(r), 0);
        const token = `${headerAndPayload}.${base64UrlEncode(signature)}`;
        const state = { ...emptyPolicyState(), signingKey: base64UrlEncode(hex(key)) };
        const after = await importPolicyText(state, token, 'forged.jws', NOW);
        if (after.policy) accepted++;
        if (after.lastError?.message.includes('weak Ed25519 key')) weak = true;
      }
      if (weak) refusedAsWeak++;
    }
    console.log(
      `weak signing keys: ${keys} small-order keys (${canonical.length} canonical, ${nonCanonical.length} non-canonical), ` +
        `${forgeries} forged signatures, ${accepted} accepted, ${refusedAsWeak} keys refused as weak`,
    );
    expect(accepted).toBe(0);
    expect(refusedAsWeak).toBe(keys);
  });
});

describe('drill: the policy in force under a changed signing rule', () => {
  it('drops what the key in force did not verify, fails closed when managed storage cannot be read, and takes a version only once', async () => {
    const { makePolicyService } = await import('@/entrypoints/background/policy-service');
    const { handlers: policyHandlers, currentPolicy, start: startPolicySync } = makePolicyService({
      fetch: (input, init) => fetch(input, init),
      config: (await import('@/utils/config-store')).openConfigStore(),
    });
    const { fakeBrowser } = await import('wxt/testing');
    const { generateSigningKeys } = await import('@/scripts/policy-keygen');
    const { signPolicy } = await import('@/scripts/policy-sign');
    const sender = {} as never;
    startPolicySync();
    const sign = (policy: object, privateJwk: string) => {
      const signed = signPolicy(JSON.stringify(policy), privateJwk);
      if (!signed.ok) throw new Error(signed.errors.join('\n'));
      return signed.token;
    };
    const setManaged = async (values: Record<string, unknown>) => {
      await fakeBrowser.storage.managed.clear();
      await fakeBrowser.storage.managed.set(values);
      await new Promise((r) => setTimeout(r, 0));
    };
    const uncapped = () => {
      const p = example();
      p.policyVersion = '9999-12-31';
      for (const role of p.roles) {
        role.perIncident = 99_999_999;
        role.perClientPerYear = 99_999_999;
      }
      return p;
    };
    let attacks = 0;
    let unverifiedInForce = 0;
    let signedRefusedAsOlder = 0;
    let changedUnderSameVersion = 0;
    let changedWhileUnreadable = 0;

    // 1. Before IT sets a key, an uncapped policy numbered 9999-12-31 is imported unsigned.
    attacks++;
    await policyHandlers.importPolicy({ text: JSON.stringify(uncapped()), fileName: 'policy.json' }, sender);
    const firm = generateSigningKeys();
    await setManaged({ policySigningKey: firm.publicRaw });
    if ((await currentPolicy()) !== null) unverifiedInForce++;
    // The firm's correctly signed policy is not "older" than the dropped one.
    const signed = await policyHandlers.importPolicy({ text: sign(example(), firm.privateJwk), fileName: 'policy.jws' }, sender);
    if (signed.lastError?.message.includes('older')) signedRefusedAsOlder++;
    expect(signed.policy?.policyVersion).toBe('2026-11-01');

    // 2. The same version again, signed but with other caps: refused; the same policy again: fine.
    attacks++;
    const raised = example();
    raised.roles[0].perIncident = 5_000_000;
    const same = await policyHandlers.importPolicy({ text: sign(raised, firm.privateJwk), fileName: 'policy.jws' }, sender);
    if (same.policy?.roles[0]?.perIncident !== example().roles[0].perIncident * 100) changedUnderSameVersion++;
    expect(same.lastError?.message).toMatch(/is the one in force, but this policy differs/);
    const again = await policyHandlers.importPolicy({ text: sign(example(), firm.privateJwk), fileName: 'policy.jws' }, sender);
    expect(again.lastError).toBeNull();

    // 3. Managed storage cannot be read for a while: not taken as "no key".
    const get = vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('IO error: managed storage'));
    await fakeBrowser.storage.onChanged.trigger({}, 'managed');
    for (const attempt of [
      () => policyHandlers.importPolicy({ text: JSON.stringify(uncapped()), fileName: 'policy.json' }, sender),
      () => policyHandlers.setPolicyUrl({ url: 'https://evil.example/policy.json' }, sender),
    ]) {
      attacks++;
      await Promise.resolve(attempt()).catch(() => undefined);
      const policy = await currentPolicy();
      if (policy?.policyVersion !== '2026-11-01') changedWhileUnreadable++;
    }
    const state = await policyHandlers.getPolicyState(undefined, sender);
    expect(state.signingKey).toBe(firm.publicRaw);
    expect(state.policyUrl).toBeNull();
    get.mockRestore();
    await fakeBrowser.storage.onChanged.trigger({}, 'managed');

    // 4. IT replaces the key: the policy the old key verified stops counting; the new key's is taken.
    attacks++;
    const next = generateSigningKeys();
    await setManaged({ policySigningKey: next.publicRaw });
    if ((await currentPolicy()) !== null) unverifiedInForce++;
    const rotated = await policyHandlers.importPolicy({ text: sign(example(), next.privateJwk), fileName: 'policy.jws' }, sender);
    if (rotated.lastError?.message.includes('older')) signedRefusedAsOlder++;
    expect(rotated.policy?.policyVersion).toBe('2026-11-01');

    console.log(
      `signing rule: ${attacks} attacks on the policy in force; ${unverifiedInForce} unverified policies still in force after a key change, ` +
        `${signedRefusedAsOlder} signed policies refused as older, ${changedUnderSameVersion} changed under the same version, ` +
        `${changedWhileUnreadable} changes while managed storage was unreadable`,
    );
    expect(unverifiedInForce).toBe(0);
    expect(signedRefusedAsOlder).toBe(0);
    expect(changedUnderSameVersion).toBe(0);
    expect(changedWhileUnreadable).toBe(0);
  });
});
