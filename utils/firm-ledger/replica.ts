import type { Incident } from '../ledger/types';
import { incidentRecords, resolvesInEffect } from './fold';
import { reopenedRecordId, stepRecordId } from './ids';
import { LEDGER_RECORD_VERSION, type IncidentReopened, type LedgerRecord, type StepTicked } from './records';
import { ledgerRules, recordRefusal } from './rules';
import type { Policy } from '../policy/types';

// Between this browser's ledger and its replica of the firm's records. The records are the source
// of truth the firm shares; the incidents this browser keeps (utils/ledger/) are their fold, plus,
// for a moment, a change made here whose records are being appended. A local command's records are
// the incident's own records by the signed-in person (ids derived from the incident, so writing them
// again is harmless), plus one record per tick or untick.

/** A record as the replica wrote it, with its revision, for the server to store as it is (`new_edits: false`). */
export type WrittenRecord = LedgerRecord & { _rev: string; _revisions: { start: number; ids: string[] } };

/** The record with the revision the replica gave it (a record's first: `1-<hash>`). */
export function asWritten(record: LedgerRecord, rev: string): WrittenRecord {
  const dash = rev.indexOf('-');
  return { ...record, _rev: rev, _revisions: { start: Number(rev.slice(0, dash)), ids: [rev.slice(dash + 1)] } };
}

/** The incident's records written by `author` (ticks aside: those are recorded as they happen). */
export function ownRecords(incident: Incident, author: string): LedgerRecord[] {
  return incidentRecords(incident).filter((r) => r.author === author && r.type !== 'step-ticked');
}

/**
 * Of the records kept here before this browser used the firm ledger, those the server can take:
 * ids of their author's (incidents from earlier versions had none) and no older than the policy's
 * offline allowance. The rest stay in this browser's ledger, counted here, not sent.
 */
export function sendable(records: readonly LedgerRecord[], policy: Policy, now: number): LedgerRecord[] {
  const { offlineAllowanceMs, clockSkewMs } = ledgerRules(policy);
  return records.filter(
    (r) =>
      r.v === LEDGER_RECORD_VERSION &&
      r.at >= now - offlineAllowanceMs &&
      recordRefusal(r as unknown as Record<string, unknown>, now, clockSkewMs) === null,
  );
}

/** One tick or untick, as it happened: each its own record, so ticking twice is two events. */
export function stepRecord(incident: Incident, stepId: string, done: boolean, author: string, at: number, nonce: string): StepTicked {
  return {
    _id: stepRecordId(incident.id, stepId, author, at, nonce),
    type: done ? 'step-ticked' : 'step-unticked',
    v: LEDGER_RECORD_VERSION,
    incidentId: incident.id,
    clientKey: incident.clientKey,
    author,
    at,
    stepId,
  };
}

/** Reopening the incident these records describe: undoes every resolve in effect; null when none is. */
export function reopenRecord(records: readonly LedgerRecord[], author: string, at: number, nonce: string): IncidentReopened | null {
  const resolves = resolvesInEffect(records);
  const first = resolves[0];
  if (!first) return null;
  return {
    _id: reopenedRecordId(first.incidentId, author, at, nonce),
    type: 'incident-reopened',
    v: LEDGER_RECORD_VERSION,
    incidentId: first.incidentId,
    clientKey: first.clientKey,
    author,
    at,
    reopens: resolves.map((r) => r._id),
  };
}

/**
 * Records as they come out of the replica: only well-formed ledger records of a format this version
 * reads, ids as given; one the replica holds in two versions (`_conflicts`, read with
 * `conflicts: true`) is marked, for the fold to set aside.
 */
export function asLedgerRecord(doc: unknown): LedgerRecord | null {
  if (typeof doc !== 'object' || doc === null) return null;
  const d = doc as Record<string, unknown>;
  if (typeof d._id !== 'string' || d._id.startsWith('_')) return null;
  if (typeof d.type !== 'string' || typeof d.incidentId !== 'string' || typeof d.author !== 'string') return null;
  if (typeof d.at !== 'number' || (d.v !== 1 && d.v !== LEDGER_RECORD_VERSION)) return null;
  const { _rev, _revisions, _conflicts, conflicted, ...rest } = d;
  void _rev;
  void _revisions;
  void conflicted;
  const record = rest as unknown as LedgerRecord;
  return Array.isArray(_conflicts) && _conflicts.length > 0 ? { ...record, conflicted: true } : record;
}

/** The well-formed ledger records among documents read from the replica. */
export function ledgerRecords(docs: readonly unknown[]): LedgerRecord[] {
  return docs.map(asLedgerRecord).filter((r): r is LedgerRecord => r !== null);
}
