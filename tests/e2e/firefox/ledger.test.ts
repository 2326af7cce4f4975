import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../utils/ledger/types';
import { fixture } from '../common';
import { callBackground, launchFirefox, openOptions, waitForBackgroundRestart, type FirefoxSession } from './harness';

// The ledger survives what Firefox does to an MV3 add-on: its background is an event page, suspended
// when idle (here after 1 s instead of 30 s) and started again by the next message.

const CLIENT = 'alice.moreau@client.example';
const client = { clientKey: CLIENT, name: 'Alice Moreau', email: CLIENT, source: { tool: 'manual' as const, label: 'Manual' } };

let session: FirefoxSession;

beforeAll(async () => {
  session = await launchFirefox({ backgroundIdleMs: 1_000 });
});

afterAll(async () => {
  await session?.close();
});

describe('incident ledger in Firefox', () => {
  it('keeps an incident, its remedy and its credit-note sequence across a restart of the event page', async () => {
    const page = await openOptions(session);
    await callBackground(page, 'importPolicy', { text: fixture('policy/example.json'), fileName: 'example.json' });
    await callBackground(page, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
    const started = await callBackground(page, 'startIncident', {
      client,
      category: 'shipping-error',
      summary: 'Sent the signed return to the old address',
    });
    const granted = await callBackground(page, 'grantRemedy', { incidentId: started.id, remedyId: 'courier-credit', amount: 2000 });
    const number = granted.remedies[0]?.creditNoteNumber;
    expect(number).toMatch(/^CN-\d{4}-0001$/);
    await callBackground(page, 'tickStep', { incidentId: started.id, stepId: 'acknowledge', done: true });

    await waitForBackgroundRestart(page);

    const found = (await callBackground(page, 'getIncident', { incidentId: started.id })) as Incident;
    expect(found).toMatchObject({ id: started.id, clientKey: CLIENT, summary: 'Sent the signed return to the old address', status: 'open' });
    expect(found.checklist.find((s) => s.stepId === 'acknowledge')?.doneBy).toBe('ana.ruiz@harborpine.example');
    expect(found.remedies).toEqual([
      expect.objectContaining({ remedyId: 'courier-credit', amount: 2000, status: 'granted', creditNoteNumber: number }),
    ]);
    expect((await callBackground(page, 'getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(2000);
    // Who I am and the policy in force came back with it.
    expect((await callBackground(page, 'getSettings', undefined)).me?.name).toBe('Ana Ruiz');

    const second = await callBackground(page, 'startIncident', { client, category: 'billing-error', summary: 'Charged twice' });
    const next = await callBackground(page, 'grantRemedy', { incidentId: second.id, remedyId: 'courier-credit', amount: 500 });
    expect(next.remedies[0]?.creditNoteNumber).toBe(number!.replace(/0001$/, '0002'));
  });
});
