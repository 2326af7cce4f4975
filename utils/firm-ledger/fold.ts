import type { ChecklistProgress, GrantedRemedy, Incident, SetAsideRecord } from '../ledger/types';
import { sameJson } from '../ledger/canonical-json';
import { cleanParagraphs, cleanText } from '../detect/text';
import { answerRecordId, grantRecordId, openedRecordId, ownedBy, requestRecordId, resolvedRecordId, stepRecordId } from './ids';
import {
  LEDGER_RECORD_VERSION,
  type ApprovalApproved,
  type ApprovalDeclined,
  type ApprovalRequested,
  type IncidentOpened,
  type IncidentResolved,
  type LedgerRecord,
  type RemedyGranted,
  type StepTicked,
} from './records';
import { CLOCK_SKEW_MS, recordRefusal } from './rules';

// An incident is the fold of its records: whoever wrote them, in whatever order they arrived, the
// same records give the same incident. The fold believes no record on its word: each must pass the
// rulebook's own proof (rules.ts: ids that belong to their author, no future dates, bounded
// amounts), an answer must match the request it names, and a record the replica holds in two
// versions was tampered with. What fails is set aside, named on the incident, never applied.
// `incidentRecords` is the inverse, for the upgrade of incidents kept before the ledger was a log.

const NO_REFUSALS: ReadonlyMap<string, string> = new Map();

export const TAMPERED = 'Two versions of this record exist: it was tampered with';
export const ANSWER_MISMATCH = 'The answer does not match the request it names (who asked, the remedy or the amount)';

/** Oldest first; records of the same millisecond keep the order they were given in. */
function chronological(records: readonly LedgerRecord[]): LedgerRecord[] {
  return records
    .map((record, index) => ({ record, index }))
    .sort((a, b) => a.record.at - b.record.at || a.index - b.index)
    .map((x) => x.record);
}

/** Each record once; one id seen with two contents is a record in two versions. */
function unique(records: readonly LedgerRecord[]): LedgerRecord[] {
  const byId = new Map<string, LedgerRecord>();
  for (const record of records) {
    const seen = byId.get(record._id);
    if (!seen) byId.set(record._id, record);
    else if (!seen.conflicted && !sameJson(seen, record)) byId.set(record._id, { ...seen, conflicted: true });
  }
  return [...byId.values()];
}

/**
 * Words from a record are a colleague's, or an attacker's: cleaned as page text is (no invisible or
 * direction-changing characters), bounded, before anyone sees them or they go into an email or a file.
 */
const line = (text: string, max = 500) => cleanText(text, max);
const paragraphs = (text: string) => cleanParagraphs(text, 10_000);

function remedyFrom(record: RemedyGranted | ApprovalRequested): GrantedRemedy {
  const base = {
    remedyId: record.remedyId,
    label: line(record.label),
    kind: record.kind,
    amount: record.amount,
    currency: record.currency,
    requestedBy: record.author,
    requestedByRole: record.role,
    ...(record.identity !== undefined ? { requestedByIdentity: record.identity } : {}),
  };
  if (record.type === 'approval-requested') {
    return {
      id: record.requestId,
      ...base,
      status: 'pending',
      decision: 'needs-approval',
      requestedAt: record.at,
      ...(record.reason ? { note: paragraphs(record.reason) } : {}),
    };
  }
  return {
    id: record.grantId,
    ...base,
    status: 'granted',
    decision: 'within-authority',
    requestedAt: record.requestedAt ?? record.at,
    grantedAt: record.at,
    ...(record.creditNoteNumber !== undefined ? { creditNoteNumber: record.creditNoteNumber } : {}),
    ...(record.note !== undefined ? { note: paragraphs(record.note) } : {}),
  };
}

/** The resolve records of one incident that no reopening undid, oldest first. */
export function resolvesInEffect(records: readonly LedgerRecord[]): IncidentResolved[] {
  const undone = new Set(records.flatMap((r) => (r.type === 'incident-reopened' ? r.reopens : [])));
  return chronological(records).filter((r): r is IncidentResolved => r.type === 'incident-resolved' && !undone.has(r._id));
}

/**
 * The incident its records describe, or null while its opening record has not arrived. `refused`:
 * records the firm's server refused (id → its reason): a grant or request among them is shown
 * refused, never given; any other is set aside with the server's reason.
 */
