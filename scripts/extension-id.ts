import { createHash } from 'node:crypto';

// A Chromium extension's id is derived from its public key: the first 128 bits of the SHA-256 of the
// key (DER SubjectPublicKeyInfo, as the manifest's `key` holds it in base64), each hex digit 0–f
// written as a letter a–p. Chrome, Chromium and Edge compute it so; IT names the extension by it in
// managed settings (README, *Deploying with managed storage*).

/** The id Chrome, Chromium and Edge give an extension whose manifest `key` is `base64Key`. */
export function extensionIdFromKey(base64Key: string): string {
  const der = Buffer.from(base64Key.replace(/\s+/g, ''), 'base64');
  if (der.length === 0) throw new Error('The extension key is empty: expected the base64 public key from the manifest');
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

/** Make It Right's id in Chrome, Chromium and Edge, from the key in wxt.config.ts. */
export const CHROME_EXTENSION_ID = 'boagoeikemdokejgaplhhfiljmahpfha';

/** Its id in Firefox, from the manifest's gecko settings. */
export const FIREFOX_EXTENSION_ID = 'make-it-right@makeitright.app';
