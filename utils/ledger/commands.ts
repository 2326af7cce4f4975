import { approversOf, decideAuthority, type AuthorityDecision } from '../authority';
import type { Me } from '../people';
import { normaliseEmail } from '../people';
import type { Policy, Remedy } from '../policy/types';
import { checklistFor } from './checklist';
import { creditNoteYear, formatCreditNoteNumber, noteNumbersGiven, sequenceKey, takesCreditNote } from './credit-notes';
import { canonicalJson } from './export';
import type { LedgerDb } from './db';
import type { GrantedRemedy, Incident, RemedyProposal, StartIncidentInput } from './types';
import { LedgerRefusal, rememberClient, saveIncident, saveIncidents, writeLedger, type WriteTx } from './write';
import { t } from '../i18n';
import { newGrantId, newIncidentId, newRequestId } from '../firm-ledger/ids';
import { approvePending, declinePending, declineReasonText } from '../firm-ledger/answers';

// What changes the ledger: each user action, with the authority decided again inside the same
// transaction against what is stored right now, and credit notes numbered there.

export async function startIncident(db: LedgerDb, input: StartIncidentInput, me: Me, policy: Policy, now: number): Promise<Incident> {
  const category = policy.categories.find((c) => c.id === input.category);
  if (!category) throw new LedgerRefusal(t('refNotCategory', input.category));
  const clientKey = input.client.clientKey.trim();
  if (!clientKey) throw new LedgerRefusal(t('refChooseClient'));
  const email = input.client.email ? normaliseEmail(input.client.email) : undefined;
  const incident: Incident = {
    id: newIncidentId(me.email),
    clientKey: clientKey.slice(0, 400),
    clientName: (input.client.name.trim() || clientKey).slice(0, 500),
    ...(email ? { clientEmail: email } : {}),
    source: input.client.source,
    category: category.id,
    summary: input.summary.trim().slice(0, 10_000),
    createdBy: me.email,
    createdByRole: me.role ?? '',
    createdByIdentity: me.identity ?? 'self-declared',
    createdAt: now,
    updatedAt: now,
    status: 'open',
    checklist: checklistFor(policy.checklist, now),
    remedies: [],
    policyVersion: policy.policyVersion,
  };
  return writeLedger(db, async (tx) => {
    await saveIncident(tx, incident, 'add');
    await rememberClient(tx, incident);
    return incident;
  });
}

export function tickStep(db: LedgerDb, incidentId: string, stepId: string, done: boolean, me: Me, now: number): Promise<Incident> {
  return change(db, incidentId, now, (incident) => {
    const step = incident.checklist.find((s) => s.stepId === stepId);
    if (!step) throw new LedgerRefusal(t('refNotOnChecklist'));
    if (done) {
      step.doneAt = now;
      step.doneBy = me.email;
    } else {
      delete step.doneAt;
      delete step.doneBy;
    }
  });
}

/** Grants a remedy inside the user's authority, decided again against what is stored right now. */
export function grantRemedy(db: LedgerDb, proposal: RemedyProposal, me: Me, policy: Policy, now: number): Promise<Incident> {
  return writeLedger(db, async (tx) => {
    const { incident, remedy, decision } = await decideIn(tx, proposal, me.role, policy, now);
    if (incident.status === 'resolved') throw new LedgerRefusal(t('refResolvedStartNew'));
    if (!decision.allowed) throw new LedgerRefusal(decision.reason);
    const granted: GrantedRemedy = {
      ...newRemedy(remedy, proposal, me, policy, now, 'grant'),
      status: 'granted',
      decision: 'within-authority',
      grantedAt: now,
    };
    if (takesCreditNote(remedy.kind)) {
      granted.creditNoteNumber = await takeCreditNoteNumber(tx, policy, me.email, now);
    }
    incident.remedies.push(granted);
    completeByGrant(incident, policy, me.email, now);
    incident.updatedAt = now;
    await saveIncident(tx, incident);
    return incident;
  });
}

