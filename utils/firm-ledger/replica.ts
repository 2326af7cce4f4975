import { approvalChain, moneyValue } from '../authority';
import type { GrantedRemedy, Incident } from '../ledger/types';
import type { Policy } from '../policy/types';
import { incidentRecords, resolvesInEffect } from './fold';
import { LEDGER_RECORD_VERSION, type IncidentReopened, type LedgerRecord, type StepTicked } from './records';

// Between this browser's ledger and its replica of the firm's records. The records are the source
// of truth the firm shares; the incidents this browser keeps (utils/ledger/) are their fold, plus,
// for a moment, a change made here whose records are being appended. A local command's records are
// the incident's own records by the signed-in person (ids derived from the incident, so writing them
// again is harmless), plus one record per tick or untick.

/** The nearest role up the requester's chain whose own per-incident limit covers the request. */
export function toRoleFor(policy: Policy, requesterRole: string, remedy: Pick<GrantedRemedy, 'kind' | 'amount'>): string {
  const value = moneyValue({ status: 'granted', kind: remedy.kind, amount: remedy.amount });
  const chain = approvalChain(policy, requesterRole || null);
  const covering = chain.find((r) => r.perIncident === null || value <= r.perIncident);
  return (covering ?? chain.at(-1))?.id ?? '';
}

/** The incident's records written by `author` (ticks aside: those are recorded as they happen). */
export function ownRecords(incident: Incident, author: string, policy: Policy): LedgerRecord[] {
  return incidentRecords(incident, (role, remedy) => toRoleFor(policy, role, remedy)).filter(
    (r) => r.author === author && r.type !== 'step-ticked',
  );
}

/** One tick or untick, as it happened: each its own record, so ticking twice is two events. */
export function stepRecord(incident: Incident, stepId: string, done: boolean, author: string, at: number, nonce: string): StepTicked {
  return {
    _id: `${incident.id}/step/${stepId}/${at}-${nonce}`,
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
    _id: `${first.incidentId}/reopened/${at}-${nonce}`,
    type: 'incident-reopened',
    v: LEDGER_RECORD_VERSION,
    incidentId: first.incidentId,
    clientKey: first.clientKey,
    author,
    at,
    reopens: resolves.map((r) => r._id),
  };
}

/** The key range of one incident's records in the replica (every record id starts with it). */
export function incidentRange(incidentId: string): { startkey: string; endkey: string } {
  return { startkey: `${incidentId}/`, endkey: `${incidentId}/\uffff` };
}

/** Records as they come out of the replica: only well-formed ledger records, ids as given. */
export function asLedgerRecord(doc: unknown): LedgerRecord | null {
  if (typeof doc !== 'object' || doc === null) return null;
  const d = doc as Record<string, unknown>;
  if (typeof d._id !== 'string' || d._id.startsWith('_')) return null;
  if (typeof d.type !== 'string' || typeof d.incidentId !== 'string' || typeof d.author !== 'string') return null;
  if (typeof d.at !== 'number' || d.v !== LEDGER_RECORD_VERSION) return null;
  const { _rev, _revisions, ...rest } = d;
  void _rev;
  void _revisions;
  return rest as unknown as LedgerRecord;
}

/** The well-formed ledger records among documents read from the replica. */
export function ledgerRecords(docs: readonly unknown[]): LedgerRecord[] {
  return docs.map(asLedgerRecord).filter((r): r is LedgerRecord => r !== null);
}
