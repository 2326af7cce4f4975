import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorText } from '../utils/error-text';

// For firms that require signed policies: `npm run policy:keygen -- [folder]` writes an Ed25519 key
// pair. The private key stays with whoever publishes the policy; the public key goes to IT for
// managed storage (`policySigningKey` as text, or `policySigningKeyJwk` as the JWK object). Without a
// folder the pair goes to the user's own configuration folder (defaultKeyFolder), never into the
// project, where a commit could publish it.

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

/**
 * Where keys go when no folder is given: the user's configuration folder, outside any project
 * (%APPDATA%\make-it-right on Windows, $XDG_CONFIG_HOME/make-it-right or ~/.config/make-it-right elsewhere).
 */
export function defaultKeyFolder(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'make-it-right');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'make-it-right');
}

/**
 * Writes both key files into `folder`, creating it (and its parents) when missing; refuses to
 * overwrite a private key already there. Throws with what to do instead.
 */
export function writeSigningKeys(folder: string): {
  privatePath: string;
  publicPath: string;
  keys: SigningKeys;
  created: boolean;
} {
  const created = !existsSync(folder);
  if (!created && !statSync(folder).isDirectory()) {
    throw new Error(`${folder} is a file, not a folder: give the folder the key files should go to (it is created if missing)`);
  }
  const privatePath = path.join(folder, PRIVATE_KEY_FILE);
  const publicPath = path.join(folder, PUBLIC_KEY_FILE);
  if (existsSync(privatePath)) {
    throw new Error(
      `${privatePath} already exists; move it away first (policies signed with it would no longer verify), or give another folder: npm run policy:keygen -- <folder>`,
    );
  }
  if (created) {
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new Error(`Could not create the folder ${folder} (${errorText(error)}): create it yourself, or give another folder: npm run policy:keygen -- <folder>`);
    }
  }
  const keys = generateSigningKeys();
  // 'wx': never replace a private key that appeared in between.
  writeFileSync(privatePath, `${keys.privateJwk}\n`, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicPath, `${keys.publicJwk}\n`);
  return { privatePath, publicPath, keys, created };
}

/**
 * The managed-storage entry for `policySigningKey`, as it goes into a Chrome/Chromium/Edge policy
 * file next to `policyUrl` (or Firefox's policies.json). The string form: public/managed-schema.json
 * declares the value a string, and Chromium drops a value of another type without a word.
 */
export function managedStorageEntry(keys: SigningKeys): string {
  return `"policySigningKey": ${JSON.stringify(keys.publicRaw)}`;
}

/** The command: `args` as after `npm run policy:keygen --`. */
export function runKeygen(args: readonly string[], env: Record<string, string | undefined> = process.env): { code: number; output: string } {
  if (args.length > 1) return { code: 2, output: 'Usage: npm run policy:keygen -- [folder]   (default: your configuration folder, outside the project)' };
  const folder = args[0] ?? defaultKeyFolder(env);
  try {
    const { privatePath, publicPath, keys, created } = writeSigningKeys(folder);
    return {
      code: 0,
      output: [
        ...(created ? [`Created ${folder}`] : []),
        `Private key: ${privatePath}`,
        '  Keep it secret, off the policy server and out of any repository. Sign with:',
        `  npm run policy:sign -- policy.json ${privatePath}`,
        `Public key:  ${publicPath}`,
        `  Check a signed policy with: npm run policy:check -- policy.jws --key ${publicPath}`,
        '',
        'For IT, in the managed-storage settings next to policyUrl, one of (README, Deploying with managed storage):',
        `  ${managedStorageEntry(keys)}`,
        `  "policySigningKeyJwk": ${keys.publicJwk}`,
      ].join('\n'),
    };
  } catch (error) {
    return { code: 1, output: errorText(error) };
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { code, output } = runKeygen(process.argv.slice(2));
  (code ? console.error : console.log)(output);
  process.exit(code);
}