export function foldIncident(records: readonly LedgerRecord[], now: number, refused: ReadonlyMap<string, string> = NO_REFUSALS): Incident | null {
  const setAside: SetAsideRecord[] = [];
  const aside = (record: LedgerRecord, reason: string) => setAside.push({ recordId: record._id, author: record.author, reason });
  // What proves nothing is set aside first, so a forged copy under a colleague's id cannot make
  // their record look tampered with; two versions that both prove themselves are.
  const proving: LedgerRecord[] = [];
  for (const record of records) {
    const refusal = recordRefusal(record as unknown as Record<string, unknown>, now, CLOCK_SKEW_MS);
    if (refusal) aside(record, refusal);
    else proving.push(record);
  }
  const proven: LedgerRecord[] = [];
  let opened: IncidentOpened | undefined;
  for (const record of unique(proving)) {
    const refusal = refused.get(record._id);
    if (refusal !== undefined && record.type !== 'remedy-granted' && record.type !== 'approval-requested') {
      aside(record, refusal);
      if (record.type !== 'incident-opened') continue;
    }
    if (record.type === 'incident-opened') {
      // The one opening there is (its id is the incident's): kept even in two versions, flagged.
      if (record.conflicted) aside(record, TAMPERED);
      opened ??= record;
    } else if (record.conflicted) {
      aside(record, TAMPERED);
    } else {
      proven.push(record);
    }
  }
  if (!opened) return null;
  const mine = chronological(proven.filter((r) => r.incidentId === opened.incidentId));
  const incident = openedIncident(opened);
  const { checklist, remedies } = incident;
  const byId = new Map<string, GrantedRemedy>();
  const answers: (ApprovalApproved | ApprovalDeclined)[] = [];
  for (const record of mine) {
    incident.updatedAt = Math.max(incident.updatedAt, record.at);
    switch (record.type) {
      case 'step-ticked':
      case 'step-unticked':
        applyStep(checklist, record);
        break;
      case 'remedy-granted':
      case 'approval-requested': {
        const id = record.type === 'remedy-granted' ? record.grantId : record.requestId;
        if (byId.has(id)) break;
        const remedy = remedyFrom(record);
        const refusal = refused.get(record._id);
        if (refusal !== undefined) {
          remedy.status = 'refused';
          remedy.refusedReason = refusal;
          delete remedy.creditNoteNumber;
        }
        byId.set(id, remedy);
        remedies.push(remedy);
        break;
      }
      case 'approval-approved':
      case 'approval-declined':
        // After every request: the approver's clock may be behind the requester's.
        answers.push(record);
        break;
      case 'incident-resolved':
      case 'incident-reopened':
      case 'incident-opened':
        break;
    }
  }
  // Resolved while any resolve is not undone by a reopening, as of the latest such resolve.
  const resolve = resolvesInEffect(mine).at(-1);
  if (resolve) {
    incident.status = 'resolved';
    incident.resolvedAt = resolve.at;
    incident.resolvedBy = resolve.author;
  }
  for (const record of answers) {
    const request = byId.get(record.requestId);
    // An answer waits for its request's record to arrive.
    if (!request || request.decision === 'within-authority' || request.status === 'refused') continue;
    if (!answerMatches(request, record)) {
      aside(record, ANSWER_MISMATCH);
      continue;
    }
    // One answer per request (the server keeps the first it accepted); records of the first
    // format could hold two: the first by their clocks decides.
    if (request.status !== 'pending') continue;
    applyAnswer(request, record);
  }
  // Remedies in the order they were asked for, whoever's record arrived first.
  remedies.sort((a, b) => a.requestedAt - b.requestedAt);
  if (setAside.length > 0) incident.setAside = setAside;
  return incident;
}

/** A new incident as its opening record describes it: nothing done or given yet. */
function openedIncident(opened: IncidentOpened): Incident {
  return {
    id: opened.incidentId,
    clientKey: opened.clientKey,
    clientName: line(opened.clientName),
    ...(opened.clientEmail !== undefined ? { clientEmail: line(opened.clientEmail, 254) } : {}),
    source: { ...opened.source, label: line(opened.source.label, 200) } as Incident['source'],
    category: opened.category,
    summary: paragraphs(opened.summary),
    createdBy: opened.author,
    ...(opened.identity !== undefined ? { createdByIdentity: opened.identity } : {}),
    createdByRole: opened.role,
    createdAt: opened.at,
    updatedAt: opened.at,
    status: 'open',
    checklist: opened.checklist.map((s) => ({ ...s, label: line(s.label) })),
    remedies: [],
    policyVersion: opened.policyVersion,
  };
}

