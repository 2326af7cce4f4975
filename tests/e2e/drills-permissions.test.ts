import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './harness';
import { CRM_MATCHES, SITES } from '../../utils/detect/index';
import { CHROME_EXTENSION_ID, extensionIdFromKey } from '../../scripts/extension-id';

// Drill: the built manifests of both browsers hold exactly the reviewed permissions, host
// permissions and content script sites, nothing more. Adding one fails here until its reason is
// written next to it and reviewed.

const OUT = path.resolve(ROOT, process.env.MIR_OUT_DIR ?? '.output');

/** Every API permission, and why the product needs it. */
const PERMISSIONS: Record<string, string> = {
  storage: 'per-tab clients in storage.session, change notices in storage.local (closed to content scripts); the IT-managed policy URL, signing key and staff email in storage.managed',
  alarms: 'the policy sync every refreshMinutes, and the reminder when a checklist step falls due',
  notifications: 'the reminder that a checklist step is due, shown when the panel is closed',
  unlimitedStorage: 'the incident ledger (money given, credit note numbers) must not be evicted or capped by quota',
  scripting: 'registers the firm-defined detectors at run time, only on the firm pages the user allowed',
};
/** Chrome only: Firefox has sidebar_action in the manifest instead. */
const CHROME_ONLY: Record<string, string> = {
  sidePanel: 'the side panel itself, opened from the toolbar button',
};

/** Host access asked for at run time, one site at a time, never at install. */
const OPTIONAL_HOSTS: Record<string, string> = {
  'https://*/*': "the firm's https policy server (asked on Sync now) and the firm's own pages for firm-defined detectors (Allow button)",
  'http://localhost/*': 'a policy served from the admin’s own machine while testing it, by a plain static server that sends no CORS header (asked on Sync now)',
  'http://127.0.0.1/*': 'the same local test server addressed by IP (asked on Sync now); no other plain-http site is ever asked for',
};

/** Where the built-in detectors run: webmail and CRM pages where a client is on screen. */
const CONTENT_SCRIPTS: Record<string, { reason: string; matches: string[] }> = {
  'content-scripts/gmail.js': { reason: 'Gmail: the client of the open message or compose window', matches: [...SITES.gmail.matches] },
  'content-scripts/outlook.js': {
    reason: 'Outlook on the web (personal and Microsoft 365): the open message or compose window',
    matches: [...SITES.outlook.matches],
  },
  'content-scripts/crm.js': {
    // Each CRM's data centres and regional hosts, as its file in utils/detect/ names them.
    reason: 'the CRM record on screen: Dynamics, Salesforce, Pipedrive, HubSpot, Clio and Zoho in each of their regions',
    matches: CRM_MATCHES,
  },
};

/** Manifest keys that would widen what others can do with the extension; none is reviewed. */
const NEVER = ['host_permissions', 'externally_connectable', 'web_accessible_resources', 'content_security_policy', 'optional_permissions', 'update_url'];

/**
 * `key` grants nothing: it fixes the extension's id in Chrome, Chromium and Edge so IT can name it in
 * managed settings. Reviewed as exactly the key whose id the README gives, in the Chrome build only.
 */
function unreviewedKey(browser: string, key: unknown): string[] {
  if (key === undefined) return [];
  return browser === 'chrome' && typeof key === 'string' && extensionIdFromKey(key) === CHROME_EXTENSION_ID ? [] : ['manifest key key'];
}

interface Manifest {
  permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches: string[]; js: string[]; all_frames?: boolean; match_about_blank?: boolean; world?: string }[];
  [key: string]: unknown;
}

const builds = [
  { browser: 'chrome', dir: path.join(OUT, 'chrome-mv3'), permissions: { ...PERMISSIONS, ...CHROME_ONLY } },
  { browser: 'firefox', dir: path.join(OUT, 'firefox-mv3'), permissions: PERMISSIONS },
];

describe('drill: permissions', () => {
  it('pins both browsers’ permissions, host permissions and content script sites to the reviewed set', () => {
    let checked = 0;
    let unreviewed = 0;
    const report: string[] = [];
    for (const build of builds) {
      const file = path.join(build.dir, 'manifest.json');
      if (build.browser === 'firefox' && !existsSync(file)) {
        // The Firefox build is made by npm run test:e2e; a Chrome-only local run skips it, loudly.
        console.log(`permissions: no Firefox build at ${file}; run npm run build:firefox`);
        continue;
      }
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      const extra = (have: string[], reviewed: Record<string, unknown>) => have.filter((p) => !(p in reviewed));

      const permissions = manifest.permissions ?? [];
      const hosts = manifest.optional_host_permissions ?? [];
      const scripts = manifest.content_scripts ?? [];
      const unexpected = [
        ...extra(permissions, build.permissions).map((p) => `permission ${p}`),
        ...extra(hosts, OPTIONAL_HOSTS).map((h) => `optional host ${h}`),
        ...NEVER.filter((k) => k in manifest).map((k) => `manifest key ${k}`),
        ...unreviewedKey(build.browser, manifest.key),
        ...scripts.flatMap((s) =>
          s.js.flatMap((js) => {
            const reviewed = CONTENT_SCRIPTS[js];
            if (!reviewed) return [`content script ${js}`];
            return s.matches.filter((m) => !reviewed.matches.includes(m)).map((m) => `${js} on ${m}`);
          }),
        ),
        // Content scripts run in the top frame, in their own isolated world, never in the page's.
        ...scripts.filter((s) => s.all_frames || s.match_about_blank || s.world === 'MAIN').map((s) => `${s.js.join()} widened`),
      ];
      unreviewed += unexpected.length;
      checked += permissions.length + hosts.length + scripts.reduce((n, s) => n + s.matches.length, 0);
      expect(unexpected, `${build.browser}: not reviewed`).toEqual([]);
      // And nothing reviewed went missing unnoticed (a removal is fine, but update the list).
      expect([...permissions].sort(), build.browser).toEqual(Object.keys(build.permissions).sort());
      expect(hosts).toEqual(Object.keys(OPTIONAL_HOSTS));
      for (const [js, { matches }] of Object.entries(CONTENT_SCRIPTS)) {
        expect(scripts.filter((s) => s.js.includes(js)).flatMap((s) => s.matches).sort(), js).toEqual([...matches].sort());
      }
      report.push(`${build.browser} ${permissions.length} permissions, ${hosts.length} optional host, ${scripts.reduce((n, s) => n + s.matches.length, 0)} content script sites`);
    }
    console.log(`permissions: ${report.join('; ')}; ${checked} entries checked, ${unreviewed} not reviewed`);
    expect(unreviewed).toBe(0);
  });
});
