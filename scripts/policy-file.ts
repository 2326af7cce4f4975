import { readFile } from 'node:fs/promises';
import { errorText } from '../utils/error-text';
import { looksLikeJws, verifyCompactJws } from '../utils/policy/jws';
import { checkPolicyUrl } from '../utils/policy/sync';
import { t } from '../utils/i18n';

// How the admin tools (policy:check, policy:sign, ledger:setup) read a policy: a .json file, or the
// .jws that policy:sign writes, verified with `--key <public key>` exactly as the extension verifies
// it when IT sets policySigningKey (utils/policy/jws.ts is the one verifier).

export interface PublicKey {
  /** The key as policySigningKey takes it: JWK JSON or base64url of the 32 raw bytes. */
  text: string;
  /** How messages name it: the file, or "the key given". */
  name: string;
}

export interface ToolArgs {
  positional: string[];
  /** What followed --key, when given. */
  key?: string;
  /** Why the arguments cannot be used, when they cannot. */
  problem?: string;
}

/** The arguments with `--key <file>` (or `--key=<file>`) taken out. */
export function toolArgs(args: readonly string[]): ToolArgs {
  const positional: string[] = [];
  let key: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--key') {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) return { positional, problem: t('pcKeyMissing') };
      key = next;
      i++;
    } else if (arg.startsWith('--key=')) {
      key = arg.slice('--key='.length);
      if (!key) return { positional, problem: t('pcKeyMissing') };
    } else positional.push(arg);
  }
  return key === undefined ? { positional } : { positional, key };
}

/** Whether a key's text holds a private part: a JWK with "d", or a PEM private key. */
export function isPrivateKeyText(text: string): boolean {
  const trimmed = text.trim();
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(trimmed)) return true;
  if (!trimmed.startsWith('{')) return false;
  try {
    const jwk = JSON.parse(trimmed) as { d?: unknown };
    return typeof jwk === 'object' && jwk !== null && jwk.d !== undefined;
  } catch {
    return false;
  }
}

/** Whether a text is a key as policy:keygen writes or prints it (either half), rather than a policy. */
export function looksLikeKey(text: string): boolean {
  const trimmed = text.trim();
  if (/^-----BEGIN [A-Z ]*KEY-----/.test(trimmed) || /^[A-Za-z0-9_-]{43}$/.test(trimmed)) return true;
  if (!trimmed.startsWith('{')) return false;
  try {
    const json = JSON.parse(trimmed) as { kty?: unknown };
    return typeof json === 'object' && json !== null && typeof json.kty === 'string';
  } catch {
    return false;
  }
}

/**
 * The public key after --key: a file (JWK JSON or raw base64url, as policy:keygen writes it) or the
 * value itself, as in managed storage. Throws with what to do when it is missing or a private key.
 */
export async function readPublicKey(arg: string): Promise<PublicKey> {
  let key: PublicKey;
  try {
    key = { text: (await readFile(arg, 'utf8')).trim(), name: arg };
  } catch (error) {
    if (!looksLikeKey(arg)) throw new Error(t('pcKeyNotFound', arg, errorText(error)));
    key = { text: arg.trim(), name: t('pcTheKeyGiven') };
  }
  if (isPrivateKeyText(key.text)) throw new Error(t('pcKeyIsPrivate', key.name));
  return key;
}

/** The text of a policy file, or of the policy at an https: URL. */
export async function readPolicySource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const problem = checkPolicyUrl(source);
    if (problem) throw new Error(problem);
    const response = await fetch(source, { headers: { Accept: 'application/json, application/jose' } });
    if (!response.ok) throw new Error(t('pcServerAnswered', String(response.status)));
    return response.text();
  }
  return readFile(source, 'utf8');
}

/** `verifiedWith`: how the key that verified a signed policy is named; absent for plain JSON. */
export type OpenedPolicy = { ok: true; text: string; verifiedWith?: string } | { ok: false; error: string };

/**
 * A policy's JSON text as the extension would take it: plain JSON, or the payload of a compact JWS
 * that verifies with `key`. A signed policy without a key, one the key does not verify, and a plain
 * one when a key is given (the extension with that key would refuse it) are refused with what to do.
 */
export async function openPolicyText(text: string, source: string, key: PublicKey | undefined): Promise<OpenedPolicy> {
  if (!looksLikeJws(text)) {
    if (/\.jws$/i.test(source)) return { ok: false, error: t('pcNotJws', source, t('jwsNotCompact')) };
    if (key) return { ok: false, error: t('pcNotSigned', source) };
    return { ok: true, text };
  }
  if (!key) return { ok: false, error: t('pcJwsNeedsKey', source) };
  const verified = await verifyCompactJws(text, key.text);
  if (!verified.ok) return { ok: false, error: t('pcJwsNotVerified', source, key.name, verified.error) };
  return { ok: true, text: verified.payload, verifiedWith: key.name };
}

/** Reads and opens a policy in one step: the file or URL, the --key if any. */
export async function loadPolicyText(source: string, keyArg: string | undefined): Promise<OpenedPolicy> {
  let key: PublicKey | undefined;
  if (keyArg !== undefined) {
    try {
      key = await readPublicKey(keyArg);
    } catch (error) {
      return { ok: false, error: errorText(error) };
    }
  }
  let text: string;
  try {
    text = await readPolicySource(source);
  } catch (error) {
    return { ok: false, error: t('couldNotRead', source, errorText(error)) };
  }
  return openPolicyText(text, source, key);
}
