import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ROOT,
  callBackground,
  fixture,
  launchExtension,
  openOptions,
  openSidePanel,
  routeFixture,
  tabIdOf,
  type ExtensionSession,
} from './harness';

// The client on screen, end to end in Chromium: the content script in a (routed) webmail or CRM
// page finds the client, the background keeps it for the tab, and `sidepanel.html?tabId=N` shows it.

let session: ExtensionSession;
let options: Page;

beforeAll(async () => {
  session = await launchExtension();
  options = await openOptions(session);
  // The firm's policy (its staff domains) and who the user is: neither may be taken for the client.
  const policy = readFileSync(path.join(ROOT, 'public/policies/accounting-firm.json'), 'utf8');
  await callBackground(options, 'importPolicy', { text: policy, fileName: 'accounting-firm.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ben.okafor@harborpine.example' });
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

describe('client detection in a real browser', () => {
  it('a Gmail thread: the latest external sender reaches the side panel through the background', async () => {
    const { page, tabId } = await openRouted('https://mail.google.com/mail/u/0/#inbox/thread-one', 'https://mail.google.com/**', 'gmail/thread.html');
    await expectPanelShows(tabId, { name: 'Alice Baker', email: 'alice.baker@bakerbakery.example', pageKind: 'thread' });
    await page.close();
  });

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

  it('an Outlook conversation: the client, skipping the user\'s own newer reply', async () => {
    const { page, tabId } = await openRouted('https://outlook.office.com/mail/inbox/id/AAQk1', 'https://outlook.office.com/**', 'outlook/reading.html');
    await expectPanelShows(tabId, { name: 'Helen Ward', email: 'helen@wardarchitects.example', pageKind: 'thread' });
    await page.close();
  });

  it('a HubSpot contact record: the contact, not its owner', async () => {
    const { page, tabId } = await openRouted('https://app.hubspot.com/contacts/4431234/record/0-1/51', 'https://app.hubspot.com/**', 'hubspot/contact.html');
    await expectPanelShows(tabId, { name: 'Laura Nguyen', email: 'laura@nguyendental.example', pageKind: 'record' });
    await page.close();
  });

  it('forgets the client when the tab loads another site, or closes', async () => {
    const { page, tabId } = await openRouted('https://mail.google.com/mail/u/0/#inbox/thread-one', 'https://mail.google.com/**', 'gmail/thread.html');
    await expect.poll(async () => (await clientKnownFor(tabId))?.name, { timeout: 15_000 }).toBe('Alice Baker');
    await routeFixture(session.context, 'https://example.org/**', () => '<!doctype html><title>Elsewhere</title><p>Nothing here</p>');
    await page.goto('https://example.org/');
    await expect.poll(() => clientKnownFor(tabId), { timeout: 15_000 }).toBeNull();

    await page.goto('https://mail.google.com/mail/u/0/#inbox/thread-one');
    await expect.poll(async () => (await clientKnownFor(tabId))?.name, { timeout: 15_000 }).toBe('Alice Baker');
    await page.close();
    await expect.poll(() => clientKnownFor(tabId), { timeout: 15_000 }).toBeNull();
  });
});
