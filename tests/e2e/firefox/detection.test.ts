import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../common';
import {
  callBackground,
  launchFirefox,
  openOptions,
  openSidePanel,
  routeFixture,
  tabIdOf,
  textOf,
  type FirefoxSession,
} from './harness';

// The client on screen in Firefox: the content script in a (routed) webmail or CRM page finds the
// client, the event page keeps it for the tab, and `sidepanel.html?tabId=N` shows it.

let session: FirefoxSession;
let options: Page;

beforeAll(async () => {
  session = await launchFirefox();
  options = await openOptions(session);
  // The firm's policy (its staff domains) and who the user is: neither may be taken for the client.
  const policy = readFileSync(path.join(ROOT, 'public/policies/accounting-firm.json'), 'utf8');
  await callBackground(options, 'importPolicy', { text: policy, fileName: 'accounting-firm.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ben.okafor@harborpine.example' });
  routeFixture(session, 'https://mail.google.com/', 'gmail/thread.html');
  routeFixture(session, 'https://outlook.office.com/', 'outlook/reading.html');
  routeFixture(session, 'https://app.hubspot.com/', 'hubspot/contact.html');
});

afterAll(async () => {
  await session?.close();
});

const cases = [
  { site: 'a Gmail thread', url: 'https://mail.google.com/mail/u/0/#inbox/thread-one', name: 'Alice Baker', email: 'alice.baker@bakerbakery.example', pageKind: 'thread' },
  { site: "an Outlook conversation (skipping the user's own newer reply)", url: 'https://outlook.office.com/mail/inbox/id/AAQk1', name: 'Helen Ward', email: 'helen@wardarchitects.example', pageKind: 'thread' },
  { site: 'a HubSpot contact record (the contact, not its owner)', url: 'https://app.hubspot.com/contacts/4431234/record/0-1/51', name: 'Laura Nguyen', email: 'laura@nguyendental.example', pageKind: 'record' },
];

describe('client detection in Firefox', () => {
  it.each(cases)('$site: the client reaches the side panel through the background', async ({ url, name, email, pageKind }) => {
    const page = await session.newPage();
    await page.goto(url);
    const tabId = await tabIdOf(options, page);
    await expect
      .poll(async () => (await callBackground(options, 'getTabClient', { tabId }))?.client?.name, { timeout: 15_000 })
      .toBe(name);
    expect((await callBackground(options, 'getTabClient', { tabId }))?.client).toMatchObject({ name, email, pageKind });

    const panel = await openSidePanel(session, tabId);
    await expect.poll(() => textOf(panel, '[aria-label="Client"] h1'), { timeout: 15_000 }).toBe(name);
    expect(await textOf(panel, '[aria-label="Client"]')).toContain(email);
    await panel.close();
    await page.close();
    // A closed tab's client is forgotten.
    await expect.poll(() => callBackground(options, 'getTabClient', { tabId }), { timeout: 15_000 }).toBeNull();
    expect(session.extensionErrors()).toEqual([]);
  });
});
