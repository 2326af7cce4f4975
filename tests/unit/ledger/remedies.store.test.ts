import { describe, expect, it, vi } from 'vitest';
import { examplePolicy } from '../example-policy';
import { ANA, BEN, CARLA, STRANGER, freshLedger, input } from './helpers';

const T0 = Date.UTC(2026, 10, 25, 14, 0);

async function withIncident(at = T0) {
  const ledger = await freshLedger();
  const policy = examplePolicy();
  const incident = await ledger.startIncident(input(), ANA, policy, at);
  return { ledger, policy, incident };
}

describe('granting a remedy', () => {
  it('grants inside authority with a credit note number, and records who and when', async () => {
    const { ledger, policy, incident } = await withIncident();
    const after = await ledger.grantRemedy(
      { incidentId: incident.id, remedyId: 'courier-credit', amount: 2000, note: ' courier to the old address ' },
      ANA, policy, T0 + 1000,
    );
    expect(after.remedies).toEqual([
      expect.objectContaining({
        remedyId: 'courier-credit',
        label: 'Credit the courier fee',
        kind: 'credit',
        amount: 2000,
        currency: 'USD',
        status: 'granted',
        decision: 'within-authority',
        requestedBy: ANA.email,
        requestedByRole: 'front-desk',
        grantedAt: T0 + 1000,
        creditNoteNumber: 'CN-2026-0001',
        note: 'courier to the old address',
      }),
    ]);
    expect(await ledger.getIncident(incident.id)).toEqual(after);
  });

  it('gives gifts and apologies no credit note number, and an apology no money', async () => {
    const { ledger, policy, incident } = await withIncident();
    await ledger.grantRemedy({ incidentId: incident.id, remedyId: 'apology', amount: 999 }, ANA, policy, T0);
    const after = await ledger.grantRemedy({ incidentId: incident.id, remedyId: 'flowers', amount: 2000 }, BEN, policy, T0);
    expect(after.remedies.map((r) => [r.remedyId, r.amount, r.creditNoteNumber])).toEqual([
      ['apology', 0, undefined],
      ['flowers', 2000, undefined],
    ]);
  });

  it('refuses above authority with the reason, and writes nothing', async () => {
    const { ledger, policy, incident } = await withIncident();
    await expect(
      ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 2501 }, ANA, policy, T0),
    ).rejects.toThrow('Above your $25.00 per-incident limit: a Manager must approve');
    await expect(
      ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 1 }, STRANGER, policy, T0),
    ).rejects.toThrow("You are not on the firm's staff list");
    expect((await ledger.getIncident(incident.id))?.remedies).toEqual([]);
  });

  it('decides against what is stored: two grants that each fit but not together', async () => {
    const { ledger, policy, incident } = await withIncident();
    const results = await Promise.allSettled([
      ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 1500 }, ANA, policy, T0),
      ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 1500 }, ANA, policy, T0),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await ledger.getIncident(incident.id))?.remedies).toHaveLength(1);
  });

  it('refuses remedies on a resolved incident and unknown remedies', async () => {
    const { ledger, policy, incident } = await withIncident();
    await expect(
      ledger.grantRemedy({ incidentId: incident.id, remedyId: 'yacht', amount: 1 }, ANA, policy, T0),
    ).rejects.toThrow('"yacht" is not a remedy');
    await ledger.resolveIncident(incident.id, ANA, T0);
    await expect(
      ledger.grantRemedy({ incidentId: incident.id, remedyId: 'apology', amount: 0 }, ANA, policy, T0),
    ).rejects.toThrow('This incident is resolved');
  });

});