function applyStep(checklist: ChecklistProgress[], record: StepTicked): void {
  const step = checklist.find((s) => s.stepId === record.stepId);
  if (!step) return;
  if (record.type === 'step-ticked') {
    step.doneAt = record.at;
    step.doneBy = record.author;
  } else {
    delete step.doneAt;
    delete step.doneBy;
  }
}

/** A pending request answered: granted as the approver's act, or declined with their reason. */
function applyAnswer(request: GrantedRemedy, record: ApprovalApproved | ApprovalDeclined): void {
  if (record.type === 'approval-declined') {
    request.status = 'declined';
    // Declines kept before the firm ledger named no one and no time.
    if (record.author) {
      request.declinedBy = record.author;
      request.declinedAt = record.at;
    }
    if (record.reason) request.declineReason = paragraphs(record.reason);
    return;
  }
  request.status = 'granted';
  request.decision = 'approved';
  request.approvedBy = record.author;
  if (record.identity !== undefined) request.approvedByIdentity = record.identity;
  if (record.markedBy !== undefined) request.approvalMarkedBy = record.markedBy;
  request.grantedAt = record.at;
  if (record.creditNoteNumber !== undefined) request.creditNoteNumber = record.creditNoteNumber;
}

/**
 * The incident after the records one command decided (`decide`, which proved them against the
 * rulebook): the same steps of the fold, applied to the incident as this browser holds it.
 */
export function applyRecords(incident: Incident | null, records: readonly LedgerRecord[]): Incident {
  let next = incident ? structuredClone(incident) : null;
  for (const record of records) {
    if (record.type === 'incident-opened') {
      next = openedIncident(record);
      continue;
    }
    if (!next) throw new Error(`A ${record.type} record for an incident that was not opened`);
    next.updatedAt = Math.max(next.updatedAt, record.at);
    switch (record.type) {
      case 'step-ticked':
      case 'step-unticked':
        applyStep(next.checklist, record);
        break;
      case 'remedy-granted':
      case 'approval-requested':
        next.remedies.push(remedyFrom(record));
        next.remedies.sort((a, b) => a.requestedAt - b.requestedAt);
        break;
      case 'approval-approved':
      case 'approval-declined': {
        const request = next.remedies.find((r) => r.id === record.requestId);
        if (request?.status === 'pending' && answerMatches(request, record)) applyAnswer(request, record);
        break;
      }
      case 'incident-resolved':
        next.status = 'resolved';
        next.resolvedAt = record.at;
        next.resolvedBy = record.author;
        break;
      case 'incident-reopened':
        next.status = 'open';
        delete next.resolvedAt;
        delete next.resolvedBy;
        break;
    }
  }
  if (!next) throw new Error('No incident to apply records to');
  return next;
}

/** Whether an answer is to exactly this request: who asked, the remedy, the amount; never the asker's own. */
function answerMatches(request: GrantedRemedy, answer: ApprovalApproved | ApprovalDeclined): boolean {
  if (answer.requestedBy !== request.requestedBy || (answer.author !== '' && answer.author === request.requestedBy)) return false;
  if (answer.remedyId !== undefined && answer.remedyId !== request.remedyId) return false;
  return answer.amount === undefined || answer.amount === request.amount;
}

/**
 * The records that fold back to `incident`: the upgrade of an incident kept as one record. Their ids
 * are derived from the incident, so upgrading the same incident twice (or in two browsers, from one
 * export) gives the same records, never doubles. A step that was ticked then unticked leaves no
 * trace in an old record; its last change time lives on only as `updatedAt`, which the fold derives
 * from the records.
 */
