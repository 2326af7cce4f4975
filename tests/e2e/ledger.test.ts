import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBackground, currentWorker, exportFromOptions, launchExtension, openOptions, type ExtensionSession } from './harness';
import { ledgerSurvivesRestart } from './suites/ledger-restart';

// The ledger survives what Chromium does to an extension: the page that wrote it reloads and the
// service worker that owns the database is stopped and started again (the story every browser
// shares: ./suites/ledger-restart.ts); and the exports always hold the latest change.

let session: ExtensionSession;
let page: Page;

beforeAll(async () => {
  session = await launchExtension();
  page = await openOptions(session);
});

afterAll(async () => {
  await session?.close();
});

/**
 * Stops the extension's service worker the way Chrome does when it goes idle, and proves it: a mark
 * left in the old worker's globals is gone from the one the next message wakes.
 */
async function restartServiceWorker(page: Page): Promise<void> {
  const before = await currentWorker(session.context);
  await before.evaluate(() => {
    (globalThis as { beforeRestart?: boolean }).beforeRestart = true;
  });
  const cdp = await session.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

async function isFreshWorker(): Promise<boolean> {
  const worker = await currentWorker(session.context);
  return worker.evaluate(() => (globalThis as { beforeRestart?: boolean }).beforeRestart !== true);
}

ledgerSurvivesRestart('Chromium', () => ({
  call: (name, data) => callBackground(page, name, data),
  async restartBackground() {
    await page.reload();
    await restartServiceWorker(page);
    // The next message wakes a fresh worker, which opens the database again.
    await callBackground(page, 'getSettings', undefined);
    expect(await isFreshWorker()).toBe(true);
  },
}));

describe('the exports in Chromium', () => {
  it('hold every credit note, and the latest change, from the text the ledger keeps ready', async () => {
    const CLIENT = 'bruno.keller@client.example';
    const client = { clientKey: CLIENT, name: 'Bruno Keller', email: CLIENT, source: { tool: 'manual' as const, label: 'Manual' } };
    await callBackground(page, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
    const started = await callBackground(page, 'startIncident', { client, category: 'shipping-error', summary: 'Sent the papers by ground' });
    const granted = await callBackground(page, 'grantRemedy', { incidentId: started.id, remedyId: 'courier-credit', amount: 2000 });
    const number = granted.remedies[0]!.creditNoteNumber!;

    const options = await openOptions(session);
    const csv = await exportFromOptions(options, 'csv');
    expect(csv.fileName).toMatch(/^make-it-right-ledger-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text).toContain(`"Credit note","credit","${number}",`);
    expect(csv.text).toContain(
      `"Credit the courier fee",20.00,"USD","ana.ruiz@harborpine.example","ana.ruiz@harborpine.example","Unverified: self-declared email","${started.id}"`,
    );

    const json = await exportFromOptions(options, 'json');
    expect(JSON.parse(json.text).incidents.find((i: { id: string }) => i.id === started.id).status).toBe('open');
    const third = await callBackground(page, 'grantRemedy', { incidentId: started.id, remedyId: 'courier-credit', amount: 500 });
    await callBackground(page, 'resolveIncident', { incidentId: started.id });
    const again = await exportFromOptions(options, 'json');
    const resolved = JSON.parse(again.text).incidents.find((i: { id: string }) => i.id === started.id);
    expect(resolved.status).toBe('resolved');
    expect(resolved.remedies).toHaveLength(2);
    const csvAgain = await exportFromOptions(options, 'csv');
    expect(csvAgain.text).toContain(`"${third.remedies[1]!.creditNoteNumber}"`);
    expect(csvAgain.text.split('\r\n').length).toBe(csv.text.split('\r\n').length + 1);
  });
});
