import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, callBackground, currentWorker, exportFromOptions, launchExtension, openOptions, type ExtensionSession } from './harness';
import type { Incident } from '../../utils/ledger/types';

// The ledger survives what a real browser does to an extension: the page that wrote it reloads and
// the service worker that owns the database is stopped and started again.

const policyText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');
const CLIENT = 'alice.moreau@client.example';

let session: ExtensionSession;

beforeAll(async () => {
  session = await launchExtension();
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

describe('incident ledger in the real browser', () => {
  it('keeps an incident, its remedy and its credit note number across a page reload and a worker restart', async () => {
    const page = await openOptions(session);
    await callBackground(page, 'importPolicy', { text: policyText, fileName: 'example.json' });
    const settings = await callBackground(page, 'setSettings', { selfEmail: 'Ana.Ruiz@harborpine.example' });
    expect(settings.me).toEqual({ email: 'ana.ruiz@harborpine.example', name: 'Ana Ruiz', role: 'front-desk', identity: 'self-declared' });

    const started = await callBackground(page, 'startIncident', {
      client: { clientKey: CLIENT, name: 'Alice Moreau', email: CLIENT, source: { tool: 'manual', label: 'Manual' } },
      category: 'shipping-error',
      summary: 'Sent the signed return to the old address',
    });
    await expect(
      callBackground(page, 'grantRemedy', { incidentId: started.id, remedyId: 'courier-credit', amount: 2501 }),
    ).rejects.toThrow('Above your $25.00 per-incident limit: a Manager must approve');
    const granted = await callBackground(page, 'grantRemedy', {
      incidentId: started.id,
      remedyId: 'courier-credit',
      amount: 2000,
    });
    const number = granted.remedies[0]?.creditNoteNumber;
    expect(number).toMatch(/^CN-\d{4}-0001$/);
    await callBackground(page, 'tickStep', { incidentId: started.id, stepId: 'acknowledge', done: true });

    await page.reload();
    await restartServiceWorker(page);
    // The next message wakes a fresh worker, which opens the database again.
    const found = (await callBackground(page, 'getIncident', { incidentId: started.id })) as Incident;
    expect(await isFreshWorker()).toBe(true);

    expect(found).toMatchObject({
      id: started.id,
      clientKey: CLIENT,
      clientName: 'Alice Moreau',
      summary: 'Sent the signed return to the old address',
      createdBy: 'ana.ruiz@harborpine.example',
      status: 'open',
    });
    expect(found.checklist.find((s) => s.stepId === 'acknowledge')?.doneBy).toBe('ana.ruiz@harborpine.example');
    expect(found.remedies).toEqual([
      expect.objectContaining({ remedyId: 'courier-credit', amount: 2000, status: 'granted', creditNoteNumber: number }),
    ]);

    const history = await callBackground(page, 'getClientHistory', { clientKey: CLIENT });
    expect(history.givenLast365).toBe(2000);
    expect((await callBackground(page, 'listIncidents', { status: 'open' })).incidents.map((i) => i.id)).toEqual([
      started.id,
    ]);

    // The sequence survived the restart too: the next credit note continues it.
    const second = await callBackground(page, 'startIncident', {
      client: { clientKey: CLIENT, name: 'Alice Moreau', email: CLIENT, source: { tool: 'manual', label: 'Manual' } },
      category: 'billing-error',
      summary: 'Charged twice',
    });
    const next = await callBackground(page, 'grantRemedy', { incidentId: second.id, remedyId: 'courier-credit', amount: 500 });
    expect(next.remedies[0]?.creditNoteNumber).toBe(number!.replace(/0001$/, '0002'));

    const options = await openOptions(session);
    const csv = await exportFromOptions(options, 'csv');
    expect(csv.fileName).toMatch(/^make-it-right-ledger-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text).toContain(`"Credit note","credit","${number}",`);
    expect(csv.text).toContain(
      `"Credit the courier fee",20.00,"USD","ana.ruiz@harborpine.example","ana.ruiz@harborpine.example","Unverified: self-declared email","${started.id}"`,
    );

    // The exports after a change, from the text the ledger keeps ready: the change is in them.
    const json = await exportFromOptions(options, 'json');
    expect(JSON.parse(json.text).incidents.find((i: { id: string }) => i.id === second.id).status).toBe('open');
    const third = await callBackground(page, 'grantRemedy', { incidentId: second.id, remedyId: 'courier-credit', amount: 700 });
    await callBackground(page, 'resolveIncident', { incidentId: second.id });
    const again = await exportFromOptions(options, 'json');
    const resolved = JSON.parse(again.text).incidents.find((i: { id: string }) => i.id === second.id);
    expect(resolved.status).toBe('resolved');
    expect(resolved.remedies).toHaveLength(2);
    const csvAgain = await exportFromOptions(options, 'csv');
    expect(csvAgain.text).toContain(`"${third.remedies[1]!.creditNoteNumber}"`);
    expect(csvAgain.text.split('\r\n').length).toBe(csv.text.split('\r\n').length + 1);
  });
});
