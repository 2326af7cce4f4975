import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../common';
import type { BackgroundCall } from './extension-page';

// The same story in every browser: the content script in a webmail or CRM page (its fixture served
// at the real address) finds the client, the background keeps it for the tab, the side panel for
// that tab shows it, and a closed tab's client is forgotten. The firm's own staff and the user are
// never taken for the client.

export interface DetectionBrowser {
  call: BackgroundCall;
  /** Opens a tab at `url`; its id in the browser, and a way to close it. */
  openTab(url: string): Promise<{ tabId: number; close(): Promise<void> }>;
  /** The side panel for a tab: the text shown by the first element matching a selector. */
  openPanel(tabId: number): Promise<{ text(selector: string): Promise<string | null>; close(): Promise<void> }>;
}

/** The pages the story visits: each address, the fixture served there, and the client expected. */
export const DETECTION_CASES = [
  {
    site: 'a Gmail thread (the latest external sender)',
    url: 'https://mail.google.com/mail/u/0/#inbox/thread-one',
    fixture: 'gmail/thread.html',
    client: { name: 'Alice Baker', email: 'alice.baker@bakerbakery.example', pageKind: 'thread' },
  },
  {
    site: "an Outlook conversation (skipping the user's own newer reply)",
    url: 'https://outlook.office.com/mail/inbox/id/AAQk1',
    fixture: 'outlook/reading.html',
    client: { name: 'Helen Ward', email: 'helen@wardarchitects.example', pageKind: 'thread' },
  },
  {
    site: 'a HubSpot contact record (the contact, not its owner)',
    url: 'https://app.hubspot.com/contacts/4431234/record/0-1/51',
    fixture: 'hubspot/contact.html',
    client: { name: 'Laura Nguyen', email: 'laura@nguyendental.example', pageKind: 'record' },
  },
] as const;

/** Ben, a staff accountant of the accounting firm's example policy: the user of these stories. */
export async function asBen(call: BackgroundCall): Promise<void> {
  const policy = readFileSync(path.join(ROOT, 'public/policies/accounting-firm.json'), 'utf8');
  await call('importPolicy', { text: policy, fileName: 'accounting-firm.json' });
  await call('setSettings', { selfEmail: 'ben.okafor@harborpine.example' });
}

export function clientDetection(browserName: string, browser: () => DetectionBrowser): void {
  describe(`client detection in ${browserName}`, () => {
    it.each(DETECTION_CASES)('$site: the client reaches the side panel through the background, and is forgotten with the tab', async ({ url, client }) => {
      const { call, openTab, openPanel } = browser();
      const tab = await openTab(url);
      const known = async () => (await call('getTabClient', { tabId: tab.tabId }))?.client ?? null;
      await expect.poll(async () => (await known())?.name, { timeout: 15_000 }).toBe(client.name);
      expect(await known()).toMatchObject(client);

      const panel = await openPanel(tab.tabId);
      await expect.poll(() => panel.text('[aria-label="Client"] h1'), { timeout: 15_000 }).toBe(client.name);
      expect(await panel.text('[aria-label="Client"]')).toContain(client.email);
      await panel.close();
      await tab.close();
      await expect.poll(known, { timeout: 15_000 }).toBeNull();
    });
  });
}
