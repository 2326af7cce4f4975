import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/policy/example.json');

export const exampleText = readFileSync(FIXTURE, 'utf8');

/** A fresh, mutable copy of the reference policy as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function example(): any {
  return JSON.parse(exampleText);
}

/** base64url without padding, for signing test policies. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
