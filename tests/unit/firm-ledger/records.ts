import type { LedgerRecordType } from '@/utils/firm-ledger/records';
import type { IncomingDoc } from '@/utils/firm-ledger/rules';
import { answerRecordId, awayRecordId, grantRecordId, openedRecordId, requestRecordId, resolvedRecordId, stepRecordId, reopenedRecordId } from '@/utils/firm-ledger/ids';
import { LEDGER_RECORD_VERSION } from '@/utils/firm-ledger/records';
import { examplePolicy } from '../example-policy';

// Well-formed ledger records of every type, as a browser would write them, for the rule tests (pure
// and over HTTP). `extra` overrides any field; the ids a record introduces are its author's and its
// `_id` is made of its fields (utils/firm-ledger/ids.ts) unless `extra` gives them; a remedy's kind
// follows its id unless given. Times are now unless given.

export const ANA = 'ana.ruiz@harborpine.example';
export const BEN = 'ben.okafor@harborpine.example';
export const CARLA = 'carla.meyer@harborpine.example';
export const DEV = 'dev.patel@harborpine.example';

/** The incident most tests are about: Ana opened it. */
export const INCIDENT = `${ANA}:inc-1`;

const remedies = examplePolicy().remedies;
let serial = 0;

function payload(type: Exclude<LedgerRecordType, 'approver-away'>): IncomingDoc {
  switch (type) {
    case 'incident-opened':
      return {
        clientName: 'Maya Chen',
        clientEmail: 'maya.chen@client.example',
        source: { tool: 'gmail', label: 'Gmail' },
        category: 'courier-delay',
        summary: 'Documents went by ground instead of overnight',
        policyVersion: '2026-11-01',
        checklist: [{ stepId: 'apologise', label: 'Apologise', dueAt: 1_764_000_600_000 }],
      };
    case 'step-ticked':
    case 'step-unticked':
      return { stepId: 'apologise' };
    case 'remedy-granted':
      return { remedyId: 'courier-credit', label: 'Credit the courier fee', amount: 2000, currency: 'USD' };
    case 'approval-requested':
      return {
        remedyId: 'consult-refund',
        label: 'Refund the consultation fee',
        amount: 50000,
        currency: 'USD',
        reason: 'The client lost a day of work',
      };
    case 'approval-approved':
      return { requestedBy: ANA, remedyId: 'consult-refund', amount: 50000, currency: 'USD' };
    case 'approval-declined':
      return { requestedBy: ANA, remedyId: 'consult-refund', amount: 50000, reason: 'Already refunded once this year' };
    case 'incident-resolved':
    case 'incident-reopened':
      return {};
  }
}

/** A request's id as its requester's browser makes it: who asks, the remedy, the amount. */
export function requestIdOf(requester: string, remedyId: string, amount: number, token = 'r-1'): string {
  return `${requester}:${remedyId}:${amount}:${token}`;
}

export function ledgerRecord(type: LedgerRecordType, author: string, extra: IncomingDoc = {}): IncomingDoc {
  serial += 1;
  if (type === 'approver-away') {
    const at = Date.now() - 60_000 + serial;
    return { _id: awayRecordId(author, at, String(serial)), type, v: LEDGER_RECORD_VERSION, author, at, until: at + 3 * 3_600_000, ...extra };
  }
  const doc: IncomingDoc = {
    type,
    v: LEDGER_RECORD_VERSION,
    // An opening's incident is its author's; the other records are about Ana's unless told.
    incidentId: type === 'incident-opened' ? `${author}:inc-1` : INCIDENT,
    clientKey: 'maya.chen@client.example',
    author,
    at: Date.now() - 60_000 + serial,
    ...payload(type),
    ...extra,
  };
  if (typeof doc.remedyId === 'string' && !('kind' in extra)) {
    const kind = remedies.find((r) => r.id === doc.remedyId)?.kind;
    if (kind && type !== 'approval-declined') doc.kind = kind;
  }
  const incidentId = String(doc.incidentId);
  const at = Number(doc.at);
  if (type === 'remedy-granted' && !('grantId' in extra)) doc.grantId = `${author}:g-${serial}`;
  if (type.startsWith('approval-') && !('requestId' in extra)) {
    const requester = type === 'approval-requested' ? author : String(doc.requestedBy);
    doc.requestId = requestIdOf(requester, String(doc.remedyId), Number(doc.amount));
  }
  if (type === 'incident-reopened' && !('reopens' in extra)) doc.reopens = [resolvedRecordId(incidentId, author, at - 1)];
  if (!('_id' in extra)) {
    switch (type) {
      case 'incident-opened':
        doc._id = openedRecordId(incidentId);
        break;
      case 'step-ticked':
      case 'step-unticked':
        doc._id = stepRecordId(incidentId, String(doc.stepId), author, at, String(serial));
        break;
      case 'remedy-granted':
        doc._id = grantRecordId(incidentId, String(doc.grantId));
        break;
      case 'approval-requested':
        doc._id = requestRecordId(incidentId, String(doc.requestId));
        break;
      case 'approval-approved':
      case 'approval-declined':
        doc._id = answerRecordId(incidentId, String(doc.requestId));
        break;
      case 'incident-resolved':
        doc._id = resolvedRecordId(incidentId, author, at);
        break;
      case 'incident-reopened':
        doc._id = reopenedRecordId(incidentId, author, at, String(serial));
        break;
    }
  }
  return doc;
}