describe('credit note numbers', () => {
  it('are distinct and consecutive under 20 concurrent grants', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    const incidents = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ledger.startIncident(input(`c${i}@client.example`, `C${i}`), ANA, policy, T0)),
    );
    const granted = await Promise.all(
      incidents.map((inc) =>
        ledger.grantRemedy({ incidentId: inc.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, T0),
      ),
    );
    const numbers = granted.map((inc) => inc.remedies[0]!.creditNoteNumber).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `CN-2026-${String(i + 1).padStart(4, '0')}`));
  });

  it('take the year in the firm\'s time zone and restart each year', async () => {
    const { ledger, policy, incident } = await withIncident(Date.UTC(2026, 11, 31, 12));
    // 03:30 UTC on 1 January is still 31 December in New York.
    const nyEve = Date.UTC(2027, 0, 1, 3, 30);
    const a = await ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 500 }, ANA, policy, nyEve);
    const b = await ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 500 }, ANA, policy, Date.UTC(2027, 0, 1, 6));
    expect(a.remedies[0]?.creditNoteNumber).toBe('CN-2026-0001');
    expect(b.remedies[1]?.creditNoteNumber).toBe('CN-2027-0001');
  });

  it('are not consumed by a write that fails, and the failed grant leaves no record', async () => {
    const { ledger, policy, incident } = await withIncident();
    const original = IDBObjectStore.prototype.put;
    const put = vi
      .spyOn(IDBObjectStore.prototype, 'put')
      .mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (this.name === 'buckets') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      });
    await expect(
      ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, T0),
    ).rejects.toThrow('Could not save: the browser has no storage space left for the ledger');
    put.mockRestore();
    expect((await ledger.getIncident(incident.id))?.remedies).toEqual([]);
    const after = await ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, T0);
    expect(after.remedies.map((r) => r.creditNoteNumber)).toEqual(['CN-2026-0001']);
  });

  it('surfaces a closed connection as an error to show, not a silent loss', async () => {
    const { ledger, policy, incident } = await withIncident();
    ledger.close();
    await expect(
      ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, T0),
    ).rejects.toThrow('Could not save: the ledger was closed');
  });
});

describe('approval above authority', () => {
  async function pending() {
    const { ledger, policy, incident } = await withIncident();
    const requested = await ledger.requestApproval(
      { incidentId: incident.id, remedyId: 'consult-refund', amount: 30000 }, ANA, policy, T0,
    );
    return { ledger, policy, incident, grant: requested.remedies[0]! };
  }

  it('records the request as pending, with no number and nothing counted yet', async () => {
    const { ledger, policy, incident, grant } = await pending();
    expect(grant).toMatchObject({ status: 'pending', decision: 'needs-approval', amount: 30000, requestedBy: ANA.email });
    expect(grant.creditNoteNumber).toBeUndefined();
    expect((await ledger.clientHistory(incident.clientKey, T0)).givenLast365).toBe(0);
    // A pending request uses none of the requester's own authority.
    await ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 2500 }, ANA, policy, T0);
  });

  it('is granted when a manager or above approves, and then numbered and counted', async () => {
    const { ledger, policy, incident, grant } = await pending();
    const approved = await ledger.markApproved(incident.id, grant.id, ' Carla.Meyer@harborpine.example ', policy, T0 + 5000);
    expect(approved.remedies[0]).toMatchObject({
      status: 'granted',
      decision: 'approved',
      approvedBy: CARLA.email,
      grantedAt: T0 + 5000,
      creditNoteNumber: 'CN-2026-0001',
    });
    expect((await ledger.clientHistory(incident.clientKey, T0 + 5000)).givenLast365).toBe(30000);
    await expect(ledger.markApproved(incident.id, grant.id, CARLA.email, policy, T0)).rejects.toThrow('already decided');
  });

  it('accepts a partner, higher in the chain', async () => {
    const { ledger, policy, incident, grant } = await pending();
    const approved = await ledger.markApproved(incident.id, grant.id, 'dev.patel@harborpine.example', policy, T0);
    expect(approved.remedies[0]?.approvedBy).toBe('dev.patel@harborpine.example');
  });

  it('refuses a peer, someone below, or someone not on the staff list', async () => {
    const { ledger, policy, incident, grant } = await pending();
    await expect(ledger.markApproved(incident.id, grant.id, BEN.email, policy, T0)).rejects.toThrow(
      'Ben Okafor cannot approve this: it needs a Manager or above',
    );
    await expect(ledger.markApproved(incident.id, grant.id, ANA.email, policy, T0)).rejects.toThrow('cannot approve');
    await expect(ledger.markApproved(incident.id, grant.id, 'boss@elsewhere.example', policy, T0)).rejects.toThrow(
      "boss@elsewhere.example is not on the firm's staff list",
    );
    expect((await ledger.getIncident(incident.id))?.remedies[0]?.status).toBe('pending');
  });

  it('above a manager\'s own limits, only a partner may approve', async () => {
    const { ledger, policy, incident } = await withIncident();
    const requested = await ledger.requestApproval(
      { incidentId: incident.id, remedyId: 'consult-refund', amount: 60000 }, ANA, policy, T0,
    );
    const grant = requested.remedies[0]!;
    await expect(ledger.markApproved(incident.id, grant.id, CARLA.email, policy, T0)).rejects.toThrow(
      'Carla Meyer cannot approve this: it needs a Partner or above',
    );
    expect((await ledger.getIncident(incident.id))?.remedies[0]?.status).toBe('pending');
    const approved = await ledger.markApproved(incident.id, grant.id, 'dev.patel@harborpine.example', policy, T0);
    expect(approved.remedies[0]).toMatchObject({ status: 'granted', approvedBy: 'dev.patel@harborpine.example' });
  });

  it('cannot ask for more than anyone in the chain may give', async () => {
    const { ledger, policy, incident } = await withIncident();
    await expect(
      ledger.requestApproval({ incidentId: incident.id, remedyId: 'consult-refund', amount: 200001 }, ANA, policy, T0),
    ).rejects.toThrow('Above your $25.00 per-incident limit: no role in the policy can approve it');
  });

  it('cannot ask for more than a remedy\'s maximum: no one can approve it', async () => {
    const { ledger, policy, incident } = await withIncident();
    await expect(
      ledger.requestApproval({ incidentId: incident.id, remedyId: 'flowers', amount: 8001 }, ANA, policy, T0),
    ).rejects.toThrow('Above the $80.00 maximum for Get-well flowers: no one can approve more');
  });
});

