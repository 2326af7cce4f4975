import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture, gmailThreadWithInlineReply, screenshotPath } from '../common';
import { firstCall } from '../suites/first-call';
import { callBackground, launchFirefox, openOptions, openSidePanel, pageDriver, tabIdOf, textOf, type FirefoxSession } from './harness';

// The first call in Firefox (tests/e2e/suites/first-call.ts): the panel for the Gmail thread's tab
// (tests/fixtures/gmail/), in a tab of its own as Pop out opens it.

let session: FirefoxSession;
let gmail: Page;
let panel: Page;
let tabId: number;

beforeAll(async () => {
  session = await launchFirefox();
  const options = await openOptions(session);
  await callBackground(options, 'importPolicy', { text: fixture('policy/example.json'), fileName: 'policy.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
  session.route('https://mail.google.com/', () => gmailThreadWithInlineReply());
  gmail = await session.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmrTzVbplNTRcfxdwCjN');
  tabId = await tabIdOf(options, gmail);
  panel = await openSidePanel(session, tabId, { width: 320, height: 1000 });
});

afterAll(async () => {
  await session?.close();
});

firstCall('Firefox', () => ({
  panel: pageDriver(session, panel, `sidepanel.html?tabId=${tabId}`),
  reply: async () => (await textOf(gmail, '.M9 [contenteditable=true]')) ?? '',
  at: async (moment) => {
    if (moment === 'inserted') await panel.screenshot({ path: screenshotPath('firefox-panel.png'), fullPage: true });
  },
}));

it('raised no error in the extension during the call', () => {
  expect(session.extensionErrors()).toEqual([]);
});
