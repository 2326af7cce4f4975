import type { LedgerRecordType } from '@/utils/firm-ledger/records';
import type { IncomingDoc } from '@/utils/firm-ledger/rules';
import { examplePolicy } from '../example-policy';

// Well-formed ledger records of every type, as a browser would write them, for the rule tests (pure
// and over HTTP). `extra` overrides any field; a remedy's kind follows its id unless given.

export const ANA = 'ana.ruiz@harborpine.example';
export const BEN = 'ben.okafor@harborpine.example';
export const CARLA = 'carla.meyer@harborpine.example';
export const DEV = 'dev.patel@harborpine.example';

const remedies = examplePolicy().remedies;
let serial = 0;

function payload(type: LedgerRecordType): IncomingDoc {
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
      return { grantId: 'g-1', remedyId: 'courier-credit', label: 'Credit the courier fee', amount: 2000, currency: 'USD' };
    case 'approval-requested':
      return {
        requestId: 'r-1',
        remedyId: 'consult-refund',
        label: 'Refund the consultation fee',
        amount: 50000,
        currency: 'USD',
        reason: 'The client lost a day of work',
        toRole: 'manager',
      };
    case 'approval-approved':
      return { requestId: 'r-1', requestedBy: ANA, remedyId: 'consult-refund', amount: 50000, currency: 'USD' };
    case 'approval-declined':
      return { requestId: 'r-1', requestedBy: ANA, reason: 'Already refunded once this year' };
    case 'incident-resolved':
      return {};
    case 'incident-reopened':
      return { reopens: ['inc-1/resolved/1764000000000'] };
  }
}

export function ledgerRecord(type: LedgerRecordType, author: string, extra: IncomingDoc = {}): IncomingDoc {
  serial += 1;
  const doc: IncomingDoc = {
    _id: `ev:inc-1:${type}:${serial}`,
    type,
    v: 1,
    incidentId: 'inc-1',
    clientKey: 'maya.chen@client.example',
    author,
    at: 1_764_000_000_000 + serial,
    ...payload(type),
    ...extra,
  };
  if (typeof doc.remedyId === 'string' && !('kind' in extra)) {
    const kind = remedies.find((r) => r.id === doc.remedyId)?.kind;
    if (kind) doc.kind = kind;
  }
  return doc;
}
