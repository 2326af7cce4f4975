import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyCompactJws } from '@/utils/policy/jws';
import { parsePolicyText } from '@/utils/policy/parse';
import { emptyPolicyState, importPolicyText } from '@/utils/policy/sync';
import { generateSigningKeys, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '@/scripts/policy-keygen';
import { signPolicy } from '@/scripts/policy-sign';
import { example, exampleText } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '../../..');

// policy:keygen and policy:sign produce what the extension's verifier accepts.

let folder: string | null = null;
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = null;
});

describe('signing a policy', () => {
  it('produces a compact JWS the extension verifies with either form of the public key', async () => {
    const keys = generateSigningKeys();
    const signed = signPolicy(exampleText, keys.privateJwk);
    if (!signed.ok) throw new Error(signed.errors.join('\n'));
    for (const publicKey of [keys.publicRaw, keys.publicJwk]) {
      const verified = await verifyCompactJws(signed.token, publicKey);
      expect(verified).toEqual({ ok: true, payload: exampleText });
    }
    const state = await importPolicyText({ ...emptyPolicyState(), signingKey: keys.publicRaw }, signed.token, 'policy.jws', 1);
    expect(state.lastError).toBeNull();
    expect(state.policy).toEqual((parsePolicyText(exampleText) as { ok: true; policy: unknown }).policy);
  });

  it('does not verify with another firm’s key', async () => {
    const signed = signPolicy(exampleText, generateSigningKeys().privateJwk);
    if (!signed.ok) throw new Error('expected a token');
    expect(await verifyCompactJws(signed.token, generateSigningKeys().publicRaw)).toEqual({
      ok: false,
      error: "the signature does not match the firm's signing key",
    });
  });

  it('refuses to sign a policy that does not validate, naming each problem', () => {
    const broken = example();
    broken.roles[0].perIncident = -5;
    expect(signPolicy(JSON.stringify(broken), generateSigningKeys().privateJwk)).toEqual({
      ok: false,
      errors: ['roles[0].perIncident: must not be negative'],
    });
  });

  it('refuses the public key, in either form, saying to sign with the private key file', () => {
    const keys = generateSigningKeys();
    for (const publicKey of [keys.publicJwk, keys.publicRaw]) {
      expect(signPolicy(exampleText, publicKey)).toEqual({
        ok: false,
        errors: [
          `Could not sign with this key: this is the public key, which verifies; sign with the private key file ${PRIVATE_KEY_FILE} that npm run policy:keygen wrote next to it`,
        ],
      });
    }
  });

  it('refuses a key that is not an Ed25519 private key', () => {
    const { privateKey } = generateKeyPairSync('x25519');
    const result = signPolicy(exampleText, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatch(/^Could not sign with this key: the private key is x25519, not Ed25519/);
  });

  it('works from the command line: keygen writes the pair, sign writes policy.jws beside the policy', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'mir-sign-'));
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const printed = execFileSync(tsx, [path.join(ROOT, 'scripts/policy-keygen.ts'), folder], { encoding: 'utf8' });
    const publicJwk = readFileSync(path.join(folder, PUBLIC_KEY_FILE), 'utf8').trim();
    expect(printed).toContain(publicJwk);
    const policyPath = path.join(folder, 'policy.json');
    writeFileSync(policyPath, exampleText);
    execFileSync(tsx, [path.join(ROOT, 'scripts/policy-sign.ts'), policyPath, path.join(folder, PRIVATE_KEY_FILE)]);
    const token = readFileSync(path.join(folder, 'policy.jws'), 'utf8');
    expect(await verifyCompactJws(token, publicJwk)).toEqual({ ok: true, payload: exampleText });
    // A second keygen must not replace the key that signed the published policy.
    expect(() =>
      execFileSync(tsx, [path.join(ROOT, 'scripts/policy-keygen.ts'), folder!], { stdio: 'pipe' }),
    ).toThrow(/already exists/);
  }, 60_000);
});
