import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { callBackground as callChromium } from '../harness';
import { ANA, CARLA, PASSWORD, recordsOnServer, startFirm, type Firm, type Person } from '../firm-ledger-harness';
import { callBackground, gotoExtensionPage, launchFirefox, openOptions, textOf, type FirefoxSession } from './harness';

// The firm ledger across browsers: Carla in Chromium, Ana in Firefox, on one CouchDB-protocol server
// on 127.0.0.1. Ana signs in from her options page as a user would (Firefox's session cookie, the
// ledger's site access asked at Sign in); Carla's grant counts in Ana's authority, and Ana's grant
// reaches the server in her name, recorded as hers.

const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 250 });
const aria = (name: string, role: string) => `::-p-aria([name="${name}"][role="${role}"])`;
const CLIENT = 'lee.park@client.example';

let firm: Firm;
let carla: Person;
let firefox: FirefoxSession;
let ana: Page;

beforeAll(async () => {
  firm = await startFirm([CARLA]);
  [carla] = firm.people as [Person];
  await firm.server.addUser(ANA, PASSWORD);
  firefox = await launchFirefox();
  ana = await openOptions(firefox);
  await callBackground(ana, 'importPolicy', { text: firm.policyText, fileName: 'policy.json' });
  await callBackground(ana, 'setSettings', { selfEmail: ANA });
}, 240_000);

afterAll(async () => {
  await firefox?.close();
  await firm?.close();
});

const incidentFor = (name: string) => ({
  client: { clientKey: CLIENT, name, email: CLIENT, source: { tool: 'manual' as const, label: 'Manual' } },
  category: 'shipping-error',
  summary: 'Courier lost the papers',
});

describe('the firm ledger in Firefox', () => {
  it('Ana signs in from Firefox and is Connected', async () => {
    // Extension pages send no load events over BiDi: opened again rather than reloaded.
    await gotoExtensionPage(firefox, ana, 'options.html?ledger');
    await until(() => textOf(ana, '[data-testid=ledger-status]')).toBe('Not signed in: enter your ledger password and Sign in.');
    // A password field has no ARIA role: found by its label's target.
    await ana.locator('#ledger-password').fill(PASSWORD);
    await ana.locator(aria('Sign in', 'button')).click();
    await until(() => textOf(ana, '[data-testid=ledger-status]')).toBe('Connected');
  });

  it("Carla's grant in Chromium counts in Ana's authority in Firefox", async () => {
    const incident = await callChromium(carla.options, 'startIncident', incidentFor('Lee Park'));
    await callChromium(carla.options, 'grantRemedy', { incidentId: incident.id, remedyId: 'courier-credit', amount: 9000 });
    await until(async () => (await callBackground(ana, 'getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(9000);
  });

  it("Ana's grant in Firefox reaches the server in her name, recorded as hers, and Carla's browser", async () => {
    const incident = await callBackground(ana, 'startIncident', incidentFor('Lee Park'));
    const granted = await callBackground(ana, 'grantRemedy', { incidentId: incident.id, remedyId: 'courier-credit', amount: 1000 });
    expect(granted.remedies[0]).toMatchObject({ requestedBy: ANA, requestedByIdentity: 'firm-ledger' });
    expect(granted.remedies[0]?.creditNoteNumber).toMatch(/^CN-\d{4}-AR-0001$/);
    await until(async () => (await recordsOnServer(firm, incident.id)).map((r) => r.type).sort()).toEqual(
      expect.arrayContaining(['incident-opened', 'remedy-granted']),
    );
    const onServer = await recordsOnServer(firm, incident.id);
    expect(onServer.find((r) => r.type === 'remedy-granted')).toMatchObject({ creditNoteNumber: granted.remedies[0]!.creditNoteNumber });
    await until(async () => (await callChromium(carla.options, 'getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(10000);
    expect(firefox.extensionErrors()).toEqual([]);
  });
});
