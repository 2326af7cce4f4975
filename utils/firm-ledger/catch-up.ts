import type { LedgerRecord } from './records';

// Folding while replication catches up (a first replication, a long time offline), batch by batch
// with the records in hand, instead of reading the whole replica back once it has caught up. An
// incident is folded from a batch only when the batch can hold all its records: the ledger did not
// have it, and no earlier batch brought any of its records. Every other incident the batch touches
// is read whole from the replica once replication has caught up: those are few (an incident whose
// records straddle two batches, one this browser already had), unless there are too many, when one
// pass over the whole replica folds everything.

/** Beyond this many incidents to read whole, one pass over the replica is cheaper. */
export const TO_READ_MAX = 1_000;

export interface CatchUp {
  /** Incidents any batch of this catch-up brought records for. */
  seen: Set<string>;
  /** Incidents to read whole from the replica once caught up; null: fold the whole replica. */
  toRead: Set<string> | null;
}

export function startCatchUp(): CatchUp {
  return { seen: new Set(), toRead: new Set() };
}

/** A batch's records by incident, in the order they came. */
export function byIncident(records: readonly LedgerRecord[]): Map<string, LedgerRecord[]> {
  const groups = new Map<string, LedgerRecord[]>();
  for (const record of records) {
    const group = groups.get(record.incidentId);
    if (group) group.push(record);
    else groups.set(record.incidentId, [record]);
  }
  return groups;
}

export function readWholeLater(state: CatchUp, incidentId: string): void {
  if (!state.toRead) return;
  state.toRead.add(incidentId);
  if (state.toRead.size > TO_READ_MAX) state.toRead = null;
}

/**
 * The incidents of a batch that it holds whole (each one's records), given which of its incidents
 * the ledger already `held`; the others are left to be read whole once caught up.
 */
export function wholeInBatch(state: CatchUp, groups: ReadonlyMap<string, LedgerRecord[]>, held: ReadonlySet<string>): LedgerRecord[][] {
  const whole: LedgerRecord[][] = [];
  for (const [incidentId, records] of groups) {
    if (state.seen.has(incidentId) || held.has(incidentId)) readWholeLater(state, incidentId);
    else whole.push(records);
    state.seen.add(incidentId);
  }
  return whole;
}
