import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PORTAL, PORTAL_FIXTURE, firmDetectorsRun } from './suites/firm-detectors';
import {
  allowSiteInExtensionSettings,
  callBackground,
  launchExtension,
  openOptions,
  openSidePanel,
  pageDriver,
  routeFixture,
  tabIdOf,
  type ExtensionSession,
} from './harness';

// The firm's own detectors in Chromium: the story every browser shares (./suites/firm-detectors.ts),
// then the portal as the single-page app it is: another client opened in place is picked up.

const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

let session: ExtensionSession;
let options: Page;

beforeAll(async () => {
  session = await launchExtension();
  options = await openOptions(session);
  await routeFixture(session.context, `${PORTAL}/**`, PORTAL_FIXTURE);
});

afterAll(async () => {
  await session?.close();
});

firmDetectorsRun('Chromium', () => ({
  call: (name, data) => callBackground(options, name, data),
  options: async () => pageDriver(await openOptions(session)),
  // Chromium's permission prompt cannot be clicked by automation: the site is allowed in the
  // extension's settings first, as the person would at the prompt.
  willAllow: (pattern) => allowSiteInExtensionSettings(session, pattern),
  async openTab(url) {
    const page = await session.context.newPage();
    await page.goto(url);
    return tabIdOf(session, page);
  },
  async panelClient(tabId) {
    const panel = await openSidePanel(session, tabId);
    try {
      const header = panel.getByRole('region', { name: 'Client' });
      await header.getByRole('heading', { level: 1 }).waitFor({ timeout: 15_000 });
      return await header.textContent();
    } finally {
      await panel.close();
    }
  },
}));

describe("the firm's own detectors in Chromium, on a single-page portal", () => {
  it('follow the portal when it opens another client in place (the portal allowed above)', async () => {
    const portal = await session.context.newPage();
    await portal.goto(`${PORTAL}/clients/7781`);
    const tabId = await tabIdOf(session, portal);
    const clientOf = async () => (await callBackground(options, 'getTabClient', { tabId }))?.client ?? null;
    await until(async () => (await clientOf())?.name).toBe('Rosa Kim');
    await portal.evaluate(() => {
      document.querySelector("[data-field='client-name']")!.textContent = 'Omar Haddad';
      document.querySelector("[data-field='client-email']")!.textContent = 'omar@haddadtiles.example';
      history.pushState(null, '', '/clients/7782');
    });
    await until(async () => (await clientOf())?.email).toBe('omar@haddadtiles.example');
    await portal.close();
  });
});