describe('steps a grant completes', () => {
  it('ticks "make it up" and "record what was given" when a remedy is granted, and only those', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    policy.checklist = policy.checklist.map((s) => (s.id === 'make-up' || s.id === 'record' ? { ...s, completedByGrant: true } : s));
    const incident = await ledger.startIncident(input(), ANA, policy, T0);
    const after = await ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, T0 + 1000);
    const done = after.checklist.filter((s) => s.doneAt !== undefined);
    expect(done.map((s) => [s.stepId, s.doneAt, s.doneBy])).toEqual([
      ['make-up', T0 + 1000, ANA.email],
      ['record', T0 + 1000, ANA.email],
    ]);
  });

  it('ticks them when an approval grants the remedy, in the requester\'s name', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    policy.checklist = policy.checklist.map((s) => (s.id === 'record' ? { ...s, completedByGrant: true } : s));
    const incident = await ledger.startIncident(input(), ANA, policy, T0);
    const asked = await ledger.requestApproval({ incidentId: incident.id, remedyId: 'consult-refund', amount: 30000 }, ANA, policy, T0);
    expect(asked.checklist.find((s) => s.stepId === 'record')?.doneAt).toBeUndefined();
    const approved = await ledger.markApproved(incident.id, asked.remedies[0]!.id, CARLA.email, policy, T0 + 5000);
    expect(approved.checklist.find((s) => s.stepId === 'record')).toMatchObject({ doneAt: T0 + 5000, doneBy: ANA.email });
  });

  it('ticks nothing without the policy saying so', async () => {
    const { ledger, policy, incident } = await withIncident();
    const after = await ledger.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 2000 }, ANA, policy, T0 + 1000);
    expect(after.checklist.every((s) => s.doneAt === undefined)).toBe(true);
  });
});
