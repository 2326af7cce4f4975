import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { DETECTION_CASES, asBen, clientDetection } from '../suites/detection';
import { callBackground, launchFirefox, openOptions, openSidePanel, routeFixture, tabIdOf, textOf, type FirefoxSession } from './harness';

// The client on screen in Firefox: the story every browser shares (../suites/detection.ts), with
// the event page keeping each tab's client and `sidepanel.html?tabId=N` showing it.

let session: FirefoxSession;
let options: Page;

beforeAll(async () => {
  session = await launchFirefox();
  options = await openOptions(session);
  await asBen((name, data) => callBackground(options, name, data));
  for (const { url, fixture } of DETECTION_CASES) routeFixture(session, `${new URL(url).origin}/`, fixture);
});

afterAll(async () => {
  expect(session.extensionErrors()).toEqual([]);
  await session?.close();
});

clientDetection('Firefox', () => ({
  call: (name, data) => callBackground(options, name, data),
  async openTab(url) {
    const page = await session.newPage();
    await page.goto(url);
    return { tabId: await tabIdOf(options, page), close: () => page.close() };
  },
  async openPanel(tabId) {
    const panel = await openSidePanel(session, tabId);
    return { text: (selector) => textOf(panel, selector), close: () => panel.close() };
  },
}));
