import type { ClientHistory, GrantedRemedy, Incident } from '@/utils/ledger/types';
import type { TabClient } from '@/utils/detect/types';
import type { Me } from '@/utils/people';
import type { Policy, PolicyState } from '@/utils/policy/types';
import type { WaitingApproval } from '@/utils/firm-ledger/approvals';
import { examplePolicy } from '../example-policy';

// The reference policy (../shared policy.example.json) as the panel receives it: amounts in cents.

export function testPolicy(): Policy {
  const policy = examplePolicy();
  return {
    ...policy,
    // A higher cap on flowers than the authority tests use, and a shorter category list and checklist.
    remedies: policy.remedies.map((r) => (r.id === 'flowers' ? { ...r, maxAmount: 10000 } : r)),
    categories: policy.categories.filter((c) => c.id !== 'billing-error'),
    checklist: policy.checklist.filter((s) => ['acknowledge', 'apologize', 'follow-up', 'record'].includes(s.id)),
    templates: [
      {
        id: 'credit-note',
        label: 'Credit note',
        subject: 'Credit note {{creditNote.number}}: {{remedy.label}}',
        body: 'Dear {{client.firstName}},\n\nWe have credited {{amount}} to your account, credit note {{creditNote.number}} dated {{date}}.\n\n{{staff.name}}\n{{firm.name}}',
      },
      {
        id: 'apology-gift',
        label: 'Apology with a gift',
        subject: 'Our apologies, {{client.firstName}}',
        body: 'Dear {{client.firstName}},\n\nA small token: {{remedy.label}} ({{amount}}).\n\n{{staff.name}}',
      },
      {
        id: 'apology',
        label: 'Apology',
        subject: 'I am sorry, {{client.firstName}}',
        body: 'Dear {{client.firstName}},\n\nI goofed. {{incident.summary}}\n\n{{staff.name}}',
      },
    ],
  };
}

// Set by IT (managed storage), so nothing they record is marked unverified unless a test says so.
export const ANA: Me = { email: 'ana.ruiz@harborpine.example', name: 'Ana Ruiz', role: 'front-desk', identity: 'managed' };
export const BEN: Me = { email: 'ben.okafor@harborpine.example', name: 'Ben Okafor', role: 'staff', identity: 'managed' };

export const NOW = Date.UTC(2026, 10, 25, 19, 0); // 14:00 in New York

export const CLIENT_KEY = 'alice.moreau@client.example';

export function testIncident(overrides: Partial<Incident> = {}): Incident {
  const createdAt = overrides.createdAt ?? NOW - 20 * 60_000;
  return {
    id: 'inc-1',
    clientKey: CLIENT_KEY,
    clientName: 'Alice Moreau',
    clientEmail: CLIENT_KEY,
    source: { tool: 'gmail', label: 'Gmail' },
    category: 'shipping-error',
    summary: 'Documents went by ground, not overnight',
    createdBy: ANA.email,
    createdByRole: 'front-desk',
    createdAt,
    updatedAt: createdAt,
    status: 'open',
    checklist: [
      { stepId: 'acknowledge', label: 'Acknowledge the mistake plainly', dueAt: createdAt },
      { stepId: 'apologize', label: 'Apologize personally', dueAt: createdAt + 60 * 60_000 },
      { stepId: 'follow-up', label: 'Follow up the next day', dueAt: createdAt + 1440 * 60_000 },
      { stepId: 'record', label: 'Record what was given' },
    ],
    remedies: [],
    policyVersion: '2026-11-01',
    ...overrides,
  };
}

export function testGrant(overrides: Partial<GrantedRemedy> = {}): GrantedRemedy {
  return {
    id: 'grant-1',
    remedyId: 'courier-credit',
    label: 'Credit the courier fee',
    kind: 'credit',
    amount: 2000,
    currency: 'USD',
    status: 'granted',
    decision: 'within-authority',
    requestedBy: ANA.email,
    requestedByRole: 'front-desk',
    requestedByIdentity: 'managed',
    requestedAt: NOW - 5 * 60_000,
    grantedAt: NOW - 5 * 60_000,
    creditNoteNumber: 'CN-2026-0007',
    ...overrides,
  };
}

export function testHistory(incidents: Incident[] = [], overrides: Partial<ClientHistory> = {}): ClientHistory {
  return {
    clientKey: CLIENT_KEY,
    ...(incidents[0] ? { clientName: incidents[0].clientName } : {}),
    ...(incidents[0]?.clientEmail ? { clientEmail: incidents[0].clientEmail } : {}),
    incidentCount: incidents.length,
    incidents,
    openIncidents: incidents.filter((i) => i.status === 'open'),
    earlierGrants: [],
    givenLast365: incidents.flatMap((i) => i.remedies).reduce((s, r) => (r.status === 'granted' ? s + r.amount : s), 0),
    ...overrides,
  };
}

export function testPolicyState(overrides: Partial<PolicyState> = {}): PolicyState {
  return {
    policy: testPolicy(),
    source: 'url',
    policyUrl: 'https://policy.harborpine.example/policy.json',
    policyUrlLocked: false,
    signingKey: null,
    verifiedWith: null,
    lastSyncAt: NOW - 10 * 60_000,
    lastSuccessAt: NOW - 10 * 60_000,
    lastError: null,
    etag: null,
    ...overrides,
  };
}

/** Tab 7: a Gmail thread from the client. */
export const ALICE_TAB: TabClient = {
  tabId: 7,
  url: 'https://mail.google.com/mail/u/0/#inbox/1',
  hasCompose: true,
  client: {
    source: 'gmail',
    sourceLabel: 'Gmail',
    email: CLIENT_KEY,
    name: 'Alice Moreau',
    firstName: 'Alice',
    pageKind: 'thread',
    evidence: 'thread sender',
  },
};

export const CARLA_APPROVER = { email: 'carla.meyer@harborpine.example', name: 'Carla Meyer', role: 'manager' };

/** A request in Carla's Approvals tab: Ana asks to refund Alice's consultation, ten minutes ago. */
export function testWaitingApproval(overrides: Partial<WaitingApproval> = {}): WaitingApproval {
  return {
    incidentId: 'inc-1',
    requestId: 'req-1',
    clientKey: CLIENT_KEY,
    clientName: 'Alice Moreau',
    remedyId: 'consult-refund',
    remedyLabel: 'Refund the consultation fee',
    kind: 'refund',
    amount: 30_000,
    currency: 'USD',
    requestedBy: ANA.email,
    requestedByName: ANA.name,
    reason: 'The client lost a day of work',
    since: NOW - 10 * 60_000,
    escalations: 0,
    approvers: [CARLA_APPROVER],
    ...overrides,
  };
}
