import type { Me } from '../people';
import type { Policy } from '../policy/types';
import { creditNoteYear, formatCreditNoteNumber, noteNumbersGiven, sequenceKey } from './credit-notes';
import { sameJson } from './canonical-json';
import type { LedgerDb } from './db';
import type { Bucket } from './buckets';
import type { Incident, RemedyProposal, StartIncidentInput } from './types';
import { LedgerRefusal, storeIncidents, writeLedger, type WriteTx } from './write';
import { t } from '../i18n';
import { applyRecords } from '../firm-ledger/fold';
import type { LedgerRecord } from '../firm-ledger/records';
import { decide, type Command } from './decide';
import { readClientIncidents, readHeldBuckets, readHeldIds, readIncident, type HeldRead } from './queries';

// What changes the ledger: each user action decided by `decide` (decide.ts) against what is stored
// right now, inside one transaction, and applied through the fold's own steps; credit notes are
// numbered there. What it returns, the records, is what the firm ledger sends.

/** An incident's records as the firm ledger holds them; undefined without one. */
export type RecordsOf = (incidentId: string) => Promise<readonly LedgerRecord[] | undefined>;

export interface Decided {
  incident: Incident;
  /** What the command recorded, as the firm ledger holds it. */
  records: LedgerRecord[];
}

/**
 * Runs one command in one transaction: decided against what is stored right now, applied, stored; a
 * refusal changes nothing. `keep: false` decides and applies without storing anything: with a firm
 * ledger, the records go to the replica first and the incident here is what they fold to.
 */
export async function runCommand(
  db: LedgerDb,
  command: Command,
  me: Me,
  policy: Policy | null,
  now: number,
  records?: RecordsOf,
  keep = true,
): Promise<Decided> {
  // Read before the transaction: awaiting anything but the ledger's own requests would end it.
  const held = command.kind === 'reopen' && records ? await records(command.incidentId) : undefined;
  return writeLedger(db, async (tx) => {
    const store = tx.objectStore('buckets');
    const incidentId = command.kind === 'open' ? null : command.kind === 'grant' || command.kind === 'request' ? command.proposal.incidentId : command.incidentId;
    const bucket = incidentId === null ? undefined : await store.index('by-id').get(incidentId);
    const incident = bucket?.incidents.find((i) => i.id === incidentId) ?? null;
    if (incidentId !== null && !incident) throw new LedgerRefusal(t('refNotInLedger'));
    const counts = command.kind === 'grant' || command.kind === 'request' || command.kind === 'approve';
    const history = incident && counts ? await readClientIncidents(store, incident.clientKey) : [];
    const notes = await nextCreditNotes(tx, policy, now, command, incident, me);
    const decision = decide(command, { incident, history, ...(held ? { records: held } : {}), nextCreditNote: (writer) => notes(writer) }, policy, me, now);
    if ('refusal' in decision) throw new LedgerRefusal(decision.refusal);
    const next = applyRecords(incident, decision.records);
    if (!keep) return { incident: next, records: decision.records };
    await storeIncidents(tx, [next], new Map(bucket ? [[next.id, bucket]] : []));
    await advanceSeries(tx, decision.records.map((r) => (r.type === 'remedy-granted' || r.type === 'approval-approved' ? r.creditNoteNumber : undefined)));
    return { incident: next, records: decision.records };
  });
}

const incidentOf = (run: Promise<Decided>) => run.then((decided) => decided.incident);

export function startIncident(db: LedgerDb, input: StartIncidentInput, me: Me, policy: Policy, now: number): Promise<Incident> {
  return incidentOf(runCommand(db, { kind: 'open', input }, me, policy, now));
}

export function tickStep(db: LedgerDb, incidentId: string, stepId: string, done: boolean, me: Me, now: number, policy?: Policy): Promise<Incident> {
  return incidentOf(runCommand(db, { kind: 'tick', incidentId, stepId, done }, me, policy ?? null, now));
}

/** Grants a remedy inside the user's authority, decided again against what is stored right now. */
export function grantRemedy(db: LedgerDb, proposal: RemedyProposal, me: Me, policy: Policy, now: number): Promise<Incident> {
  return incidentOf(runCommand(db, { kind: 'grant', proposal }, me, policy, now));
}

/** Records a request above the user's authority, for the approvers the rulebook names. */
export function requestApproval(db: LedgerDb, proposal: RemedyProposal, me: Me, policy: Policy, now: number): Promise<Incident> {
  return incidentOf(runCommand(db, { kind: 'request', proposal }, me, policy, now));
}

/**
 * Marks a pending request approved by `approverEmail`, who must be able to approve it. Recorded in
 * the requester's browser on their word (`markedBy`, else the requester), so marked unverified.
 */
export function markApproved(
  db: LedgerDb,
  incidentId: string,
  grantId: string,
  approverEmail: string,
  policy: Policy,
  now: number,
  markedBy?: Me,
): Promise<Incident> {
  return writeLedger(db, async (tx) => (await readIncident(tx.objectStore('buckets'), incidentId)) ?? null).then((held) => {
    const requester = held?.remedies.find((r) => r.id === grantId)?.requestedBy ?? '';
    const me: Me = markedBy ?? { email: requester, name: requester, role: null };
    return incidentOf(runCommand(db, { kind: 'approve', incidentId, requestId: grantId, approverEmail, own: false }, me, policy, now));
  });
}

