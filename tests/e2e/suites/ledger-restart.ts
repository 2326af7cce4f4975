import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../utils/ledger/types';
import { fixture } from '../common';
import type { BackgroundCall } from './extension-page';

// The same story in every browser the extension ships for: the ledger survives what the browser does
// to an idle extension (Chromium stops its service worker; Firefox suspends its event page), and the
// next message wakes a fresh background that opens the database again. Each browser's test file
// passes its own way of talking to the background and of stopping it.

export interface ExtensionUnderTest {
  call: BackgroundCall;
  /** Stops the background as the browser does when idle; resolves once the next message has woken a fresh one. */
  restartBackground(): Promise<void>;
}

const CLIENT = 'alice.moreau@client.example';
const client = { clientKey: CLIENT, name: 'Alice Moreau', email: CLIENT, source: { tool: 'manual' as const, label: 'Manual' } };

export function ledgerSurvivesRestart(browserName: string, extension: () => ExtensionUnderTest): void {
  describe(`the incident ledger in ${browserName}`, () => {
    it('keeps an incident, its remedy, its checklist and its credit-note series across a restart of the background', async () => {
      const { call, restartBackground } = extension();
      await call('importPolicy', { text: fixture('policy/example.json'), fileName: 'example.json' });
      const settings = await call('setSettings', { selfEmail: 'Ana.Ruiz@harborpine.example' });
      expect(settings.me).toEqual({ email: 'ana.ruiz@harborpine.example', name: 'Ana Ruiz', role: 'front-desk', identity: 'self-declared' });
      const started = await call('startIncident', { client, category: 'shipping-error', summary: 'Sent the signed return to the old address' });
      await expect(call('grantRemedy', { incidentId: started.id, remedyId: 'courier-credit', amount: 2501 })).rejects.toThrow(
        'Above your $25.00 per-incident limit: a Manager must approve',
      );
      const granted = await call('grantRemedy', { incidentId: started.id, remedyId: 'courier-credit', amount: 2000 });
      const number = granted.remedies[0]?.creditNoteNumber;
      expect(number).toMatch(/^CN-\d{4}-0001$/);
      await call('tickStep', { incidentId: started.id, stepId: 'acknowledge', done: true });

      await restartBackground();

      const found = (await call('getIncident', { incidentId: started.id })) as Incident;
      expect(found).toMatchObject({
        id: started.id,
        clientKey: CLIENT,
        clientName: 'Alice Moreau',
        summary: 'Sent the signed return to the old address',
        createdBy: 'ana.ruiz@harborpine.example',
        status: 'open',
      });
      expect(found.checklist.find((s) => s.stepId === 'acknowledge')?.doneBy).toBe('ana.ruiz@harborpine.example');
      expect(found.remedies).toEqual([expect.objectContaining({ remedyId: 'courier-credit', amount: 2000, status: 'granted', creditNoteNumber: number })]);
      expect((await call('getClientHistory', { clientKey: CLIENT })).givenLast365).toBe(2000);
      expect((await call('listIncidents', { status: 'open' })).incidents.map((i) => i.id)).toEqual([started.id]);
      // Who I am and the policy in force came back with it.
      expect((await call('getSettings', undefined)).me?.name).toBe('Ana Ruiz');

      // The series survived the restart too: the next credit note continues it.
      const second = await call('startIncident', { client, category: 'billing-error', summary: 'Charged twice' });
      const next = await call('grantRemedy', { incidentId: second.id, remedyId: 'courier-credit', amount: 500 });
      expect(next.remedies[0]?.creditNoteNumber).toBe(number!.replace(/0001$/, '0002'));
    });
  });
}
