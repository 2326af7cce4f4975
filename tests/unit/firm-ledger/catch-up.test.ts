import { describe, expect, it } from 'vitest';
import { byIncident, readWholeLater, startCatchUp, wholeInBatch, TO_READ_MAX } from '@/utils/firm-ledger/catch-up';
import type { LedgerRecord } from '@/utils/firm-ledger/records';

// A first replication folds each batch as it arrives. An incident is folded from a batch only when
// the batch must hold all its records; any other is read whole from the replica at the end, so no
// incident is ever folded from part of its records.

const record = (incidentId: string, what: string): LedgerRecord =>
  ({ _id: `${incidentId}/${what}`, v: 1, type: what === 'opened' ? 'incident-opened' : 'remedy-granted', incidentId, author: 'carla.meyer@harborpine.example', at: 1 }) as unknown as LedgerRecord;

describe('folding batch by batch while replication catches up', () => {
  it('folds incidents new to this browser whose records all came in one batch', () => {
    const state = startCatchUp();
    const batch = byIncident([record('a', 'opened'), record('b', 'opened'), record('a', 'granted')]);
    expect(wholeInBatch(state, batch, new Set()).map((records) => records.map((r) => r._id))).toEqual([['a/opened', 'a/granted'], ['b/opened']]);
    expect([...state.toRead!]).toEqual([]);
  });

  it('leaves an incident whose records straddle two batches, or that this browser held, to be read whole', () => {
    const state = startCatchUp();
    wholeInBatch(state, byIncident([record('a', 'opened'), record('b', 'opened')]), new Set());
    const second = wholeInBatch(state, byIncident([record('b', 'granted'), record('c', 'granted'), record('d', 'opened')]), new Set(['c']));
    expect(second.map((records) => records[0]!.incidentId)).toEqual(['d']);
    expect([...state.toRead!].sort()).toEqual(['b', 'c']);
  });

  it('reads the whole replica instead once too many incidents are left over', () => {
    const state = startCatchUp();
    for (let i = 0; i <= TO_READ_MAX; i++) readWholeLater(state, `i${i}`);
    expect(state.toRead).toBeNull();
    readWholeLater(state, 'later');
    expect(state.toRead).toBeNull();
  });
});