/** The approver's yes, given in their own panel as themselves (the firm ledger): not on anyone's word. */
export function approveRequest(db: LedgerDb, incidentId: string, grantId: string, me: Me, policy: Policy, now: number): Promise<Incident> {
  return incidentOf(runCommand(db, { kind: 'approve', incidentId, requestId: grantId, approverEmail: me.email, own: true }, me, policy, now));
}

/** The approver's no to a pending request, with the reason the requester reads. */
export function declineRequest(db: LedgerDb, incidentId: string, grantId: string, reason: string, me: Me, now: number, policy?: Policy): Promise<Incident> {
  return incidentOf(runCommand(db, { kind: 'decline', incidentId, requestId: grantId, reason }, me, policy ?? null, now));
}

/**
 * Incidents as the firm ledger's records fold them (others' work, replicated here): each replaces
 * what is held when it differs, its client is remembered, and credit note series move up past the
 * numbers it holds, so this browser never gives one of them again. Returns how many changed.
 * `read`: how what is held is read (queries.ts, `HeldRead`).
 */
export function applyFirmIncidents(db: LedgerDb, incidents: readonly Incident[], read: HeldRead = 'each'): Promise<number> {
  return writeLedger(db, async (tx) => {
    const latest = [...new Map(incidents.map((i) => [i.id, i])).values()];
    const held = await readHeldBuckets(tx.objectStore('buckets'), latest.map((i) => i.id), read);
    const changed = latest.filter((incident) => {
      const kept = held.get(incident.id)?.incidents.find((i) => i.id === incident.id);
      return !kept || !sameJson(kept, incident);
    });
    return saveFirmIncidents(tx, changed, held);
  });
}

/**
 * Incidents folded from the server's records alone (a first sync, before the replica holds them):
 * only those the ledger lacks are written, in one transaction. One it holds may carry what was
 * recorded here meanwhile, which only the replica holds; the first sync's check folds it again
 * from there. Returns how many were written.
 */
export function addFirmIncidents(db: LedgerDb, incidents: readonly Incident[], read: HeldRead = 'each'): Promise<number> {
  return writeLedger(db, async (tx) => {
    const latest = [...new Map(incidents.map((i) => [i.id, i])).values()];
    const held = await readHeldIds(tx.objectStore('buckets'), latest.map((i) => i.id), read);
    return saveFirmIncidents(tx, latest.filter((incident) => !held.has(incident.id)), new Map());
  });
}

async function saveFirmIncidents(tx: WriteTx, changed: readonly Incident[], held: ReadonlyMap<string, Bucket>): Promise<number> {
  await storeIncidents(tx, changed, held);
  await advanceSeries(tx, changed.flatMap((incident) => incident.remedies.map((r) => r.creditNoteNumber)));
  return changed.length;
}

export function resolveIncident(db: LedgerDb, incidentId: string, me: Me, now: number, policy?: Policy): Promise<Incident> {
  return incidentOf(runCommand(db, { kind: 'resolve', incidentId }, me, policy ?? null, now));
}

/** Opens a resolved incident again (an undone Resolve, or more to do): its steps and grants stay. */
export function reopenIncident(db: LedgerDb, incidentId: string, now: number, me?: Me, policy?: Policy): Promise<Incident> {
  return writeLedger(db, async (tx) => (await readIncident(tx.objectStore('buckets'), incidentId)) ?? null).then((held) => {
    const by = me ?? { email: held?.createdBy ?? '', name: '', role: null };
    return incidentOf(runCommand(db, { kind: 'reopen', incidentId }, by, policy ?? null, now));
  });
}

/**
 * The next number of each series a command may number in (the writer's staff code's, else the
 * firm's), read in the caller's transaction; `advanceSeries` moves the series past what was used.
 */
async function nextCreditNotes(tx: WriteTx, policy: Policy | null, now: number, command: Command, incident: Incident | null, me: Me): Promise<(writer: string) => string> {
  if (!policy || (command.kind !== 'grant' && command.kind !== 'approve')) return () => '';
  const year = creditNoteYear(now, policy.firm.timeZone);
  const writers = new Set([me.email, normalise(command.kind === 'approve' ? command.approverEmail : me.email)]);
  const requester = command.kind === 'approve' ? incident?.remedies.find((r) => r.id === command.requestId)?.requestedBy : undefined;
  if (requester) writers.add(requester);
  const next = new Map<string, string>();
  for (const writer of writers) {
    const code = policy.staff.find((s) => s.email === writer)?.code;
    const last = (await tx.objectStore('meta').get(sequenceKey(policy.creditNotes.prefix, year, code)))?.last ?? 0;
    next.set(writer, formatCreditNoteNumber(policy.creditNotes.prefix, year, last + 1, code));
  }
  return (writer) => next.get(writer) ?? '';
}

const normalise = (email: string) => email.trim().toLowerCase();

/** Moves each credit-note series past the numbers given, so this browser never gives one of them again. */
async function advanceSeries(tx: WriteTx, numbers: Iterable<string | undefined>): Promise<void> {
  const sequences = new Map<string, number>();
  noteNumbersGiven(sequences, numbers);
  const meta = tx.objectStore('meta');
  for (const [key, last] of sequences) {
    const current = await meta.get(key);
    if (!current || current.last < last) await meta.put({ key, last });
  }
}
