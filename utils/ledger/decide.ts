import { approversOf, decideAuthority, isApproverRole, type AuthorityDecision } from '../authority';
import { normaliseEmail, type Me } from '../people';
import type { Policy } from '../policy/types';
import { t } from '../i18n';
import {
  answerRecordId,
  awayRecordId,
  grantRecordId,
  newGrantId,
  newIncidentId,
  newRequestId,
  openedRecordId,
  reopenedRecordId,
  requestRecordId,
  resolvedRecordId,
} from '../firm-ledger/ids';
import { LEDGER_RECORD_VERSION, type ApprovalApproved, type ApproverAway, type IncidentOpened, type LedgerRecord } from '../firm-ledger/records';
import { reopenRecord, stepRecord } from '../firm-ledger/replica';
import { checklistFor } from './checklist';
import { takesCreditNote } from './credit-notes';
import type { Incident, RemedyProposal, StartIncidentInput } from './types';

// What a person asks the ledger to do, decided in one place: the records it adds, or why not. Pure:
// the caller reads what it needs first (the incident, the client's history, the next credit-note
// number of a series) and applies the records through the fold's own steps (`applyRecords`), with
// or without a firm ledger; the firm ledger sends exactly these records.

export type Command =
  | { kind: 'open'; input: StartIncidentInput }
  | { kind: 'tick'; incidentId: string; stepId: string; done: boolean }
  | { kind: 'grant'; proposal: RemedyProposal }
  | { kind: 'request'; proposal: RemedyProposal }
  /** An approval: the approver's own act (`own`, the firm ledger), or a yes the requester records on their word. */
  | { kind: 'approve'; incidentId: string; requestId: string; approverEmail: string; own: boolean }
  | { kind: 'decline'; incidentId: string; requestId: string; reason: string }
  | { kind: 'resolve'; incidentId: string }
  | { kind: 'reopen'; incidentId: string };

/** An approver away until a time (null: back now): about no incident, so its own record type. */
export interface AwayCommand {
  kind: 'away';
  until: number | null;
}

export interface Situation {
  /** The incident the command is about (null to open one). */
  incident: Incident | null;
  /** The client's incidents (the authority's caps count them); this one among them. */
  history: readonly Incident[];
  /** The incident's records as the firm ledger holds them, when it does (which resolves a reopening undoes). */
  records?: readonly LedgerRecord[];
  /** The next credit-note number in `writer`'s series. */
  nextCreditNote(writer: string): string;
}

export type Decision = { records: LedgerRecord[] } | { refusal: string };
export type AwayDecision = { records: [ApproverAway] } | { refusal: string };

/** The longest reason a decline keeps. */
export const DECLINE_REASON_MAX = 2000;

const refuse = (refusal: string): { refusal: string } => ({ refusal });

