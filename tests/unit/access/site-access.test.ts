import { describe, expect, it } from 'vitest';
import { detectorOrigins, neededOrigins, originOf, patternsToRegister, policyOrigin } from '@/utils/access/site-access';
import type { DetectorSpec } from '@/utils/policy/types';

const spec = (id: string, matches: string[]): DetectorSpec => ({ id, label: id, matches });

const portal = spec('client-portal', ['https://portal.harborpine.example/clients/*', 'https://portal.harborpine.example/people/*']);
const billing = spec('billing', ['https://*.billing.example/accounts/*']);

describe('the site a detector page is on', () => {
  it.each([
    ['https://portal.harborpine.example/clients/*', 'https://portal.harborpine.example/*'],
    ['https://*.billing.example/accounts/*', 'https://*.billing.example/*'],
    ['https://Portal.Example:8443/x/*', 'https://portal.example:8443/*'],
    ['https://*/clients/*', 'https://*/*'],
  ])('%s needs %s', (pattern, origin) => {
    expect(originOf(pattern)).toBe(origin);
  });

  it.each([
    'http://portal.example/*',
    '*://portal.example/*',
    '<all_urls>',
    'file:///tmp/*',
    'https://portal.example',
    'https://por*tal.example/*',
    'https://portal.*/*',
    'not a pattern',
  ])('%s cannot be granted', (pattern) => {
    expect(originOf(pattern)).toBeNull();
  });

  it('a detector with several pages on one site asks for that site once', () => {
    expect(detectorOrigins(portal)).toEqual(['https://portal.harborpine.example/*']);
    expect(neededOrigins([portal, billing, portal])).toEqual([
      'https://portal.harborpine.example/*',
      'https://*.billing.example/*',
    ]);
  });
});

describe('which pages the firm detectors run on', () => {
  it('only the pages on sites the user allowed', () => {
    expect(patternsToRegister([portal, billing], new Set(['https://*.billing.example/*']))).toEqual([
      'https://*.billing.example/accounts/*',
    ]);
    expect(patternsToRegister([portal, billing], new Set(neededOrigins([portal, billing])))).toEqual([
      'https://*.billing.example/accounts/*',
      'https://portal.harborpine.example/clients/*',
      'https://portal.harborpine.example/people/*',
    ]);
  });

  it('nothing before anything is allowed, and never a page the extension may not ask for', () => {
    const mixed = spec('mixed', ['http://intranet.example/*', '<all_urls>', 'https://ok.example/c/*']);
    expect(patternsToRegister([portal, mixed], new Set())).toEqual([]);
    expect(patternsToRegister([mixed], new Set(['https://ok.example/*', 'http://intranet.example/*']))).toEqual([
      'https://ok.example/c/*',
    ]);
  });

  it('two detectors on the same page register it once', () => {
    const again = spec('again', ['https://portal.harborpine.example/clients/*']);
    expect(patternsToRegister([portal, again], new Set(['https://portal.harborpine.example/*']))).toHaveLength(2);
  });
});

describe('access to the policy server', () => {
  it('an https policy URL or a test server on this machine needs its host, on any port', () => {
    expect(policyOrigin(' https://intranet.firm.example:8443/mir/policy.json?v=2 ')).toBe('https://intranet.firm.example/*');
    expect(policyOrigin('http://127.0.0.1:9000/policy.json')).toBe('http://127.0.0.1/*');
    expect(policyOrigin('http://localhost/policy.json')).toBe('http://localhost/*');
    expect(policyOrigin('http://intranet.firm.example/policy.json')).toBeNull();
    expect(policyOrigin('')).toBeNull();
    expect(policyOrigin('intranet/policy.json')).toBeNull();
  });
});
