import { afterAll, beforeAll, expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import { PORTAL, PORTAL_FIXTURE, firmDetectorsRun } from '../suites/firm-detectors';
import { callBackground, launchFirefox, openOptions, openSidePanel, pageDriver, routeFixture, tabIdOf, textOf, type FirefoxSession } from './harness';

// The firm's own detectors in Firefox (../suites/firm-detectors.ts): Allow asks Firefox for the
// portal's site (an optional host permission, granted at the prompt), and the event page registers
// the detectors' content script at run time.

let session: FirefoxSession;
let options: Page;

beforeAll(async () => {
  session = await launchFirefox();
  options = await openOptions(session);
  routeFixture(session, `${PORTAL}/`, PORTAL_FIXTURE);
});

afterAll(async () => {
  expect(session.extensionErrors()).toEqual([]);
  await session?.close();
});

firmDetectorsRun('Firefox', () => ({
  call: (name, data) => callBackground(options, name, data),
  options: async () => pageDriver(session, await openOptions(session)),
  // Firefox's prompt for an optional host permission is answered Allow in the test profile.
  willAllow: async () => undefined,
  async openTab(url) {
    const page = await session.newPage();
    await page.goto(url);
    return tabIdOf(options, page);
  },
  async panelClient(tabId) {
    const panel = await openSidePanel(session, tabId);
    try {
      await panel.waitForSelector('[aria-label="Client"] h1', { timeout: 15_000 });
      return await textOf(panel, '[aria-label="Client"]');
    } finally {
      await panel.close();
    }
  },
}));