export function decide(command: AwayCommand, situation: null, policy: Policy | null, me: Me, now: number): AwayDecision;
export function decide(command: Command, situation: Situation, policy: Policy | null, me: Me, now: number): Decision;
export function decide(command: Command | AwayCommand, situation: Situation | null, policy: Policy | null, me: Me, now: number): Decision | AwayDecision {
  if (command.kind === 'away') return away(command.until, policy, me, now);
  if (!situation) return refuse(t('refNotInLedger'));
  if (command.kind === 'open') return policy ? open(command.input, policy, me, now) : refuse(t('noPolicyYet'));
  const incident = situation.incident;
  if (!incident) return refuse(t('refNotInLedger'));
  const base = { v: LEDGER_RECORD_VERSION, incidentId: incident.id, clientKey: incident.clientKey, author: me.email, at: now } as const;
  const nonce = () => crypto.randomUUID().slice(0, 8);
  switch (command.kind) {
    case 'tick': {
      if (!incident.checklist.some((s) => s.stepId === command.stepId)) return refuse(t('refNotOnChecklist'));
      return { records: [stepRecord(incident, command.stepId, command.done, me.email, now, nonce())] };
    }
    case 'grant':
    case 'request': {
      if (!policy) return refuse(t('noPolicyYet'));
      const remedy = policy.remedies.find((r) => r.id === command.proposal.remedyId);
      if (!remedy) return refuse(t('notARemedy', command.proposal.remedyId));
      if (incident.status === 'resolved') return refuse(t('refResolvedStartNew'));
      const decision = authority(policy, me.role, situation.history, incident, command.proposal, now);
      // An apology is never money, whatever was typed.
      const amount = remedy.kind === 'apology' ? 0 : command.proposal.amount;
      const note = command.proposal.note?.trim().slice(0, 5000);
      const money = {
        remedyId: remedy.id,
        label: remedy.label,
        kind: remedy.kind,
        amount,
        currency: policy.firm.currency,
        identity: me.identity ?? 'self-declared',
        role: me.role ?? '',
      } as const;
      if (command.kind === 'request') {
        if (decision.approverRole === null) return refuse(decision.reason);
        const requestId = newRequestId(me.email, remedy.id, amount);
        return {
          records: [{ ...base, ...money, _id: requestRecordId(incident.id, requestId), type: 'approval-requested', requestId, reason: note ?? '' }],
        };
      }
      if (!decision.allowed) return refuse(decision.reason);
      const grantId = newGrantId(me.email);
      return {
        records: [
          {
            ...base,
            ...money,
            _id: grantRecordId(incident.id, grantId),
            type: 'remedy-granted',
            grantId,
            ...(takesCreditNote(remedy.kind) ? { creditNoteNumber: situation.nextCreditNote(me.email) } : {}),
            ...(note ? { note } : {}),
          },
          ...completedByGrant(incident, policy, me, now, nonce),
        ],
      };
    }
    case 'approve': {
      if (!policy) return refuse(t('noPolicyYet'));
      const pending = incident.remedies.find((r) => r.id === command.requestId);
      if (!pending) return refuse(t('refRequestNotOnIncident'));
      if (pending.status !== 'pending') return refuse(t('refAlreadyDecided'));
      const approver = policy.staff.find((s) => s.email === normaliseEmail(command.approverEmail));
      if (!approver) return refuse(t('refNotStaff', command.approverEmail));
      if (command.own && pending.requestedBy === approver.email) return refuse(t('refOwnRequest'));
      const requesterRole = pending.requestedByRole || null;
      const proposal = { incidentId: incident.id, remedyId: pending.remedyId, amount: pending.amount };
      if (!policy.remedies.some((r) => r.id === pending.remedyId)) return refuse(t('notARemedy', pending.remedyId));
      const decision = authority(policy, requesterRole, situation.history, incident, proposal, now);
      if (decision.approverRole === null) return refuse(decision.reason);
      const approvers = approversOf(policy, requesterRole, [...situation.history], { clientKey: incident.clientKey, ...proposal }, now);
      if (!approvers.some((s) => s.email === approver.email)) {
        return refuse(t('refCannotApprove', approver.name, decision.approverRoleLabel ?? 'higher role'));
      }
      const approval: ApprovalApproved = {
        ...base,
        _id: answerRecordId(incident.id, pending.id),
        type: 'approval-approved',
        author: approver.email,
        requestId: pending.id,
        requestedBy: pending.requestedBy,
        remedyId: pending.remedyId,
        kind: pending.kind,
        amount: pending.amount,
        currency: pending.currency,
        // Numbered in the series of whoever records it: the approver's, or the requester's browser.
        ...(takesCreditNote(pending.kind) ? { creditNoteNumber: situation.nextCreditNote(command.own ? approver.email : pending.requestedBy) } : {}),
        ...(command.own ? { identity: 'approver-signed-in' as const } : { identity: 'marked-by-requester' as const, markedBy: me.email }),
      };
      return { records: [approval, ...completedByGrant(incident, policy, me, now, nonce)] };
    }
    case 'decline': {
      const reason = command.reason.trim().slice(0, DECLINE_REASON_MAX);
      if (!reason) return refuse(t('refSayWhy'));
      const pending = incident.remedies.find((r) => r.id === command.requestId);
      if (!pending) return refuse(t('refRequestNotOnIncident'));
      if (pending.status !== 'pending') return refuse(t('refAlreadyDecided'));
      if (pending.requestedBy === me.email) return refuse(t('refOwnRequest'));
      return {
        records: [
          {
            ...base,
            _id: answerRecordId(incident.id, pending.id),
            type: 'approval-declined',
            requestId: pending.id,
            requestedBy: pending.requestedBy,
            remedyId: pending.remedyId,
            amount: pending.amount,
            reason,
          },
        ],
      };
    }
    case 'resolve':
      if (incident.status === 'resolved') return refuse(t('refAlreadyResolved'));
      return { records: [{ ...base, _id: resolvedRecordId(incident.id, me.email, now), type: 'incident-resolved' }] };
    case 'reopen': {
      if (incident.status === 'open') return refuse(t('refAlreadyOpen'));
      // It names the resolves it undoes: those the firm holds, else the one this browser recorded.
      const reopened = situation.records ? reopenRecord(situation.records, me.email, now, nonce()) : null;
      const undone = resolvedRecordId(incident.id, incident.resolvedBy ?? incident.createdBy, incident.resolvedAt ?? incident.updatedAt);
      return {
        records: [reopened ?? { ...base, _id: reopenedRecordId(incident.id, me.email, now, nonce()), type: 'incident-reopened', reopens: [undone] }],
      };
    }
  }
}

