import { describe, expect, it } from 'vitest';
import { ANSWER_MISMATCH, TAMPERED, foldIncident as fold, incidentRecords } from '@/utils/firm-ledger/fold';
import { reopenRecord } from '@/utils/firm-ledger/replica';
import type { LedgerRecord } from '@/utils/firm-ledger/records';
import type { Incident } from '@/utils/ledger/types';
import { ledgerRecord, requestIdOf, ANA, BEN, CARLA, DEV, INCIDENT } from './records';

// An incident as the fold of its append-only records: the same records in any order, any number of
// times, give the same incident, and an answer or a grant from another browser is never lost. The
// fold believes no record on its word: what proves nothing, or was tampered with, is set aside.

const T = 1_764_000_000_000;
const NOW = T + 86_400_000;
const foldIncident = (records: readonly LedgerRecord[], now = NOW) => fold(records, now);
const rec = (type: LedgerRecord['type'], author: string, at: number, extra: Record<string, unknown> = {}) =>
  ledgerRecord(type, author, { at, role: author === CARLA ? 'manager' : 'front-desk', ...extra }) as unknown as LedgerRecord;

const G1 = `${ANA}:g-1`;
const R1 = requestIdOf(ANA, 'consult-refund', 50000);
const opened = rec('incident-opened', ANA, T);
const tick = rec('step-ticked', ANA, T + 1_000);
const grant = rec('remedy-granted', ANA, T + 2_000, { grantId: G1, creditNoteNumber: 'CN-2026-AR-0001' });
const request = rec('approval-requested', ANA, T + 3_000, { requestId: R1 });
const approve = rec('approval-approved', CARLA, T + 60_000, { requestId: R1, creditNoteNumber: 'CN-2026-CM-0001' });
const resolve = rec('incident-resolved', ANA, T + 90_000);
const all = [opened, tick, grant, request, approve, resolve];

