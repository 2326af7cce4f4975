import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Sender } from '@/utils/browser/messaging';
import { makePolicyService } from '@/entrypoints/background/policy-service';
import { openConfigStore } from '@/utils/config-store';
import { managedSigningKey } from '@/utils/policy/signing-key';
import { generateSigningKeys } from '@/scripts/policy-keygen';
import { signPolicy } from '@/scripts/policy-sign';
import { example, exampleText } from './helpers';

// The signing key IT sets in managed storage, in both forms policy:keygen prints. A key that is set
// but cannot be used must never read as "no key": that would accept unsigned policies, the very
// thing IT set it to stop.

const keys = generateSigningKeys();
const jwk = JSON.parse(keys.publicJwk) as { kty: string; crv: string; x: string };
const SMALL_ORDER = 'A'.repeat(43);

describe('the signing key IT set', () => {
  it('is none when neither setting is there', () => {
    expect(managedSigningKey(undefined, undefined)).toEqual({ key: null, problem: null });
  });

  it.each([
    ['policySigningKey, base64url', keys.publicRaw, undefined, keys.publicRaw],
    ['policySigningKey, JWK as JSON text', ` ${keys.publicJwk} `, undefined, keys.publicJwk],
    ['policySigningKeyJwk, the object', undefined, jwk, keys.publicJwk],
    ['policySigningKeyJwk with the JWK\'s optional members', undefined, { ...jwk, kid: 'firm-2026', use: 'sig' }, keys.publicJwk],
    ['both, the same key', keys.publicRaw, jwk, keys.publicRaw],
  ])('reads %s', (_what, text, object, key) => {
    expect(managedSigningKey(text, object)).toEqual({ key, problem: null });
  });

  it.each([
    ['the object under policySigningKey', jwk, undefined, 'policySigningKey must be text: the key in base64url, or the JWK as JSON text (the JWK object goes in policySigningKeyJwk)'],
    ['a number', 42, undefined, 'policySigningKey must be text'],
    ['an empty value', '  ', undefined, 'policySigningKey is empty'],
    ['text that is not JSON', '{"kty": "OKP", crv', undefined, 'policySigningKey: the signing key is not valid JSON'],
    ['text of the wrong length', 'abc', undefined, 'policySigningKey: the signing key must be 32 bytes of Ed25519 public key'],
    ['a small-order key', SMALL_ORDER, undefined, 'policySigningKey: the signing key is a weak Ed25519 key'],
    ['an RSA key', undefined, { kty: 'RSA', n: 'x', e: 'AQAB' }, 'policySigningKeyJwk: the signing key must be an Ed25519 public key'],
    ['an object it does not understand', undefined, { key: keys.publicRaw }, 'policySigningKeyJwk: the signing key must be an Ed25519 public key'],
    ['the private key', undefined, JSON.parse(keys.privateJwk), 'policySigningKeyJwk: this is the private key'],
    ['a list', undefined, [jwk], 'policySigningKeyJwk must be the JWK object'],
    ['text under policySigningKeyJwk', undefined, keys.publicRaw, 'policySigningKeyJwk must be the JWK object'],
    ['two different keys', generateSigningKeys().publicRaw, jwk, 'policySigningKey and policySigningKeyJwk name two different keys'],
  ])('is a problem, not "no key", for %s', (_what, text, object, problem) => {
    const read = managedSigningKey(text, object);
    expect(read.key).toBeNull();
    expect(read.problem).toContain(problem);
  });
});

const sender = {} as Sender;
let service: ReturnType<typeof makePolicyService>;
beforeEach(() => {
  service = makePolicyService({ fetch: (input, init) => fetch(input, init), config: openConfigStore() });
  service.start();
});

function signed(version: string): string {
  const json = example();
  json.policyVersion = version;
  const result = signPolicy(JSON.stringify(json), keys.privateJwk);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.token;
}

describe('policies under the signing key IT set', () => {
  it('the JWK object, as keygen prints it, requires signed policies', async () => {
    await fakeBrowser.storage.managed.set({ policySigningKeyJwk: jwk });
    try {
      const unsigned = await service.handlers.importPolicy({ text: exampleText, fileName: 'policy.json' }, sender);
      expect(unsigned.policy).toBeNull();
      expect(unsigned.lastError?.message).toMatch(/accepts only signed policies/);
      const accepted = await service.handlers.importPolicy({ text: signed('2026-11-02'), fileName: 'policy.jws' }, sender);
      expect(accepted.lastError).toBeNull();
      expect(accepted.policy?.policyVersion).toBe('2026-11-02');
    } finally {
      await fakeBrowser.storage.managed.clear();
    }
  });

  it.each([
    ['the JWK object under policySigningKey (as Firefox passes it)', { policySigningKey: jwk }],
    ['a number', { policySigningKey: 7 }],
    ['an empty value', { policySigningKey: '' }],
    ['text that is not JSON', { policySigningKey: '{"kty":"OKP",' }],
    ['a small-order key', { policySigningKey: SMALL_ORDER }],
    ['an object it does not understand', { policySigningKeyJwk: { publicKey: keys.publicRaw } }],
  ])('%s refuses every policy, the one in force too, and says why', async (_what, managed) => {
    await service.handlers.importPolicy({ text: exampleText, fileName: 'policy.json' }, sender);
    expect((await service.currentPolicy())?.policyVersion).toBe('2026-11-01');
    await fakeBrowser.storage.managed.set(managed);
    try {
      const state = await service.handlers.getPolicyState(undefined, sender);
      expect(state.policy).toBeNull();
      expect(await service.currentPolicy()).toBeNull();
      expect(state.signingKeyProblem).toBeTruthy();
      const sentence = `Your organisation set a policy signing key that cannot be read: ${state.signingKeyProblem}. Policies are refused until IT fixes it.`;
      expect(state.lastError?.message).toBe(sentence);
      for (const text of [exampleText, signed('2026-11-03')]) {
        const after = await service.handlers.importPolicy({ text, fileName: 'policy' }, sender);
        expect(after.policy).toBeNull();
        expect(after.lastError?.message).toBe(sentence);
      }
    } finally {
      await fakeBrowser.storage.managed.clear();
    }
    // Fixed (here: removed), an unsigned policy is accepted again.
    const fixed = await service.handlers.importPolicy({ text: exampleText, fileName: 'policy.json' }, sender);
    expect(fixed.policy?.policyVersion).toBe('2026-11-01');
  });
});
