import { t } from '../i18n';
import { base64UrlDecode, signingKeyBytes } from './signing-key';
// Signed policies: a compact JWS (header.payload.signature, base64url) signed with Ed25519
// ("alg": "EdDSA"), checked with WebCrypto against the firm's public key. Only the signature decides;
// nothing in the header can choose a different key or algorithm.

export type JwsResult = { ok: true; payload: string } | { ok: false; error: string };

/** The signing key, ready for WebCrypto, or why it cannot be used. */
async function importSigningKey(key: string): Promise<CryptoKey | string> {
  const raw = signingKeyBytes(key);
  if (typeof raw === 'string') return raw;
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
