import { describe, expect, it } from 'vitest';
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
