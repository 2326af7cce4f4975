import { t } from '../i18n';

// The firm's policy signing key as IT sets it in managed storage, read once and judged whole: a key
// that is set but cannot be used is a problem to fix, never "no key" (that would accept unsigned
// policies). Two forms, as `policy:keygen` prints them: `policySigningKey`, text (base64url of the
// 32 raw bytes, or the JWK as JSON text), and `policySigningKeyJwk`, the JWK as an object (a browser's
// managed schema gives each setting one type, so the object form has a name of its own).

export type ManagedSigningKey =
  /** `key`: null when IT requires no signature. */
  | { key: string | null; problem: null }
  /** Set but unusable: every policy is refused until IT fixes it. */
  | { key: null; problem: string };

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

// The Ed25519 field prime and the y-coordinates of the eight points of small order (the identity,
// the point of order 2, two of order 4, four of order 8). With such a key a forged signature (R a
// small-order point, S = 0) verifies for any payload, so they are refused as keys. Comparing y mod p
// with either sign bit also catches their non-canonical encodings.
const P = 2n ** 255n - 19n;
const ORDER_8_Y = 0x05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826n;
const SMALL_ORDER_Y = new Set([0n, 1n, P - 1n, ORDER_8_Y, P - ORDER_8_Y]);

function isSmallOrderPoint(raw: Uint8Array): boolean {
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? raw[i]! & 0x7f : raw[i]!);
  return SMALL_ORDER_Y.has(y % P);
}

/** The key's 32 raw bytes from a JWK object, or why it is not an Ed25519 public key. */
function jwkBytes(jwk: Record<string, unknown>): Uint8Array<ArrayBuffer> | string {
  if (jwk.d !== undefined) return t('signingKeyPrivate');
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return t('jwsKeyNotEd25519');
  return rawBytes(base64UrlDecode(jwk.x));
}

function rawBytes(raw: Uint8Array<ArrayBuffer> | null): Uint8Array<ArrayBuffer> | string {
  if (!raw || raw.length !== 32) return t('jwsKeyLength');
  if (isSmallOrderPoint(raw)) return t('jwsKeyWeak');
  return raw;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The signing key as an admin writes it — JWK JSON ({"kty":"OKP","crv":"Ed25519","x":…}) or base64url
 * of 32 raw bytes — as its raw bytes, or why it cannot be used.
 */
export function signingKeyBytes(key: string): Uint8Array<ArrayBuffer> | string {
  const text = key.trim();
  if (!text.startsWith('{')) return rawBytes(base64UrlDecode(text));
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    return t('jwsKeyNotJson');
  }
  return isPlainObject(jwk) ? jwkBytes(jwk) : t('jwsKeyNotEd25519');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * What IT set as `policySigningKey` (`text`) and `policySigningKeyJwk` (`jwk`), as read from managed
 * storage: the key to verify policies with (as text `verifyCompactJws` reads), no key when neither is
 * set, or the problem when either is set but cannot be used.
 */
export function managedSigningKey(text: unknown, jwk: unknown): ManagedSigningKey {
  let fromText: { key: string; bytes: Uint8Array } | null = null;
  let fromJwk: { key: string; bytes: Uint8Array } | null = null;
  if (text !== undefined) {
    if (typeof text !== 'string') return { key: null, problem: t('signingKeyNotText', 'policySigningKey') };
    if (!text.trim()) return { key: null, problem: t('signingKeyEmpty', 'policySigningKey') };
    const bytes = signingKeyBytes(text);
    if (typeof bytes === 'string') return { key: null, problem: `policySigningKey: ${bytes}` };
    fromText = { key: text.trim(), bytes };
  }
  if (jwk !== undefined) {
    // Some browsers (and IT writing JSON by hand) give the object as its JSON text.
    const value: unknown = typeof jwk === 'string' && jwk.trim().startsWith('{') ? safeParse(jwk) : jwk;
    if (!isPlainObject(value)) return { key: null, problem: t('signingKeyNotObject', 'policySigningKeyJwk') };
    const bytes = jwkBytes(value);
    if (typeof bytes === 'string') return { key: null, problem: `policySigningKeyJwk: ${bytes}` };
    fromJwk = { key: JSON.stringify({ kty: value.kty, crv: value.crv, x: value.x }), bytes };
  }
  if (fromText && fromJwk && !sameBytes(fromText.bytes, fromJwk.bytes)) {
    return { key: null, problem: t('signingKeyTwo') };
  }
  return { key: (fromText ?? fromJwk)?.key ?? null, problem: null };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
