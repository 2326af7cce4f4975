import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { formatPolicyIssue, parsePolicyText } from '../utils/policy/parse';
import { setTranslator } from '../utils/i18n';
import { languageFromEnv, tableTranslator } from '../utils/i18n/tables';

// `npm run policy:sign -- <policy.json> <private key>` writes <policy>.jws: the compact JWS
// (EdDSA over Ed25519) whose payload is the policy file exactly as written, which the extension
// verifies when IT sets `policySigningKey`. A policy that does not validate is never signed.

const base64Url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** A private key as policy:keygen writes it (JWK JSON) or as PKCS#8 PEM. */
function readPrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('{')
    ? createPrivateKey({ key: JSON.parse(trimmed) as import('node:crypto').JsonWebKey, format: 'jwk' })
    : createPrivateKey(trimmed);
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the private key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  }
  return key;
}

export type SignResult = { ok: true; token: string } | { ok: false; errors: string[] };

export function signPolicy(policyText: string, privateKeyText: string): SignResult {
  const parsed = parsePolicyText(policyText);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map(formatPolicyIssue) };
  let key: KeyObject;
  try {
    key = readPrivateKey(privateKeyText);
  } catch (error) {
    return { ok: false, errors: [`Could not read the private key: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const input = `${base64Url(JSON.stringify({ alg: 'EdDSA' }))}.${base64Url(policyText)}`;
  const signature = sign(null, Buffer.from(input), key);
  return { ok: true, token: `${input}.${base64Url(signature)}` };
}

/** policy.json → policy.jws (or <file>.jws for other names). */
export function jwsPathFor(policyPath: string): string {
  return policyPath.replace(/\.json$/i, '') + '.jws';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The policy's problems in English, or in the language of LANG when the extension has it.
  setTranslator(tableTranslator(languageFromEnv(process.env)));
  const [policyPath, keyPath] = process.argv.slice(2);
  if (!policyPath || !keyPath) {
    console.error('Usage: npm run policy:sign -- <policy.json> <policy-signing.private.jwk>');
    process.exit(2);
  }
  let result: SignResult;
  try {
    result = signPolicy(readFileSync(policyPath, 'utf8'), readFileSync(keyPath, 'utf8'));
  } catch (error) {
    result = { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
  }
  if (!result.ok) {
    console.error([...result.errors, '', `Not signed: ${policyPath}`].join('\n'));
    process.exit(1);
  }
  const out = jwsPathFor(policyPath);
  writeFileSync(out, `${result.token}\n`);
  console.log(`Wrote ${out}: publish it at the policy URL in place of the JSON file.`);
}
