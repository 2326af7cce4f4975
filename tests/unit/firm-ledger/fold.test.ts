import { describe, expect, it } from 'vitest';
import { foldIncident, incidentRecords } from '@/utils/firm-ledger/fold';
import { reopenRecord } from '@/utils/firm-ledger/replica';
import type { LedgerRecord } from '@/utils/firm-ledger/records';
import type { Incident } from '@/utils/ledger/types';
import { ledgerRecord, ANA, BEN, CARLA, DEV } from './records';

// An incident as the fold of its append-only records: the same records in any order, any number of
// times, give the same incident, and an answer or a grant from another browser is never lost.

const T = 1_764_000_000_000;
const rec = (type: LedgerRecord['type'], author: string, at: number, extra: Record<string, unknown> = {}) =>
  ledgerRecord(type, author, { at, role: author === CARLA ? 'manager' : 'front-desk', ...extra }) as unknown as LedgerRecord;

const opened = rec('incident-opened', ANA, T);
const tick = rec('step-ticked', ANA, T + 1_000);
const grant = rec('remedy-granted', ANA, T + 2_000, { grantId: 'g-1', creditNoteNumber: 'CN-2026-AR-0001' });
const request = rec('approval-requested', ANA, T + 3_000, { requestId: 'r-1' });
const approve = rec('approval-approved', CARLA, T + 60_000, { requestId: 'r-1', creditNoteNumber: 'CN-2026-CM-0001' });
const resolve = rec('incident-resolved', ANA, T + 90_000);
const all = [opened, tick, grant, request, approve, resolve];

describe('foldIncident', () => {
  it('gives the incident: opened, step done, a grant, an approved request, resolved', () => {
    const incident = foldIncident(all)!;
    expect(incident).toMatchObject({
      id: 'inc-1',
      clientKey: 'maya.chen@client.example',
      clientName: 'Maya Chen',
      createdBy: ANA,
      createdByRole: 'front-desk',
      createdAt: T,
      updatedAt: T + 90_000,
      status: 'resolved',
      resolvedAt: T + 90_000,
      resolvedBy: ANA,
      checklist: [{ stepId: 'apologise', label: 'Apologise', doneAt: T + 1_000, doneBy: ANA }],
    });
    expect(incident.remedies).toEqual([
      expect.objectContaining({ id: 'g-1', status: 'granted', decision: 'within-authority', amount: 2000, grantedAt: T + 2_000, creditNoteNumber: 'CN-2026-AR-0001' }),
      expect.objectContaining({
        id: 'r-1',
        status: 'granted',
        decision: 'approved',
        approvedBy: CARLA,
        requestedBy: ANA,
        requestedAt: T + 3_000,
        grantedAt: T + 60_000,
        creditNoteNumber: 'CN-2026-CM-0001',
        note: 'The client lost a day of work',
      }),
    ]);
  });

  it('is the same whatever order the records arrive in, and however often', () => {
    const expected = foldIncident(all);
    for (const order of [[...all].reverse(), [approve, resolve, grant, opened, request, tick], [...all, ...all, approve]]) {
      expect(foldIncident(order)).toEqual(expected);
    }
  });

  it('waits for the opening record; ignores records of other incidents', () => {
    expect(foldIncident([tick, grant])).toBeNull();
    const other = rec('remedy-granted', ANA, T + 5, { incidentId: 'inc-2', grantId: 'g-other' });
    expect(foldIncident([...all, other])!.remedies.map((r) => r.id)).toEqual(['g-1', 'r-1']);
  });

  it('an unticked step is not done; ticked again, it is', () => {
    const untick = rec('step-unticked', BEN, T + 5_000);
    expect(foldIncident([opened, tick, untick])!.checklist[0]).toEqual({ stepId: 'apologise', label: 'Apologise', dueAt: 1_764_000_600_000 });
    const again = rec('step-ticked', BEN, T + 6_000);
    expect(foldIncident([opened, tick, untick, again])!.checklist[0]).toMatchObject({ doneAt: T + 6_000, doneBy: BEN });
  });

  it('a request waits, then the first answer decides it: a later answer from another browser changes nothing', () => {
    expect(foldIncident([opened, request])!.remedies[0]).toMatchObject({ status: 'pending', decision: 'needs-approval' });
    const decline = rec('approval-declined', DEV, T + 70_000, { requestId: 'r-1', reason: 'Too much' });
    expect(foldIncident([opened, request, decline])!.remedies[0]).toMatchObject({ status: 'declined' });
    expect(foldIncident([opened, request, decline, approve])!.remedies[0]).toMatchObject({ status: 'granted', approvedBy: CARLA });
  });

  it('a grant another browser recorded after the incident was resolved still counts', () => {
    const late = rec('remedy-granted', CARLA, T + 100_000, { grantId: 'g-late' });
    const incident = foldIncident([...all, late])!;
    expect(incident.status).toBe('resolved');
    expect(incident.remedies.map((r) => r.id)).toEqual(['g-1', 'r-1', 'g-late']);
  });
});

