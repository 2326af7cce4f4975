import { createPrivateKey, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorText } from '../utils/error-text';
import { formatPolicyIssue, parsePolicyText } from '../utils/policy/parse';
import { isPrivateKeyText, looksLikeKey, openPolicyText, readPublicKey, toolArgs, type PublicKey } from './policy-file';
import { PRIVATE_KEY_FILE } from './policy-keygen';
import { setTranslator } from '../utils/i18n';
import { languageFromEnv, tableTranslator } from '../utils/i18n/tables';

// `npm run policy:sign -- <policy.json> <private key>` writes <policy>.jws: the compact JWS
// (EdDSA over Ed25519) whose payload is the policy file exactly as written, which the extension
// verifies when IT sets `policySigningKey`. A policy that does not validate is never signed. A signed
// policy.jws is signed again (a new key) once `--key <its public key>` verifies it.

const base64Url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** A public key in any form policy:keygen prints or writes it. */
function isPublicKeyText(text: string): boolean {
  return looksLikeKey(text) && !isPrivateKeyText(text);
}

const PUBLIC_NOT_PRIVATE =
  `this is the public key, which verifies; sign with the private key file ${PRIVATE_KEY_FILE} that npm run policy:keygen wrote next to it`;

/** A private key as policy:keygen writes it (JWK JSON) or as PKCS#8 PEM. */
function readPrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (isPublicKeyText(trimmed)) throw new Error(PUBLIC_NOT_PRIVATE);
  if (!isPrivateKeyText(trimmed)) {
    throw new Error(`it is not a private key; give the file ${PRIVATE_KEY_FILE} that npm run policy:keygen wrote`);
  }
  let key: KeyObject;
  try {
    key = trimmed.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(trimmed) as JsonWebKey, format: 'jwk' })
      : createPrivateKey(trimmed);
  } catch (error) {
    throw new Error(`the private key cannot be read (${errorText(error)}); make a new pair with npm run policy:keygen`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the private key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519; make one with npm run policy:keygen`);
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
    return { ok: false, errors: [`Could not sign with this key: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const input = `${base64Url(JSON.stringify({ alg: 'EdDSA' }))}.${base64Url(policyText)}`;
  const signature = sign(null, Buffer.from(input), key);
  return { ok: true, token: `${input}.${base64Url(signature)}` };
}

/** policy.json → policy.jws (or <file>.jws for other names); a signed policy.jws is signed again in place. */
export function jwsPathFor(policyPath: string): string {
  return policyPath.replace(/\.(json|jws)$/i, '') + '.jws';
}

const USAGE = 'Usage: npm run policy:sign -- <policy.json or policy.jws> <policy-signing.private.jwk> [--key <public key, to verify a policy.jws>]';

/**
 * The whole command: reads the policy (.json, or a .jws verified with --key, to sign it again, e.g.
 * with a new key) and the private key, writes the .jws. Every refusal says what to do instead.
 */
export async function signPolicyFiles(args: readonly string[]): Promise<{ code: number; output: string }> {
  const parsedArgs = toolArgs(args);
  const [policyPath, keyPath, extra] = parsedArgs.positional;
  if (parsedArgs.problem) return { code: 2, output: parsedArgs.problem };
  if (!policyPath || !keyPath || extra !== undefined) return { code: 2, output: USAGE };
  const read = (file: string): string | { error: string } => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      return { error: `Could not read ${file}: ${errorText(error)}\n\n${USAGE}` };
    }
  };
  const policyFileText = read(policyPath);
  if (typeof policyFileText !== 'string') return { code: 1, output: policyFileText.error };
  const keyText = read(keyPath);
  if (typeof keyText !== 'string') return { code: 1, output: keyText.error };
  // The key first and the policy second: say so, rather than call the key an invalid policy.
  if (looksLikeKey(policyFileText)) {
    const swapped = !looksLikeKey(keyText);
    return {
      code: 2,
      output: swapped
        ? `${policyPath} is a key and ${keyPath} is not: the policy comes first, then the private key:\n  npm run policy:sign -- ${keyPath} ${policyPath}`
        : `${policyPath} is a key, not a policy: give the policy first, then the private key.\n\n${USAGE}`,
    };
  }
  let publicKey: PublicKey | undefined;
  if (parsedArgs.key !== undefined) {
    try {
      publicKey = await readPublicKey(parsedArgs.key);
    } catch (error) {
      return { code: 1, output: errorText(error) };
    }
  }
  const opened = await openPolicyText(policyFileText, policyPath, publicKey);
  if (!opened.ok) return { code: 1, output: `${opened.error}\n\nNot signed: ${policyPath}` };
  const result = signPolicy(opened.text, keyText);
  if (!result.ok) {
    const keyError = result.errors.length === 1 && result.errors[0]!.startsWith('Could not sign with this key');
    // The private key beside the public one, when policy:keygen wrote them there.
    const beside = path.join(path.dirname(keyPath), PRIVATE_KEY_FILE);
    const hint = keyError && isPublicKeyText(keyText) && existsSync(beside) ? ` (${beside})` : '';
    const errors = keyError ? [`${keyPath}: ${result.errors[0]!}${hint}`] : result.errors;
    return { code: 1, output: [...errors, '', `Not signed: ${policyPath}`].join('\n') };
  }
  const out = jwsPathFor(policyPath);
  writeFileSync(out, `${result.token}\n`);
  return { code: 0, output: `Wrote ${out}: publish it at the policy URL in place of the JSON file.` };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The policy's problems in English, or in the language of LANG when the extension has it.
  setTranslator(tableTranslator(languageFromEnv(process.env)));
  const { code, output } = await signPolicyFiles(process.argv.slice(2));
  (code ? console.error : console.log)(output);
  process.exit(code);
}