/** The longest an approver may mark themselves away, as the rulebook bounds it (rules.ts). */
export const AWAY_MAX_MS = 366 * 24 * 60 * 60 * 1000;

function away(until: number | null, policy: Policy | null, me: Me, now: number): AwayDecision {
  if (!policy) return refuse(t('noPolicyYet'));
  if (!isApproverRole(policy, me.role)) return refuse(t('awayOnlyApprovers'));
  if (until !== null && (!Number.isFinite(until) || until <= now)) return refuse(t('awayUntilPast'));
  if (until !== null && until > now + AWAY_MAX_MS) return refuse(t('awayUntilTooFar'));
  const record: ApproverAway = {
    _id: awayRecordId(me.email, now, crypto.randomUUID().slice(0, 8)),
    type: 'approver-away',
    v: LEDGER_RECORD_VERSION,
    author: me.email,
    at: now,
    until: until ?? now,
  };
  return { records: [record] };
}

function open(input: StartIncidentInput, policy: Policy, me: Me, now: number): Decision {
  const category = policy.categories.find((c) => c.id === input.category);
  if (!category) return refuse(t('refNotCategory', input.category));
  const clientKey = input.client.clientKey.trim().slice(0, 400);
  if (!clientKey) return refuse(t('refChooseClient'));
  const email = input.client.email ? normaliseEmail(input.client.email) : undefined;
  const incidentId = newIncidentId(me.email);
  const opened: IncidentOpened = {
    _id: openedRecordId(incidentId),
    type: 'incident-opened',
    v: LEDGER_RECORD_VERSION,
    incidentId,
    clientKey,
    author: me.email,
    at: now,
    role: me.role ?? '',
    identity: me.identity ?? 'self-declared',
    clientName: (input.client.name.trim() || clientKey).slice(0, 500),
    ...(email ? { clientEmail: email } : {}),
    source: input.client.source,
    category: category.id,
    summary: input.summary.trim().slice(0, 10_000),
    policyVersion: policy.policyVersion,
    checklist: checklistFor(policy.checklist, now).map(({ stepId, label, dueAt }) => ({ stepId, label, ...(dueAt !== undefined ? { dueAt } : {}) })),
  };
  return { records: [opened] };
}

/** Ticks of the steps the policy says a grant completes ("record what was given"), unless already done. */
function completedByGrant(incident: Incident, policy: Policy, me: Me, now: number, nonce: () => string): LedgerRecord[] {
  const ids = new Set(policy.checklist.filter((s) => s.completedByGrant).map((s) => s.id));
  return incident.checklist
    .filter((step) => ids.has(step.stepId) && step.doneAt === undefined)
    .map((step) => stepRecord(incident, step.stepId, true, me.email, now, nonce()));
}

function authority(
  policy: Policy,
  role: string | null,
  history: readonly Incident[],
  incident: Incident,
  proposal: Pick<RemedyProposal, 'remedyId' | 'amount'>,
  now: number,
): AuthorityDecision {
  return decideAuthority(
    policy,
    role,
    [...history],
    { clientKey: incident.clientKey, incidentId: incident.id, remedyId: proposal.remedyId, amount: proposal.amount },
    now,
  );
}