/** Records a request above the user's authority, for the approver the decision names. */
export function requestApproval(db: LedgerDb, proposal: RemedyProposal, me: Me, policy: Policy, now: number): Promise<Incident> {
  return writeLedger(db, async (tx) => {
    const { incident, remedy, decision } = await decideIn(tx, proposal, me.role, policy, now);
    if (incident.status === 'resolved') throw new LedgerRefusal(t('refResolvedStartNew'));
    if (decision.approverRole === null) throw new LedgerRefusal(decision.reason);
    incident.remedies.push({
      ...newRemedy(remedy, proposal, me, policy, now, 'request'),
      status: 'pending',
      decision: 'needs-approval',
    });
    incident.updatedAt = now;
    await saveIncident(tx, incident);
    return incident;
  });
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
  ownAct = false,
): Promise<Incident> {
  return writeLedger(db, async (tx) => {
    const store = tx.objectStore('incidents');
    const incident = await store.get(incidentId);
    if (!incident) throw new LedgerRefusal(t('refNotInLedger'));
    const pending = incident.remedies.find((r) => r.id === grantId);
    if (!pending) throw new LedgerRefusal(t('refRequestNotOnIncident'));
    if (pending.status !== 'pending') throw new LedgerRefusal(t('refAlreadyDecided'));
    const approver = policy.staff.find((s) => s.email === normaliseEmail(approverEmail));
    if (!approver) throw new LedgerRefusal(t('refNotStaff', approverEmail));
    const requesterRole = pending.requestedByRole || null;
    const history = await store.index('by-client').getAll(incident.clientKey);
    const proposal = { incidentId, remedyId: pending.remedyId, amount: pending.amount };
    const decision = decide(policy, requesterRole, history, incident, proposal, now);
    if (decision.approverRole === null) throw new LedgerRefusal(decision.reason);
    const approvers = approversOf(policy, requesterRole, history, { clientKey: incident.clientKey, ...proposal }, now);
    if (!approvers.some((s) => s.email === approver.email)) {
      const needed = decision.approverRoleLabel ?? 'higher role';
      throw new LedgerRefusal(t('refCannotApprove', approver.name, needed));
    }
    // The approver's own signed-in act (firm ledger) is never on their own request.
    if (ownAct && pending.requestedBy === approver.email) throw new LedgerRefusal(t('refOwnRequest'));
    approvePending(pending, {
      approver: approver.email,
      at: now,
      ownAct,
      ...(markedBy ? { markedBy: markedBy.email } : {}),
      // Numbered in the series of whoever records it: the requester's browser, or the approver's.
      ...(takesCreditNote(pending.kind)
        ? { creditNoteNumber: await takeCreditNoteNumber(tx, policy, ownAct ? approver.email : pending.requestedBy, now) }
        : {}),
    });
    completeByGrant(incident, policy, pending.requestedBy, now);
    incident.updatedAt = now;
    await saveIncident(tx, incident);
    return incident;
  });
}

/** The approver's yes, given in their own panel as themselves (the firm ledger): not on anyone's word. */
export function approveRequest(db: LedgerDb, incidentId: string, grantId: string, me: Me, policy: Policy, now: number): Promise<Incident> {
  return markApproved(db, incidentId, grantId, me.email, policy, now, undefined, true);
}

/** The approver's no to a pending request, with the reason the requester reads. */
export function declineRequest(db: LedgerDb, incidentId: string, grantId: string, reason: string, me: Me, now: number): Promise<Incident> {
  const why = declineReasonText(reason);
  if (!why) return Promise.reject(new LedgerRefusal(t('refSayWhy')));
  return change(db, incidentId, now, (incident) => {
    const pending = incident.remedies.find((r) => r.id === grantId);
    if (!pending) throw new LedgerRefusal(t('refRequestNotOnIncident'));
    if (pending.status !== 'pending') throw new LedgerRefusal(t('refAlreadyDecided'));
    if (pending.requestedBy === me.email) throw new LedgerRefusal(t('refOwnRequest'));
    declinePending(pending, me.email, why, now);
  });
}

/**
 * Incidents as the firm ledger's records fold them (others' work, replicated here): each replaces
 * what is held when it differs, its client is remembered, and credit note series move up past the
 * numbers it holds, so this browser never gives one of them again. Returns how many changed.
 */
export function applyFirmIncidents(db: LedgerDb, incidents: readonly Incident[]): Promise<number> {
  return writeLedger(db, async (tx) => {
    const store = tx.objectStore('incidents');
    const meta = tx.objectStore('meta');
    const latest = [...new Map(incidents.map((i) => [i.id, i])).values()];
    const held = await Promise.all(latest.map((incident) => store.get(incident.id)));
    const changed = latest
      .map((incident, i) => ({ incident, held: held[i] }))
      .filter(({ incident, held }) => !held || canonicalJson(held) !== canonicalJson(incident));
    await saveIncidents(tx, changed);
    const sequences = new Map<string, number>();
    for (const { incident } of changed) noteNumbersGiven(sequences, incident.remedies.map((r) => r.creditNoteNumber));
    for (const [key, last] of sequences) {
      const current = await meta.get(key);
      if (!current || current.last < last) await meta.put({ key, last });
    }
    return changed.length;
  });
}

