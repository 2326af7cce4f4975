import type { GrantedRemedy, Incident } from '@/utils/ledger/types';

// Small builders for incidents with granted remedies, for decisions over a client's history.

export const CLIENT = 'alice@client.example';
export const NOW = Date.UTC(2026, 10, 25, 15, 0, 0);
export const DAY = 24 * 60 * 60 * 1000;

let grantCount = 0;

export function remedy(amount: number, over: Partial<GrantedRemedy> = {}): GrantedRemedy {
  return {
    id: `g-${++grantCount}`,
    remedyId: 'courier-credit',
    label: 'Credit the courier fee',
    kind: 'credit',
    amount,
    currency: 'USD',
    status: 'granted',
    decision: 'within-authority',
    requestedBy: 'ana.ruiz@harborpine.example',
    requestedByRole: 'front-desk',
    requestedAt: NOW - DAY,
    grantedAt: NOW - DAY,
    ...over,
  };
}

export function incident(id: string, remedies: GrantedRemedy[], over: Partial<Incident> = {}): Incident {
  return {
    id,
    clientKey: CLIENT,
    clientName: 'Alice Example',
    source: { tool: 'manual', label: 'Manual' },
    category: 'shipping-error',
    summary: 'Sent the tax pack to the old address',
    createdBy: 'ana.ruiz@harborpine.example',
    createdByRole: 'front-desk',
    createdAt: NOW - 2 * DAY,
    updatedAt: NOW - DAY,
    status: 'open',
    checklist: [],
    remedies,
    policyVersion: '2026-11-01',
    ...over,
  };
}
