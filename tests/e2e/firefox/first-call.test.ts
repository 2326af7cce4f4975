import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, gmailThreadWithInlineReply, screenshotPath } from '../common';
import {
  callBackground,
  launchFirefox,
  openOptions,
  openSidePanel,
  tabIdOf,
  textOf,
  type FirefoxSession,
} from './harness';

// The first call in Firefox, as in Chromium: Ana at the front desk opens the panel beside a Gmail
// thread about a courier fee charged twice, logs the mistake, grants the courier credit within her
// authority and drops the credit note into the reply, in four clicks.

const aria = (name: string, role: string) => `::-p-aria([name="${name}"][role="${role}"])`;

let session: FirefoxSession;
let gmail: Page;
let options: Page;

beforeAll(async () => {
  session = await launchFirefox();
  options = await openOptions(session);
  await callBackground(options, 'importPolicy', { text: fixture('policy/example.json'), fileName: 'policy.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
  session.route('https://mail.google.com/', () => gmailThreadWithInlineReply());
  gmail = await session.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmrTzVbplNTRcfxdwCjN');
});

afterAll(async () => {
  await session?.close();
});

describe('the first call in Firefox', () => {
  it('repairs the mistake in four clicks and puts the credit note into the reply', async () => {
    const tabId = await tabIdOf(options, gmail);
    const panel = await openSidePanel(session, tabId, { width: 320, height: 1000 });
    const client = '[aria-label="Client"]';
    await expect.poll(() => textOf(panel, `${client} h1`), { timeout: 15_000 }).toBe('Alice Baker');
    expect(await textOf(panel, client)).toContain('alice.baker@bakerbakery.example');
    expect(await textOf(panel, client)).toContain('Detected in Gmail');
    const authority = await textOf(panel, aria('Your authority', 'region'));
    expect(authority).toContain('Ana Ruiz');
    expect(authority).toContain('$25.00');

    let clicks = 0;
    const click = async (selector: string) => {
      clicks += 1;
      await panel.locator(selector).click();
    };

    await click(aria('Documents sent the wrong way', 'radio'));
    await panel.locator(aria('One-line summary', 'textbox')).fill('Courier fee charged twice on the March invoice');
    await click(aria('Start incident', 'button'));

    await panel.locator(aria('Grant', 'button')).wait();
    expect(await panel.$eval('.decision', (el) => el.textContent)).toContain('Within your $25.00 per-incident limit');
    expect(await panel.locator(aria('Amount (USD)', 'textbox')).map((el) => (el as HTMLInputElement).value).wait()).toBe('20.00');
    await click(aria('Grant', 'button'));
    await expect
      .poll(() => panel.evaluate(() => document.body.innerText), { timeout: 15_000 })
      .toMatch(/Granted: Credit the courier fee, \$20\.00, credit note CN-\d{4}-\d{4}\./);

    const creditNote = aria('Credit note', 'region');
    await click(`${creditNote} ${aria('Insert into email', 'button')}`);
    await expect.poll(() => textOf(panel, creditNote), { timeout: 15_000 }).toMatch(/Inserted/);
    console.log(`Firefox first call: ${clicks} clicks from panel open to the credit note in the reply`);
    expect(clicks).toBe(4);

    const inserted = ((await textOf(gmail, '.M9 [contenteditable=true]')) ?? '').replace(/\u00a0/g, ' ');
    expect(inserted).toContain('Dear Alice,');
    expect(inserted).toContain('We have given you a credit of $20.00 for the courier fee: credit note CN-');
    expect(inserted).toMatch(/credit note CN-\d{4}-\d{4}, dated/);
    expect(inserted).toContain('Ana Ruiz\nHarbor & Pine CPAs');
    await panel.screenshot({ path: screenshotPath('firefox-panel.png'), fullPage: true });
    expect(session.extensionErrors()).toEqual([]);
  });
});