export function resolveIncident(db: LedgerDb, incidentId: string, me: Me, now: number): Promise<Incident> {
  return change(db, incidentId, now, (incident) => {
    if (incident.status === 'resolved') throw new LedgerRefusal(t('refAlreadyResolved'));
    incident.status = 'resolved';
    incident.resolvedAt = now;
    incident.resolvedBy = me.email;
  });
}

/** Opens a resolved incident again (an undone Resolve, or more to do): its steps and grants stay. */
export function reopenIncident(db: LedgerDb, incidentId: string, now: number): Promise<Incident> {
  return change(db, incidentId, now, (incident) => {
    if (incident.status === 'open') throw new LedgerRefusal(t('refAlreadyOpen'));
    incident.status = 'open';
    delete incident.resolvedAt;
    delete incident.resolvedBy;
  });
}

/** Ticks the steps the policy says a grant completes ("record what was given"), unless already done. */
function completeByGrant(incident: Incident, policy: Policy, by: string, now: number): void {
  const ids = new Set(policy.checklist.filter((s) => s.completedByGrant).map((s) => s.id));
  for (const step of incident.checklist) {
    if (!ids.has(step.stepId) || step.doneAt !== undefined) continue;
    step.doneAt = now;
    step.doneBy = by;
  }
}

function change(db: LedgerDb, incidentId: string, now: number, apply: (incident: Incident) => void): Promise<Incident> {
  return writeLedger(db, async (tx) => {
    const store = tx.objectStore('incidents');
    const incident = await store.get(incidentId);
    if (!incident) throw new LedgerRefusal(t('refNotInLedger'));
    apply(incident);
    incident.updatedAt = now;
    await saveIncident(tx, incident);
    return incident;
  });
}

async function decideIn(tx: WriteTx, proposal: RemedyProposal, role: string | null, policy: Policy, now: number) {
  const store = tx.objectStore('incidents');
  const incident = await store.get(proposal.incidentId);
  if (!incident) throw new LedgerRefusal(t('refNotInLedger'));
  const remedy = policy.remedies.find((r) => r.id === proposal.remedyId);
  if (!remedy) throw new LedgerRefusal(t('notARemedy', proposal.remedyId));
  const history = await store.index('by-client').getAll(incident.clientKey);
  return { incident, remedy, decision: decide(policy, role, history, incident, proposal, now) };
}

function decide(
  policy: Policy,
  role: string | null,
  history: Incident[],
  incident: Incident,
  proposal: Pick<RemedyProposal, 'incidentId' | 'remedyId' | 'amount'>,
  now: number,
): AuthorityDecision {
  if (!policy.remedies.some((r) => r.id === proposal.remedyId)) {
    throw new LedgerRefusal(t('notARemedy', proposal.remedyId));
  }
  return decideAuthority(
    policy,
    role,
    history,
    { clientKey: incident.clientKey, incidentId: incident.id, remedyId: proposal.remedyId, amount: proposal.amount },
    now,
  );
}

function newRemedy(
  remedy: Remedy,
  proposal: RemedyProposal,
  me: Me,
  policy: Policy,
  now: number,
  as: 'grant' | 'request',
): Omit<GrantedRemedy, 'status' | 'decision'> {
  const note = proposal.note?.trim().slice(0, 5000);
  // An apology is never money, whatever was typed.
  const amount = remedy.kind === 'apology' ? 0 : proposal.amount;
  return {
    id: as === 'grant' ? newGrantId(me.email) : newRequestId(me.email, remedy.id, amount),
    remedyId: remedy.id,
    label: remedy.label,
    kind: remedy.kind,
    amount,
    currency: policy.firm.currency,
    requestedBy: me.email,
    requestedByRole: me.role ?? '',
    requestedByIdentity: me.identity ?? 'self-declared',
    requestedAt: now,
    ...(note ? { note } : {}),
  };
}

/**
 * The next number in the series of `writer` (their staff code's, else the firm's), taken in the
 * caller's transaction: an aborted grant gives it back.
 */
async function takeCreditNoteNumber(tx: WriteTx, policy: Policy, writer: string, now: number): Promise<string> {
  const year = creditNoteYear(now, policy.firm.timeZone);
  const code = policy.staff.find((s) => s.email === writer)?.code;
  const key = sequenceKey(policy.creditNotes.prefix, year, code);
  const meta = tx.objectStore('meta');
  const last = (await meta.get(key))?.last ?? 0;
  await meta.put({ key, last: last + 1 });
  return formatCreditNoteNumber(policy.creditNotes.prefix, year, last + 1, code);
}
