import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DETECTION_CASES, asBen, clientDetection } from './suites/detection';
import {
  callBackground,
  fixture,
  launchExtension,
  openOptions,
  openSidePanel,
  routeFixture,
  tabIdOf,
  type ExtensionSession,
} from './harness';

// The client on screen, end to end in Chromium: the story every browser shares
// (./suites/detection.ts), then what webmail does besides: moving between threads without loading a
// page, a compose window that takes a template, a tab that moves to another site.

let session: ExtensionSession;
let options: Page;

beforeAll(async () => {
  session = await launchExtension();
  options = await openOptions(session);
  await asBen((name, data) => callBackground(options, name, data));
});

afterAll(async () => {
  await session?.close();
});

async function clientKnownFor(tabId: number) {
  return (await callBackground(options, 'getTabClient', { tabId }))?.client ?? null;
}

/** Waits until the background knows the tab's client, then checks the side panel for that tab shows it. */
async function expectPanelShows(tabId: number, expected: { name: string; email?: string; pageKind: string }) {
  await expect
    .poll(async () => (await clientKnownFor(tabId))?.name, { timeout: 15_000 })
    .toBe(expected.name);
  expect(await clientKnownFor(tabId)).toMatchObject(expected);
  const panel = await openSidePanel(session, tabId);
  const header = panel.getByRole('region', { name: 'Client' });
  await header.getByText(expected.name, { exact: false }).first().waitFor({ timeout: 15_000 });
  if (expected.email) expect(await header.textContent()).toContain(expected.email);
  await panel.close();
}

async function openRouted(url: string, glob: string, fixtureFile: string): Promise<{ page: Page; tabId: number }> {
  await routeFixture(session.context, glob, fixtureFile);
  const page = await session.context.newPage();
  await page.goto(url);
  return { page, tabId: await tabIdOf(session, page) };
}

clientDetection('Chromium', () => ({
  call: (name, data) => callBackground(options, name, data),
  async openTab(url) {
    const { page, tabId } = await openRouted(url, `${new URL(url).origin}/**`, DETECTION_CASES.find((c) => c.url === url)!.fixture);
    return { tabId, close: () => page.close() };
  },
  async openPanel(tabId) {
    const panel = await openSidePanel(session, tabId);
    return { text: async (selector) => ((await panel.locator(selector).count()) > 0 ? panel.locator(selector).first().textContent() : null), close: () => panel.close() };
  },
}));

describe('client detection in Chromium, what webmail does besides', () => {
  it('Gmail navigating from one thread to another, as the app does, switches the client', async () => {
    const { page, tabId } = await openRouted('https://mail.google.com/mail/u/0/#inbox/thread-one', 'https://mail.google.com/**', 'gmail/thread.html');
    await expectPanelShows(tabId, { name: 'Alice Baker', pageKind: 'thread' });
    await page.evaluate((html) => {
      const next = new DOMParser().parseFromString(html, 'text/html').querySelector('[role=main]')!;
      document.querySelector('[role=main]')!.replaceWith(document.importNode(next, true));
      location.hash = '#inbox/thread-two';
    }, fixture('gmail/thread-second.html'));
    await expectPanelShows(tabId, { name: 'Dan Orchard', email: 'dan@orchardfarm.example', pageKind: 'thread' });
    await page.close();
  });

  it('a Gmail compose window: its recipient is the client, and a template goes into it as text', async () => {
    const { page, tabId } = await openRouted('https://mail.google.com/mail/u/0/#inbox?compose=new', 'https://mail.google.com/**', 'gmail/compose.html');
    await expectPanelShows(tabId, { name: 'Frank Li', email: 'frank@lifabrics.example', pageKind: 'compose' });
    expect((await callBackground(options, 'getTabClient', { tabId }))?.hasCompose).toBe(true);

    const result = await callBackground(options, 'insertIntoEmail', {
      tabId,
      subject: 'Credit note CN-2026-0001',
      body: 'Dear Frank,\n<b>Sorry.</b>',
      audience: { kind: 'client', client: { email: 'frank@lifabrics.example', name: 'Frank Li' } },
    });
    expect(result.ok).toBe(true);
    const body = page.locator('div.M9').last().locator('[contenteditable=true]');
    expect(await body.innerText()).toBe('Dear Frank,\n<b>Sorry.</b>');
    expect(await body.locator('b').count()).toBe(0);
    expect(await page.locator('input[name=subjectbox]').last().inputValue()).toBe('Credit note CN-2026-0001');
    await page.close();
  });

  it('forgets the client when the tab loads another site, and knows it again when it comes back', async () => {
    const { page, tabId } = await openRouted('https://mail.google.com/mail/u/0/#inbox/thread-one', 'https://mail.google.com/**', 'gmail/thread.html');
    await expect.poll(async () => (await clientKnownFor(tabId))?.name, { timeout: 15_000 }).toBe('Alice Baker');
    await routeFixture(session.context, 'https://example.org/**', () => '<!doctype html><title>Elsewhere</title><p>Nothing here</p>');
    await page.goto('https://example.org/');
    await expect.poll(() => clientKnownFor(tabId), { timeout: 15_000 }).toBeNull();

    await page.goto('https://mail.google.com/mail/u/0/#inbox/thread-one');
    await expect.poll(async () => (await clientKnownFor(tabId))?.name, { timeout: 15_000 }).toBe('Alice Baker');
    await page.close();
  });
});
