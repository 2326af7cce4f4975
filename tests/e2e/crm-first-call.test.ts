import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROOT,
  callBackground,
  launchExtension,
  openOptions,
  openSidePanel,
  routeFixture,
  screenshotPath,
  tabIdOf,
  type ExtensionSession,
} from './harness';

// The first call from a CRM record (HubSpot), where no email can be written into: after the grant,
// the credit note's main button is Copy, there is no Insert into email, and New email opens one to
// the client in the mail app. The panel is a side panel of real size.

const PANEL = { width: 360, height: 800 };
const policyText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');

let session: ExtensionSession;
let hubspot: Page;

beforeAll(async () => {
  session = await launchExtension();
  const options = await openOptions(session);
  await callBackground(options, 'importPolicy', { text: policyText, fileName: 'policy.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
  await options.close();
  await routeFixture(session.context, 'https://app.hubspot.com/**', 'hubspot/contact.html');
  hubspot = await session.context.newPage();
  await hubspot.goto('https://app.hubspot.com/contacts/4431234/record/0-1/51');
});

afterAll(async () => {
  await session?.close();
});

describe('the first call from a CRM record', () => {
  it('makes Copy the main action, offers no Insert, and opens a new email to the client', async () => {
    const panel = await openSidePanel(session, await tabIdOf(session, hubspot), PANEL);
    const client = panel.getByRole('region', { name: 'Client' });
    await expect.poll(() => client.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 }).toBe('Laura Nguyen');
    await panel.getByRole('radio', { name: 'Documents sent the wrong way' }).click();
    await panel.getByRole('button', { name: 'Start incident' }).click();
    await panel.getByRole('button', { name: 'Grant' }).click();
    const creditNote = panel.getByRole('region', { name: 'Credit note' });
    await creditNote.waitFor();
    expect(await creditNote.getByRole('button', { name: 'Insert into email' }).count()).toBe(0);
    const copy = creditNote.getByRole('button', { name: 'Copy' });
    expect(await copy.getAttribute('class') ?? '', 'Copy is the main button').not.toContain('secondary');
    const box = await copy.boundingBox();
    expect(box && box.y + box.height <= PANEL.height, 'Copy is on screen without scrolling').toBe(true);
    expect(await panel.getByRole('region', { name: 'Templates' }).textContent()).toContain(
      "Insert into email works in the client's email in Gmail or Outlook. Here, copy the text, or open a new email to the client in your mail app.",
    );
    // The mail app's new email: the mailto: link the panel opens, to the client only.
    await panel.evaluate(() => {
      (window as unknown as { opened: string[] }).opened = [];
      window.open = ((url: string) => {
        (window as unknown as { opened: string[] }).opened.push(url);
        return null;
      }) as typeof window.open;
    });
    await creditNote.getByRole('button', { name: 'New email' }).click();
    const [url] = await panel.evaluate(() => (window as unknown as { opened: string[] }).opened);
    expect(url).toMatch(/^mailto:laura%40nguyendental\.example\?subject=Credit%20note%20CN-/);
    await creditNote.getByText('A new email to Laura Nguyen (laura@nguyendental.example) is open in your mail app.').waitFor();
    await panel.screenshot({ path: screenshotPath('crm-granted.png') });
  });
});