describe('foldIncident', () => {
  it('gives the incident: opened, step done, a grant, an approved request, resolved', () => {
    const incident = foldIncident(all)!;
    expect(incident).toMatchObject({
      id: INCIDENT,
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
      expect.objectContaining({ id: G1, status: 'granted', decision: 'within-authority', amount: 2000, grantedAt: T + 2_000, creditNoteNumber: 'CN-2026-AR-0001' }),
      expect.objectContaining({
        id: R1,
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
    const other = rec('remedy-granted', ANA, T + 5, { incidentId: `${ANA}:inc-2`, grantId: `${ANA}:g-other` });
    expect(foldIncident([...all, other])!.remedies.map((r) => r.id)).toEqual([G1, R1]);
  });

  it('an unticked step is not done; ticked again, it is', () => {
    const untick = rec('step-unticked', BEN, T + 5_000);
    expect(foldIncident([opened, tick, untick])!.checklist[0]).toEqual({ stepId: 'apologise', label: 'Apologise', dueAt: 1_764_000_600_000 });
    const again = rec('step-ticked', BEN, T + 6_000);
    expect(foldIncident([opened, tick, untick, again])!.checklist[0]).toMatchObject({ doneAt: T + 6_000, doneBy: BEN });
  });

  it('a request waits, then its one answer decides it', () => {
    expect(foldIncident([opened, request])!.remedies[0]).toMatchObject({ status: 'pending', decision: 'needs-approval' });
    const decline = rec('approval-declined', DEV, T + 70_000, { requestId: R1, reason: 'Too much' });
    expect(foldIncident([opened, request, decline])!.remedies[0]).toMatchObject({ status: 'declined', declinedBy: DEV });
    expect(foldIncident([opened, request, approve])!.remedies[0]).toMatchObject({ status: 'granted', approvedBy: CARLA });
    // The answer's id is the request's: a second answer cannot be written beside the first.
    expect(decline._id).toBe(approve._id);
  });

  it('a grant another browser recorded after the incident was resolved still counts', () => {
    const late = rec('remedy-granted', CARLA, T + 100_000, { grantId: `${CARLA}:g-late` });
    const incident = foldIncident([...all, late])!;
    expect(incident.status).toBe('resolved');
    expect(incident.remedies.map((r) => r.id)).toEqual([G1, R1, `${CARLA}:g-late`]);
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
    expect(reopened.remedies.map((r) => r.id)).toEqual([G1, R1]);
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
    expect(record).toMatchObject({ type: 'incident-reopened', author: DEV, at: T + 99_000, incidentId: INCIDENT, reopens: [resolve._id, other._id] });
    expect(foldIncident([...all, other, record])!.status).toBe('open');
    expect(reopenRecord([...all, record], DEV, T + 99_500, 'n2')).toBeNull();
    expect(reopenRecord([opened, tick], DEV, T + 99_500, 'n3')).toBeNull();
  });
});

describe('incidentRecords (the upgrade of an incident kept as one record)', () => {
  const incident = foldIncident(all)!;

  it('folds back to the same incident', () => {
    expect(foldIncident(incidentRecords(incident))).toEqual(incident);
  });

  it('gives the same record ids every time, so upgrading twice doubles nothing', () => {
    const first = incidentRecords(incident).map((r) => r._id);
    expect(incidentRecords(structuredClone(incident)).map((r) => r._id)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('a resolve after a reopening is a record of its own, never taken for the first', () => {
    const reopened = reopenRecord(all, BEN, T + 95_000, 'n')!;
    const again = foldIncident([...all, reopened, rec('incident-resolved', ANA, T + 120_000)])!;
    const first = incidentRecords(incident).find((r) => r.type === 'incident-resolved')!;
    const second = incidentRecords(again).find((r) => r.type === 'incident-resolved')!;
    expect(second._id).not.toBe(first._id);
    expect(foldIncident([...all, reopened, second])).toMatchObject({ status: 'resolved', resolvedAt: T + 120_000 });
  });

  it('writes records that prove themselves, of the current format', () => {
    const records = incidentRecords(incident);
    expect(records.every((r) => r.v === 2)).toBe(true);
    expect(fold(records, NOW)?.setAside).toBeUndefined();
  });
});

describe('clocks that disagree', () => {
  it('an approval stamped before the request (the approver\'s clock is behind) still answers it', () => {
    const early = rec('approval-approved', CARLA, T + 2_500, { requestId: R1 });
    expect(foldIncident([opened, early, request])!.remedies[0]).toMatchObject({ status: 'granted', approvedBy: CARLA });
  });
});

describe('records that lie are set aside, never applied', () => {
  const asideReasons = (incident: Incident | null) => incident?.setAside?.map((a) => a.reason) ?? [];

  it("an approval stating another amount than the request's, or naming another requester, answers nothing", () => {
    const big = rec('approval-requested', ANA, T + 3_000, { requestId: requestIdOf(ANA, 'consult-refund', 150000), amount: 150000 });
    // Server-side the id would not match; a server with older rules might still hold it.
    const bigId = (big as unknown as { requestId: string }).requestId;
    const lying = { ...approve, requestId: bigId, amount: 10000, _id: `${INCIDENT}/answer/${bigId}` } as LedgerRecord;
    const incident = foldIncident([opened, big, lying]);
    expect(incident!.remedies[0]).toMatchObject({ status: 'pending' });
    expect(incident!.setAside?.map((a) => a.recordId)).toEqual([lying._id]);
    const otherRequester = { ...approve, requestedBy: BEN } as LedgerRecord;
    expect(foldIncident([opened, request, otherRequester])!.remedies[0]).toMatchObject({ status: 'pending' });
  });

  it('an answer to one\'s own request is set aside', () => {
    const own = { ...approve, author: ANA } as LedgerRecord;
    expect(foldIncident([opened, request, own])!.remedies[0]).toMatchObject({ status: 'pending' });
  });

  it('a record dated in the future counts nowhere', () => {
    const future = rec('remedy-granted', ANA, NOW + 1000 * 365 * 86_400_000, { grantId: `${ANA}:g-3026`, amount: 2500 });
    const incident = foldIncident([...all, future]);
    expect(incident!.remedies.map((r) => r.id)).toEqual([G1, R1]);
    expect(asideReasons(incident)[0]).toMatch(/dated in the future/);
  });

  it("a grant that reuses a colleague's grant id, or an opening of a colleague's incident, proves nothing", () => {
    const hidden = rec('remedy-granted', BEN, T + 1_500, { grantId: G1, amount: 0, _id: `${INCIDENT}/granted/${G1}` });
    const incident = foldIncident([...all, hidden]);
    expect(incident!.remedies.find((r) => r.id === G1)).toMatchObject({ amount: 2000, requestedBy: ANA });
    expect(asideReasons(incident)).toEqual([expect.stringMatching(/ids belong to their author/)]);
    const moved = { ...opened, author: BEN, at: T - 1_000, clientKey: 'someone.else@client.example' } as LedgerRecord;
    const stolen = foldIncident([moved, tick, grant]);
    expect(stolen).toBeNull();
  });

  it('a record held in two versions was tampered with: set aside, and the opening flagged', () => {
    const branched = { ...grant, conflicted: true } as LedgerRecord;
    const incident = foldIncident([opened, branched]);
    expect(incident!.remedies).toEqual([]);
    expect(incident!.setAside).toEqual([{ recordId: grant._id, author: ANA, reason: TAMPERED }]);
    // Two contents under one id, as a replication batch may bring two branches.
    const rewritten = { ...grant, amount: 0 } as LedgerRecord;
    expect(foldIncident([opened, grant, rewritten])!.setAside?.map((a) => a.reason)).toEqual([TAMPERED]);
    const openedTwice = foldIncident([{ ...opened, conflicted: true } as LedgerRecord, grant]);
    expect(openedTwice!.setAside?.map((a) => a.reason)).toEqual([TAMPERED]);
    expect(openedTwice!.remedies).toHaveLength(1);
  });

  it('records of the first format are read as they are', () => {
    const v1 = { ...opened, v: 1, incidentId: 'inc-1', _id: 'inc-1/opened' } as LedgerRecord;
    const v1grant = { ...grant, v: 1, incidentId: 'inc-1', grantId: 'g-1', _id: 'inc-1/granted/g-1' } as LedgerRecord;
    expect(foldIncident([v1, v1grant])!.remedies.map((r) => r.id)).toEqual(['g-1']);
  });

  it(`answers that do not match are named: ${ANSWER_MISMATCH.slice(0, 20)}…`, () => {
    const wrong = { ...approve, remedyId: 'flowers' } as LedgerRecord;
    expect(asideReasons(foldIncident([opened, request, wrong]))).toEqual([expect.stringMatching(/The request's id is|does not match/)]);
  });
});
