import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID, extensionIdFromKey } from '@/scripts/extension-id';

// The extension's id is what IT names it by in managed settings: in Chrome, Chromium and Edge it
// comes from the manifest's public key, so the README's id must be the one that key gives, and the
// README's deployment paths must all name it.

const ROOT = path.resolve(import.meta.dirname, '../../..');
const config = readFileSync(path.join(ROOT, 'wxt.config.ts'), 'utf8');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function manifestKey(): string {
  const key = /EXTENSION_PUBLIC_KEY =\s*'([A-Za-z0-9+/=]+)'/.exec(config)?.[1];
  if (!key) throw new Error('wxt.config.ts has no EXTENSION_PUBLIC_KEY');
  return key;
}

/** The README's section for IT on managed settings, up to the next section of its level. */
function deploymentSection(): string {
  const start = readme.indexOf('### Deploying with managed storage');
  const end = readme.indexOf('\n### ', start + 1);
  if (start < 0 || end < 0) throw new Error('README has no "Deploying with managed storage" section');
  return readme.slice(start, end);
}

describe('the extension id', () => {
  it('is 32 letters a–p, the same for the same key, different for another', () => {
    const der = (k: ReturnType<typeof generateKeyPairSync>['publicKey']) => k.export({ type: 'spki', format: 'der' }).toString('base64');
    const one = der(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey);
    const other = der(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey);
    expect(extensionIdFromKey(one)).toMatch(/^[a-p]{32}$/);
    // The manifest's key may be wrapped across lines; the id is the key's, not its layout's.
    expect(extensionIdFromKey(one.replace(/(.{64})/g, '$1\n'))).toBe(extensionIdFromKey(one));
    expect(extensionIdFromKey(other)).not.toBe(extensionIdFromKey(one));
    expect(() => extensionIdFromKey('')).toThrow('The extension key is empty');
  });

  it('is the one the manifest key in wxt.config.ts gives', () => {
    expect(extensionIdFromKey(manifestKey())).toBe(CHROME_EXTENSION_ID);
  });

  it('is the one the README names, in every deployment path for Chrome, Chromium and Edge', () => {
    const section = deploymentSection();
    const ids = new Set(section.match(/\b[a-p]{32}\b/g) ?? []);
    expect([...ids]).toEqual([extensionIdFromKey(manifestKey())]);
    for (const place of [
      `"${CHROME_EXTENSION_ID}": {`,
      `HKLM\\Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${CHROME_EXTENSION_ID}\\policy`,
      `HKLM\\Software\\Policies\\Microsoft\\Edge\\3rdparty\\extensions\\${CHROME_EXTENSION_ID}\\policy`,
      `com.google.Chrome.extensions.${CHROME_EXTENSION_ID}`,
      `com.microsoft.Edge.extensions.${CHROME_EXTENSION_ID}`,
      `"${FIREFOX_EXTENSION_ID}": {`,
    ]) {
      expect(section, place).toContain(place);
    }
    for (const folder of ['/etc/opt/chrome/policies/managed/', '/etc/chromium/policies/managed/', '/etc/opt/edge/policies/managed/']) {
      expect(section).toContain(folder);
    }
  });

  it('in Firefox is the gecko id the manifest declares', () => {
    expect(config).toContain(`id: '${FIREFOX_EXTENSION_ID}'`);
  });
});
