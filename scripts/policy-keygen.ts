import { generateKeyPairSync } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// For firms that require signed policies: `npm run policy:keygen -- [folder]` writes an Ed25519 key
// pair. The private key stays with whoever publishes the policy; the public key goes to IT for
// managed storage (`policySigningKey` as text, or `policySigningKeyJwk` as the JWK object).

export const PRIVATE_KEY_FILE = 'policy-signing.private.jwk';
export const PUBLIC_KEY_FILE = 'policy-signing.public.jwk';

export interface SigningKeys {
  /** JWK JSON with the private part `d`: never publish it. */
  privateJwk: string;
  /** JWK JSON of the public key, as `policySigningKeyJwk` (an object) or `policySigningKey` (as text) accepts it. */
  publicJwk: string;
  /** The same public key as base64url of its 32 raw bytes, for `policySigningKey`. */
  publicRaw: string;
}

export function generateSigningKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'jwk' });
  const priv = privateKey.export({ format: 'jwk' });
  return {
    privateJwk: JSON.stringify({ kty: priv.kty, crv: priv.crv, x: priv.x, d: priv.d }),
    publicJwk: JSON.stringify({ kty: pub.kty, crv: pub.crv, x: pub.x }),
    publicRaw: String(pub.x),
  };
}

/** Writes both key files into `folder`; refuses to overwrite a private key already there. */
export function writeSigningKeys(folder: string): { privatePath: string; publicPath: string; keys: SigningKeys } {
  const privatePath = path.join(folder, PRIVATE_KEY_FILE);
  const publicPath = path.join(folder, PUBLIC_KEY_FILE);
  if (existsSync(privatePath)) {
    throw new Error(`${privatePath} already exists; move it away first (policies signed with it would no longer verify)`);
  }
  const keys = generateSigningKeys();
  writeFileSync(privatePath, `${keys.privateJwk}\n`, { mode: 0o600 });
  writeFileSync(publicPath, `${keys.publicJwk}\n`);
  return { privatePath, publicPath, keys };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { privatePath, publicPath, keys } = writeSigningKeys(process.argv[2] ?? '.');
    console.log(
      [
        `Private key: ${privatePath} (keep it secret; sign with npm run policy:sign -- <policy> ${privatePath})`,
        `Public key:  ${publicPath}`,
        '',
        'For IT, in managed storage, one of (README, Deploying with managed storage):',
        `  "policySigningKey": "${keys.publicRaw}"`,
        `  "policySigningKeyJwk": ${keys.publicJwk}`,
      ].join('\n'),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