describe('reopening', () => {
  const reopen = (author: string, at: number, reopens: string[]) => rec('incident-reopened', author, at, { reopens });

  it('undoes the resolve it names: the incident is open, the resolve still on record', () => {
    const reopened = foldIncident([...all, reopen(BEN, T + 95_000, [resolve._id])])!;
    expect(reopened.status).toBe('open');
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.resolvedBy).toBeUndefined();
    expect(reopened.updatedAt).toBe(T + 95_000);
    expect(reopened.remedies.map((r) => r.id)).toEqual(['g-1', 'r-1']);
  });

  it('resolved again after a reopening, it is resolved as of the new resolve', () => {
    const again = rec('incident-resolved', CARLA, T + 120_000);
    const incident = foldIncident([...all, reopen(BEN, T + 95_000, [resolve._id]), again])!;
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: T + 120_000, resolvedBy: CARLA });
  });

  it('whatever order the records arrive in, and whatever the clocks say', () => {
    // Ben's clock is behind: his reopening is stamped before the resolve it undoes.
    const early = reopen(BEN, T + 80_000, [resolve._id]);
    for (const order of [[...all, early], [early, ...all], [early, resolve, opened, tick, grant, request, approve, early]]) {
      expect(foldIncident(order)).toMatchObject({ status: 'open' });
    }
    // A reopening of one resolve leaves another browser's resolve, made meanwhile, in effect.
    const other = rec('incident-resolved', CARLA, T + 91_000);
    expect(foldIncident([...all, other, early])).toMatchObject({ status: 'resolved', resolvedBy: CARLA, resolvedAt: T + 91_000 });
  });

  it('reopenRecord undoes every resolve in effect, and is null when none is', () => {
    const other = rec('incident-resolved', CARLA, T + 91_000);
    const record = reopenRecord([...all, other], DEV, T + 99_000, 'n1')!;
    expect(record).toMatchObject({ type: 'incident-reopened', author: DEV, at: T + 99_000, incidentId: 'inc-1', reopens: [resolve._id, other._id] });
    expect(foldIncident([...all, other, record])!.status).toBe('open');
    expect(reopenRecord([...all, record], DEV, T + 99_500, 'n2')).toBeNull();
    expect(reopenRecord([opened, tick], DEV, T + 99_500, 'n3')).toBeNull();
  });
});

describe('incidentRecords (the upgrade of an incident kept as one record)', () => {
  const incident = foldIncident(all)!;
  const toRole = (role: string) => (role === 'front-desk' ? 'manager' : 'partner');

  it('folds back to the same incident', () => {
    expect(foldIncident(incidentRecords(incident, toRole))).toEqual(incident);
  });

  it('gives the same record ids every time, so upgrading twice doubles nothing', () => {
    const first = incidentRecords(incident, toRole).map((r) => r._id);
    expect(incidentRecords(structuredClone(incident), toRole).map((r) => r._id)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('a resolve after a reopening is a record of its own, never taken for the first', () => {
    const reopened = reopenRecord(all, BEN, T + 95_000, 'n')!;
    const again = foldIncident([...all, reopened, rec('incident-resolved', ANA, T + 120_000)])!;
    const first = incidentRecords(incident, toRole).find((r) => r.type === 'incident-resolved')!;
    const second = incidentRecords(again, toRole).find((r) => r.type === 'incident-resolved')!;
    expect(second._id).not.toBe(first._id);
    expect(foldIncident([...all, reopened, second])).toMatchObject({ status: 'resolved', resolvedAt: T + 120_000 });
  });

  it('addresses a pending request to the role the policy names', () => {
    const pending: Incident = foldIncident([opened, request])!;
    const records = incidentRecords(pending, toRole);
    expect(records.find((r) => r.type === 'approval-requested')).toMatchObject({ toRole: 'manager', author: ANA });
  });
});

describe('clocks that disagree', () => {
  it('an approval stamped before the request (the approver\'s clock is behind) still answers it', () => {
    const early = rec('approval-approved', CARLA, T + 2_500, { requestId: 'r-1' });
    expect(foldIncident([opened, early, request])!.remedies[0]).toMatchObject({ status: 'granted', approvedBy: CARLA });
  });
});
