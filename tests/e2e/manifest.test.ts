import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './harness';
import { CHROME_EXTENSION_ID, extensionIdFromKey } from '../../scripts/extension-id';

// The built manifests declare what a browser needs to show the product: the side panel (Chrome) or
// sidebar (Firefox) at sidepanel.html, the options page, the background, the icons, and the schema
// IT uses for managed settings; and every file they name is in the build. (Permissions are pinned
// by the permissions drill.)

const OUT = path.resolve(ROOT, process.env.MIR_OUT_DIR ?? '.output');

interface Manifest {
  manifest_version: number;
  name: string;
  description?: string;
  default_locale?: string;
  action?: { default_title?: string };
  icons?: Record<string, string>;
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  side_panel?: { default_path: string };
  sidebar_action?: { default_panel: string; open_at_install?: boolean };
  options_ui?: { page: string; open_in_tab?: boolean };
  storage?: { managed_schema?: string };
  key?: string;
  content_scripts?: { js: string[] }[];
  browser_specific_settings?: {
    gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[] } };
    gecko_android?: { strict_min_version?: string };
  };
  permissions?: string[];
}

function readBuild(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(OUT, dir, 'manifest.json'), 'utf8')) as Manifest;
}

/** The name and description come from each locale's messages, English by default. */
function expectLocalised(m: Manifest, dir: string): void {
  expect(m.default_locale).toBe('en');
  expect(m.name).toBe('__MSG_extName__');
  expect(m.description).toBe('__MSG_extDescription__');
  for (const lang of ['en', 'fr', 'de', 'es']) {
    const messages = JSON.parse(readFileSync(path.join(OUT, dir, '_locales', lang, 'messages.json'), 'utf8')) as Record<
      string,
      { message: string }
    >;
    expect(messages.extName?.message, lang).toBe('Make It Right');
    expect(messages.extDescription?.message.length, lang).toBeGreaterThan(40);
  }
}

function namedFiles(m: Manifest): string[] {
  return [
    ...Object.values(m.icons ?? {}),
    m.background?.service_worker,
    ...(m.background?.scripts ?? []),
    m.side_panel?.default_path,
    m.sidebar_action?.default_panel,
    m.options_ui?.page,
    m.storage?.managed_schema,
    ...(m.content_scripts ?? []).flatMap((s) => s.js),
  ].filter((f): f is string => typeof f === 'string');
}

describe('built manifests', () => {
  it('Chrome: a side panel opened from the toolbar, a service worker, the options page', () => {
    const m = readBuild('chrome-mv3');
    expect(m.manifest_version).toBe(3);
    expectLocalised(m, 'chrome-mv3');
    expect(m.side_panel).toEqual({ default_path: 'sidepanel.html' });
    expect(m.permissions).toContain('sidePanel');
    expect(m.action?.default_title).toBe('__MSG_extName__');
    expect(m.background).toEqual({ type: 'module', service_worker: 'background.js' });
    expect(m.options_ui?.page).toBe('options.html');
    expect(m.storage?.managed_schema).toBe('managed-schema.json');
    expect(Object.keys(m.icons ?? {})).toEqual(['16', '32', '48', '128']);
    for (const file of namedFiles(m)) expect(existsSync(path.join(OUT, 'chrome-mv3', file)), file).toBe(true);
  });

  it('Chrome: the public key that gives the extension the id the README names, wherever it is loaded from', () => {
    expect(extensionIdFromKey(readBuild('chrome-mv3').key ?? '')).toBe(CHROME_EXTENSION_ID);
    // Firefox has its gecko id and no key.
    expect(readBuild('firefox-mv3').key).toBeUndefined();
  });

  it('Firefox: a sidebar toggled by the toolbar button, background scripts, a stable add-on id', () => {
    const m = readBuild('firefox-mv3');
    expect(m.manifest_version).toBe(3);
    expectLocalised(m, 'firefox-mv3');
    expect(m.sidebar_action?.default_panel).toBe('sidepanel.html');
    expect(m.sidebar_action?.open_at_install).toBe(false);
    expect(m.side_panel).toBeUndefined();
    expect(m.permissions).not.toContain('sidePanel');
    expect(m.background?.scripts).toEqual(['background.js']);
    expect(m.browser_specific_settings?.gecko?.id).toBe('make-it-right@makeitright.app');
    // Firefox asks at install for consent to what goes to the firm's ledger server (140+ desktop, 142+ Android).
    expect(m.browser_specific_settings?.gecko?.data_collection_permissions).toEqual({
      required: ['personallyIdentifyingInfo', 'financialAndPaymentInfo', 'authenticationInfo'],
    });
    expect(m.browser_specific_settings?.gecko?.strict_min_version).toBe('140.0');
    expect(m.browser_specific_settings?.gecko_android?.strict_min_version).toBe('142.0');
    expect(m.options_ui?.page).toBe('options.html');
    for (const file of namedFiles(m)) expect(existsSync(path.join(OUT, 'firefox-mv3', file)), file).toBe(true);
  });

  it('managed settings schema names what IT may set', () => {
    const schema = JSON.parse(readFileSync(path.join(OUT, 'chrome-mv3/managed-schema.json'), 'utf8')) as {
      properties: Record<string, { type: string }>;
    };
    expect(Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, v.type]))).toEqual({
      policyUrl: 'string',
      lockPolicyUrl: 'boolean',
      policySigningKey: 'string',
      policySigningKeyJwk: 'object',
      staffEmail: 'string',
      ledgerUrl: 'string',
    });
  });
});
