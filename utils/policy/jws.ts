import { t } from '../i18n';
// Signed policies: a compact JWS (header.payload.signature, base64url) signed with Ed25519
// ("alg": "EdDSA"), checked with WebCrypto against the firm's public key. Only the signature decides;
// nothing in the header can choose a different key or algorithm.

export type JwsResult = { ok: true; payload: string } | { ok: false; error: string };

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> | null {
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

/** The signing key as an admin writes it: JWK JSON ({"kty":"OKP","crv":"Ed25519","x":…}) or base64url of 32 raw bytes. */
async function importSigningKey(key: string): Promise<CryptoKey | string> {
  const text = key.trim();
  let raw: Uint8Array<ArrayBuffer> | null;
  if (text.startsWith('{')) {
    let jwk: { kty?: unknown; crv?: unknown; x?: unknown };
    try {
      jwk = JSON.parse(text) as typeof jwk;
    } catch {
      return t('jwsKeyNotJson');
    }
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
      return t('jwsKeyNotEd25519');
    }
    raw = base64UrlDecode(jwk.x);
  } else {
    raw = base64UrlDecode(text);
  }
  if (!raw || raw.length !== 32) return t('jwsKeyLength');
  if (isSmallOrderPoint(raw)) return t('jwsKeyWeak');
  try {
    return await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return t('jwsKeyUnreadable');
  }
}

/** Whether a text is shaped as a compact JWS (three base64url parts) rather than plain JSON. */
export function looksLikeJws(text: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text.trim());
}

export async function verifyCompactJws(token: string, signingKey: string): Promise<JwsResult> {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return { ok: false, error: t('jwsNotCompact') };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const headerBytes = base64UrlDecode(headerPart);
  const payloadBytes = base64UrlDecode(payloadPart);
  const signature = base64UrlDecode(signaturePart);
  if (!headerBytes || !payloadBytes || !signature) return { ok: false, error: t('jwsNotBase64') };

  let header: { alg?: unknown; crit?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(headerBytes)) as typeof header;
  } catch {
    return { ok: false, error: t('jwsHeaderNotJson') };
  }
  if (header.alg !== 'EdDSA') return { ok: false, error: t('jwsAlg', String(JSON.stringify(header.alg))) };
  if (header.crit !== undefined) return { ok: false, error: t('jwsCrit') };

  const key = await importSigningKey(signingKey);
  if (typeof key === 'string') return { ok: false, error: key };
  const signed = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
  let valid = false;
  try {
    valid = await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, signed);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, error: t('jwsBadSignature') };
  try {
    return { ok: true, payload: new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes) };
  } catch {
    return { ok: false, error: t('jwsPayloadNotText') };
  }
}
