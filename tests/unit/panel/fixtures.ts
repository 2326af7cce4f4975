import type { ClientHistory, GrantedRemedy, Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/messages';
import type { Policy, PolicyState } from '@/utils/policy/types';

// The reference policy (../shared policy.example.json) as the panel receives it: amounts in cents.

export function testPolicy(): Policy {
  return {
    schemaVersion: 1,
    policyVersion: '2026-11-01',
    firm: { name: 'Harbor & Pine CPAs', currency: 'USD', locale: 'en-US', timeZone: 'America/New_York' },
    roles: [
      { id: 'front-desk', label: 'Front desk', perIncident: 2500, perClientPerYear: 10000, approverRole: 'manager' },
      { id: 'staff', label: 'Staff accountant', perIncident: 10000, perClientPerYear: 30000, approverRole: 'manager' },
      { id: 'manager', label: 'Manager', perIncident: 50000, perClientPerYear: 150000, approverRole: 'partner' },
      { id: 'partner', label: 'Partner', perIncident: 200000, perClientPerYear: null },
    ],
    staff: [
      { email: 'ana.ruiz@harborpine.example', name: 'Ana Ruiz', role: 'front-desk' },
      { email: 'ben.okafor@harborpine.example', name: 'Ben Okafor', role: 'staff' },
      { email: 'carla.meyer@harborpine.example', name: 'Carla Meyer', role: 'manager' },
      { email: 'dev.patel@harborpine.example', name: 'Dev Patel', role: 'partner' },
    ],
    remedies: [
      { id: 'courier-credit', label: 'Credit the courier fee', kind: 'credit', defaultAmount: 2000, template: 'credit-note' },
      { id: 'consult-refund', label: 'Refund the consultation fee', kind: 'refund', defaultAmount: 50000, template: 'credit-note' },
      { id: 'restaurant-gift', label: 'Restaurant gift card', kind: 'gift', defaultAmount: 5000, template: 'apology-gift' },
      { id: 'flowers', label: 'Get-well flowers', kind: 'gift', defaultAmount: 6000, maxAmount: 10000, template: 'apology-gift' },
      { id: 'apology', label: 'Apology, nothing charged', kind: 'apology', defaultAmount: 0, template: 'apology' },
    ],
    categories: [
      { id: 'missed-appointment', label: 'Missed or wrong-time appointment', suggestedRemedies: ['apology', 'restaurant-gift'] },
      { id: 'shipping-error', label: 'Documents sent the wrong way', suggestedRemedies: ['courier-credit'] },
      { id: 'advice-complaint', label: 'Unhappy with advice given', suggestedRemedies: ['consult-refund'] },
    ],
    checklist: [
      { id: 'acknowledge', label: 'Acknowledge the mistake plainly', dueWithinMinutes: 0 },
      { id: 'apologize', label: 'Apologize personally', dueWithinMinutes: 60 },
      { id: 'follow-up', label: 'Follow up the next day', dueWithinMinutes: 1440 },
      { id: 'record', label: 'Record what was given' },
    ],
    creditNotes: { prefix: 'CN' },
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
    detectors: [],
    sync: { refreshMinutes: 60 },
  };
}

export const ANA: Me = { email: 'ana.ruiz@harborpine.example', name: 'Ana Ruiz', role: 'front-desk' };
export const BEN: Me = { email: 'ben.okafor@harborpine.example', name: 'Ben Okafor', role: 'staff' };

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
    requestedAt: NOW - 5 * 60_000,
    grantedAt: NOW - 5 * 60_000,
    creditNoteNumber: 'CN-2026-0007',
    ...overrides,
  };
}

export function testHistory(incidents: Incident[] = [], overrides: Partial<ClientHistory> = {}): ClientHistory {
  return {
    clientKey: CLIENT_KEY,
    incidents,
    givenLast365: incidents.flatMap((i) => i.remedies).reduce((s, r) => (r.status === 'granted' ? s + r.amount : s), 0),
    openFollowUps: 0,
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
    lastSyncAt: NOW - 10 * 60_000,
    lastSuccessAt: NOW - 10 * 60_000,
    lastError: null,
    etag: null,
    ...overrides,
  };
}