export function incidentRecords(incident: Incident): LedgerRecord[] {
  // Ids made before they belonged to their author (an incident, grant or request of an earlier
  // version) give records of the first format: read here, never sent to the server.
  const base = (owned: boolean) =>
    ({ v: owned ? LEDGER_RECORD_VERSION : 1, incidentId: incident.id, clientKey: incident.clientKey }) as const;
  const records: LedgerRecord[] = [
    {
      ...base(ownedBy(incident.id, incident.createdBy)),
      _id: openedRecordId(incident.id),
      type: 'incident-opened',
      author: incident.createdBy,
      at: incident.createdAt,
      role: incident.createdByRole,
      ...(incident.createdByIdentity !== undefined ? { identity: incident.createdByIdentity } : {}),
      clientName: incident.clientName,
      ...(incident.clientEmail !== undefined ? { clientEmail: incident.clientEmail } : {}),
      source: incident.source,
      category: incident.category,
      summary: incident.summary,
      policyVersion: incident.policyVersion,
      checklist: incident.checklist.map(({ stepId, label, dueAt }) => ({
        stepId,
        label,
        ...(dueAt !== undefined ? { dueAt } : {}),
      })),
    },
  ];
  for (const step of incident.checklist) {
    if (step.doneAt === undefined) continue;
    const author = step.doneBy ?? incident.createdBy;
    records.push({
      ...base(true),
      _id: stepRecordId(incident.id, step.stepId, author, step.doneAt, 'kept'),
      type: 'step-ticked',
      author,
      at: step.doneAt,
      stepId: step.stepId,
    });
  }
  for (const r of incident.remedies) {
    const money = {
      remedyId: r.remedyId,
      label: r.label,
      kind: r.kind,
      amount: r.amount,
      currency: r.currency,
      ...(r.requestedByIdentity !== undefined ? { identity: r.requestedByIdentity } : {}),
    };
    if (r.decision === 'within-authority' && r.status === 'granted') {
      const at = r.grantedAt ?? r.requestedAt;
      records.push({
        ...base(ownedBy(r.id, r.requestedBy)),
        _id: grantRecordId(incident.id, r.id),
        type: 'remedy-granted',
        author: r.requestedBy,
        at,
        role: r.requestedByRole,
        grantId: r.id,
        ...money,
        ...(r.creditNoteNumber !== undefined ? { creditNoteNumber: r.creditNoteNumber } : {}),
        ...(r.note !== undefined ? { note: r.note } : {}),
        ...(r.requestedAt !== at ? { requestedAt: r.requestedAt } : {}),
      });
      continue;
    }
    records.push({
      ...base(r.id.startsWith(`${r.requestedBy}:${r.remedyId}:${r.amount}:`)),
      _id: requestRecordId(incident.id, r.id),
      type: 'approval-requested',
      author: r.requestedBy,
      at: r.requestedAt,
      role: r.requestedByRole,
      requestId: r.id,
      ...money,
      reason: r.note ?? '',
    });
    // The answer, by whoever the old record says answered it: one per request.
    const answer = answerRecord(incident, r);
    if (answer) records.push(answer);
  }
  if (incident.status === 'resolved') {
    const at = incident.resolvedAt ?? incident.updatedAt;
    const author = incident.resolvedBy ?? incident.createdBy;
    // One record per resolve: resolved again after a reopening is a record of its own.
    records.push({ ...base(true), _id: resolvedRecordId(incident.id, author, at), type: 'incident-resolved', author, at });
  }
  return records;
}

/**
 * The answer record of an answered request (granted on approval, or declined) of an incident kept
 * as one record; null while it is pending. Records of the first format (no approver named) come
 * from incidents kept before the firm ledger.
 */
function answerRecord(incident: Pick<Incident, 'id' | 'clientKey'>, r: GrantedRemedy): ApprovalApproved | ApprovalDeclined | null {
  const answer = {
    _id: answerRecordId(incident.id, r.id),
    incidentId: incident.id,
    clientKey: incident.clientKey,
    requestId: r.id,
    requestedBy: r.requestedBy,
  } as const;
  if (r.status === 'granted' && r.decision !== 'within-authority') {
    return {
      v: r.approvedBy !== undefined ? LEDGER_RECORD_VERSION : 1,
      ...answer,
      type: 'approval-approved',
      author: r.approvedBy ?? '',
      at: r.grantedAt ?? r.requestedAt,
      remedyId: r.remedyId,
      kind: r.kind,
      amount: r.amount,
      currency: r.currency,
      ...(r.creditNoteNumber !== undefined ? { creditNoteNumber: r.creditNoteNumber } : {}),
      ...(r.approvedByIdentity !== undefined ? { identity: r.approvedByIdentity } : {}),
      ...(r.approvalMarkedBy !== undefined ? { markedBy: r.approvalMarkedBy } : {}),
    };
  }
  if (r.status === 'declined') {
    return {
      v: r.declinedBy !== undefined ? LEDGER_RECORD_VERSION : 1,
      ...answer,
      type: 'approval-declined',
      author: r.declinedBy ?? '',
      at: r.declinedAt ?? r.requestedAt,
      remedyId: r.remedyId,
      amount: r.amount,
      reason: r.declineReason ?? '',
    };
  }
  return null;
}
