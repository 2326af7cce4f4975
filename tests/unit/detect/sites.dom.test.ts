import { describe, expect, it } from 'vitest';
import crm from '@/entrypoints/crm.content';
import gmail from '@/entrypoints/gmail.content';
import outlook from '@/entrypoints/outlook.content';
import { BUILT_IN_DETECTORS, CRM_DETECTORS, SITES } from '@/utils/detect/index';
import { onSites, patternReaches } from '@/utils/detect/sites';

// One table of sites: each tool's file names every host it runs on and example pages. The content
// scripts run exactly there, and each detector accepts exactly those hosts.

const TOOLS = Object.keys(SITES) as (keyof typeof SITES)[];
const SCRIPTS = { gmail, outlook, crm } as unknown as Record<string, { matches?: string[] }>;
const scriptFor = (tool: string) => SCRIPTS[tool in CRM_DETECTORS ? 'crm' : tool]!;

/** A page on the pattern's host (a made-up firm name under a wildcard). */
const hostIn = (pattern: string) => new URL(pattern.replace('*.', 'harborpine.').replace(/\*$/, '')).hostname;

describe('the table of sites', () => {
  it('names every data centre Zoho and HubSpot document', () => {
    expect(SITES.zoho.matches.map(hostIn).sort()).toEqual(
      ['crm.zoho.com', 'crm.zoho.eu', 'crm.zoho.in', 'crm.zoho.com.au', 'crm.zoho.jp', 'crm.zoho.com.cn', 'crm.zohocloud.ca', 'crm.zoho.sa'].sort(),
    );
    expect(SITES.hubspot.matches.map(hostIn)).toEqual(
      expect.arrayContaining(['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com', 'app-na3.hubspot.com', 'app-ap1.hubspot.com']),
    );
  });

  it('gives each content script exactly the sites of its tools', () => {
    for (const script of ['gmail', 'outlook', 'crm']) {
      const tools = TOOLS.filter((tool) => (tool in CRM_DETECTORS ? 'crm' : tool) === script);
      expect([...(SCRIPTS[script]!.matches ?? [])].sort(), script).toEqual(tools.flatMap((t) => SITES[t].matches).sort());
    }
  });

  it('keeps each example page on its own tool\'s sites and off every other tool\'s', () => {
    for (const tool of TOOLS) {
      expect(SITES[tool].examples.length, tool).toBeGreaterThan(0);
      for (const example of SITES[tool].examples) {
        const url = new URL(example);
        expect(TOOLS.filter((other) => onSites(SITES[other], url)), example).toEqual([tool]);
      }
    }
  });

  it('fails when a detector accepts a host no content script reaches, or the reverse', () => {
    const ctx = { selfEmails: [], firmDomains: [] };
    /** Whether the detector looked into the page at all, or refused it by its address. */
    const readsPage = (tool: (typeof TOOLS)[number], url: URL) => {
      let read = false;
      const doc = new Proxy(document, {
        get(target, key) {
          read = true;
          const value = Reflect.get(target, key) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      BUILT_IN_DETECTORS[tool](url, doc, ctx);
      return read;
    };
    for (const tool of TOOLS) {
      const patterns = scriptFor(tool).matches ?? [];
      for (const example of SITES[tool].examples) {
        // Every host of the tool's table: its content script runs there and its detector reads the page.
        for (const pattern of SITES[tool].matches) {
          const there = new URL(example);
          there.hostname = hostIn(pattern);
          expect(patterns.some((p) => patternReaches(p, there.hostname)), `${tool} content script on ${there.hostname}`).toBe(true);
          expect(readsPage(tool, there), `${tool} detector on ${there.hostname}`).toBe(true);
        }
        // A look-alike host: no content script runs there and the detector refuses it unread.
        const host = new URL(example).hostname;
        for (const fake of [`${host}.evil.example`, host.replace(/\.[a-z]+$/, '.example')]) {
          const there = new URL(example);
          there.hostname = fake;
          expect(patterns.some((p) => patternReaches(p, fake)), `${tool} content script on ${fake}`).toBe(false);
          expect(readsPage(tool, there), `${tool} detector on ${fake}`).toBe(false);
        }
      }
    }
  });
});
