import { describe, expect, it } from 'vitest';
import { verifyCompactJws } from '@/utils/policy/jws';
import { base64UrlEncode } from './helpers';

const enc = (s: string) => base64UrlEncode(new TextEncoder().encode(s));

async function keyPair() {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const raw = base64UrlEncode(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  const sign = async (payload: string, header: object = { alg: 'EdDSA', typ: 'JWT' }) => {
    const input = `${enc(JSON.stringify(header))}.${enc(payload)}`;
    const sig = await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(input));
    return `${input}.${base64UrlEncode(new Uint8Array(sig))}`;
  };
  return { jwk: JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }), raw, sign };
}

describe('verifyCompactJws', () => {
  it('returns the payload for a key given as base64url or as JWK', async () => {
    const { jwk, raw, sign } = await keyPair();
    const token = await sign('{"hello":"wörld"}');
    expect(await verifyCompactJws(token, raw)).toEqual({ ok: true, payload: '{"hello":"wörld"}' });
    expect(await verifyCompactJws(token, jwk)).toEqual({ ok: true, payload: '{"hello":"wörld"}' });
  });

  it('refuses a changed payload', async () => {
    const { raw, sign } = await keyPair();
    const [h, , s] = (await sign('{"limit":25}')).split('.');
    expect(await verifyCompactJws(`${h}.${enc('{"limit":2500}')}.${s}`, raw)).toEqual({
      ok: false,
      error: "the signature does not match the firm's signing key",
    });
  });

  it('refuses another algorithm, whatever the signature', async () => {
    const { raw, sign } = await keyPair();
    const none = `${enc(JSON.stringify({ alg: 'none' }))}.${enc('{}')}.`;
    expect(await verifyCompactJws(none, raw)).toEqual({ ok: false, error: 'the JWS must use "alg": "EdDSA", not "none"' });
    const hs = await sign('{}', { alg: 'HS256' });
    expect((await verifyCompactJws(hs, raw)).ok).toBe(false);
  });

  it('explains malformed tokens and keys', async () => {
    const { raw, sign } = await keyPair();
    expect(await verifyCompactJws('a.b', raw)).toEqual({
      ok: false,
      error: 'not a compact JWS (expected header.payload.signature)',
    });
    const token = await sign('{}');
    expect(await verifyCompactJws(token, 'c2hvcnQ')).toEqual({
      ok: false,
      error: 'the signing key must be 32 bytes of Ed25519 public key',
    });
    expect(await verifyCompactJws(token, '{"kty":"RSA"}')).toEqual({
      ok: false,
      error: 'the signing key must be an Ed25519 public key (kty "OKP", crv "Ed25519")',
    });
  });
});
