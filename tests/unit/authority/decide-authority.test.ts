import { describe, expect, it } from 'vitest';
import { decideAuthority, type AuthorityBinding } from '@/utils/authority';
import type { Incident } from '@/utils/ledger/types';
import { examplePolicy } from '../example-policy';
import { setTranslator } from '@/utils/i18n';
import { tableTranslator } from '@/utils/i18n/tables';
import { CLIENT, DAY, NOW, incident, remedy } from './incidents';

const YEAR = 365 * DAY;

interface Row {
  name: string;
  role: string | null;
  history?: Incident[];
  remedyId?: string;
  amount: number;
  incidentId?: string;
  allowed: boolean;
  binding: AuthorityBinding;
  reason?: string;
  approverRole?: string | null;
}

// Front desk: $25 per incident, $100 per client-year, approved by a manager.
const table: Row[] = [
  { name: 'well within', role: 'front-desk', amount: 2000, allowed: true, binding: null,
    reason: 'Within your $25.00 per-incident limit; after this grant, $80.00 left for this client this year' },
  { name: 'exactly at the per-incident limit', role: 'front-desk', amount: 2500, allowed: true, binding: null },
  { name: 'one cent over the per-incident limit', role: 'front-desk', amount: 2501, allowed: false, binding: 'per-incident',
    reason: 'Above your $25.00 per-incident limit: a Manager must approve', approverRole: 'manager' },
  { name: 'zero is always allowed', role: 'front-desk', amount: 0, allowed: true, binding: null },
  { name: 'above the approver\'s own per-incident limit: the next role up approves', role: 'front-desk', amount: 50001,
    allowed: false, binding: 'per-incident', reason: 'Above your $25.00 per-incident limit: a Partner must approve',
    approverRole: 'partner' },
  { name: 'above the approver\'s own yearly limit for the client: the next role up approves', role: 'front-desk',
    incidentId: 'new', history: [incident('i1', [remedy(140000, { requestedByRole: 'partner' })])], amount: 10001,
    allowed: false, binding: 'per-client-year', approverRole: 'partner' },
  { name: 'above every approver\'s limit: no one can approve', role: 'front-desk', amount: 200001, allowed: false,
    binding: 'per-incident', reason: 'Above your $25.00 per-incident limit: no role in the policy can approve it',
    approverRole: null },
  { name: 'earlier grants in the same incident add up', role: 'front-desk', incidentId: 'i1',
    history: [incident('i1', [remedy(1500)])], amount: 1001, allowed: false, binding: 'per-incident',
    reason: 'Above your $25.00 per-incident limit ($10.00 left on this incident): a Manager must approve' },
  { name: 'same incident, exactly filling it', role: 'front-desk', incidentId: 'i1',
    history: [incident('i1', [remedy(1500)])], amount: 1000, allowed: true, binding: null },
  { name: 'grants in other incidents do not touch the per-incident cap', role: 'front-desk', incidentId: 'new',
    history: [incident('i1', [remedy(2500)])], amount: 2500, allowed: true, binding: null,
    reason: 'Within your $25.00 per-incident limit; after this grant, $50.00 left for this client this year' },
  { name: 'exactly at the yearly limit', role: 'front-desk', incidentId: 'new',
    history: [incident('i1', [remedy(2500)]), incident('i2', [remedy(2500)]), incident('i3', [remedy(2500)])],
    amount: 2500, allowed: true, binding: null },
  { name: 'one cent over the yearly limit', role: 'front-desk', incidentId: 'new',
    history: [incident('i1', [remedy(2500)]), incident('i2', [remedy(2500)]), incident('i3', [remedy(2501)])],
    amount: 2500, allowed: false, binding: 'per-client-year',
    reason: 'Above your $100.00 yearly limit for this client ($24.99 left): a Manager must approve' },
  { name: 'grants older than 365 days no longer count', role: 'front-desk', incidentId: 'new',
    history: [incident('old', [remedy(10000, { grantedAt: NOW - YEAR })])], amount: 2500, allowed: true, binding: null },
  { name: 'a grant one millisecond inside the year counts', role: 'front-desk', incidentId: 'new',
    history: [incident('old', [remedy(10000, { grantedAt: NOW - YEAR + 1 })])], amount: 1, allowed: false,
    binding: 'per-client-year' },
  { name: 'pending and declined requests do not count', role: 'front-desk', incidentId: 'i1',
    history: [incident('i1', [remedy(2500, { status: 'pending', decision: 'needs-approval', grantedAt: undefined }),
      remedy(2500, { status: 'declined', grantedAt: undefined })])], amount: 2500, allowed: true, binding: null },
  { name: 'apologies count zero', role: 'front-desk', incidentId: 'i1',
    history: [incident('i1', [remedy(9999, { kind: 'apology', remedyId: 'apology' })])], amount: 2500, allowed: true,
    binding: null },
  { name: 'an apology is allowed even above every cap', role: 'front-desk', remedyId: 'apology', amount: 0,
    history: [incident('i1', [remedy(10000)])], allowed: true, binding: null },
  { name: 'another client\'s grants do not count', role: 'front-desk',
    history: [incident('i9', [remedy(10000)], { clientKey: 'bob@client.example' })], amount: 2500, allowed: true,
    binding: null },
  { name: 'both caps over: the tighter one binds', role: 'front-desk', incidentId: 'i1',
    history: [incident('i1', [remedy(500)]), incident('i2', [remedy(9000)])], amount: 2100, allowed: false,
    binding: 'per-client-year' },
  { name: 'no role: zero authority', role: null, amount: 1, allowed: false, binding: 'no-role',
    reason: "You are not on the firm's staff list, so you have no authority to give money: a Manager must approve",
    approverRole: 'manager' },
  { name: 'no role may still apologise', role: null, remedyId: 'apology', amount: 0, allowed: true, binding: null },
  { name: 'a role missing from the policy: zero authority, never unlimited', role: 'intern', amount: 100,
    allowed: false, binding: 'no-role' },
  { name: 'no yearly cap for a partner', role: 'partner', amount: 200000, allowed: true, binding: null,
    reason: 'Within your $2,000.00 per-incident limit; no yearly limit for this client' },
  { name: 'the top of the chain has no one to ask', role: 'partner', remedyId: 'consult-refund', amount: 200001,
    allowed: false, binding: 'per-incident',
    reason: 'Above your $2,000.00 per-incident limit: no role in the policy can approve it', approverRole: null },
  { name: 'a remedy maximum binds even a partner', role: 'partner', remedyId: 'flowers', amount: 8001, allowed: false,
    binding: 'remedy-max', reason: 'Above the $80.00 maximum for Get-well flowers: no one can approve more',
    approverRole: null },
  { name: 'exactly at the remedy maximum', role: 'manager', remedyId: 'flowers', amount: 8000, allowed: true,
    binding: null },
  { name: 'negative amounts are refused', role: 'partner', amount: -1, allowed: false, binding: 'invalid-amount',
    reason: 'Enter an amount of zero or more, with no more decimals than the currency has', approverRole: null },
  { name: 'fractions of a cent are refused', role: 'partner', amount: 10.5, allowed: false, binding: 'invalid-amount' },
  { name: 'not-a-number is refused', role: 'partner', amount: Number.NaN, allowed: false, binding: 'invalid-amount' },
];

describe('decideAuthority', () => {
  it.each(table)('$name', (row) => {
    const decision = decideAuthority(
      examplePolicy(),
      row.role,
      row.history ?? [],
      { clientKey: CLIENT, incidentId: row.incidentId, remedyId: row.remedyId ?? 'courier-credit', amount: row.amount },
      NOW,
    );
    expect(decision.allowed).toBe(row.allowed);
    expect(decision.binding).toBe(row.binding);
    if (row.reason) expect(decision.reason).toBe(row.reason);
    if (row.approverRole !== undefined) expect(decision.approverRole).toBe(row.approverRole);
  });

  it('reports the remaining amounts before and after, and who approves', () => {
    const decision = decideAuthority(
      examplePolicy(),
      'front-desk',
      [incident('i1', [remedy(1000)]), incident('i2', [remedy(3000)])],
      { clientKey: CLIENT, incidentId: 'i1', remedyId: 'courier-credit', amount: 1500 },
      NOW,
    );
    expect(decision).toMatchObject({
      allowed: true,
      perIncident: { limit: 2500, usedBefore: 1000, remainingBefore: 1500, remainingAfter: 0 },
      perClientYear: { limit: 10000, usedBefore: 4000, remainingBefore: 6000, remainingAfter: 4500 },
      remedyMax: null,
      approverRole: 'manager',
      approverRoleLabel: 'Manager',
      approvers: [{ name: 'Carla Meyer', email: 'carla.meyer@harborpine.example' }],
      currency: 'USD',
      locale: 'en-US',
    });
  });

  it('falls back up the chain when no one on the staff list holds the approver role', () => {
    const policy = examplePolicy();
    policy.staff = policy.staff.filter((s) => s.role !== 'manager');
    const decision = decideAuthority(policy, 'front-desk', [],
      { clientKey: CLIENT, remedyId: 'courier-credit', amount: 3000 }, NOW);
    expect(decision.approverRole).toBe('partner');
    expect(decision.approvers).toEqual([{ name: 'Dev Patel', email: 'dev.patel@harborpine.example' }]);
    expect(decision.reason).toBe('Above your $25.00 per-incident limit: a Partner must approve');
  });

  it('says so when no one on the staff list can approve at all', () => {
    const policy = examplePolicy();
    policy.staff = policy.staff.filter((s) => s.role === 'front-desk');
    const decision = decideAuthority(policy, 'front-desk', [],
      { clientKey: CLIENT, remedyId: 'courier-credit', amount: 3000 }, NOW);
    expect(decision.approvers).toEqual([]);
    expect(decision.reason).toBe(
      'Above your $25.00 per-incident limit: a Manager must approve (no one on the staff list holds that role)',
    );
  });

  it('refuses a remedy that is not in the policy', () => {
    expect(() =>
      decideAuthority(examplePolicy(), 'partner', [], { clientKey: CLIENT, remedyId: 'yacht', amount: 1 }, NOW),
    ).toThrow('"yacht" is not a remedy in the firm\'s policy');
  });

  it("says it in the interface's language, with money in the firm's currency", () => {
    const policy = examplePolicy();
    policy.firm = { ...policy.firm, currency: 'EUR', locale: 'de-DE' };
    const decide = () =>
      decideAuthority(policy, 'front-desk', [], { clientKey: CLIENT, remedyId: 'courier-credit', amount: 2000 }, NOW).reason;
    expect(decide()).toBe('Within your €25.00 per-incident limit; after this grant, €80.00 left for this client this year');
    setTranslator(tableTranslator('de'));
    expect(decide()).toBe(
      'Innerhalb Ihrer Obergrenze von 25,00\u00a0€ pro Vorfall; nach dieser Gewährung verbleiben 80,00\u00a0€ für diesen Mandanten in diesem Jahr',
    );
    setTranslator(tableTranslator('fr'));
    expect(decide()).toBe('Dans votre plafond de 25,00\u00a0€ par incident ; après cet octroi, il restera 80,00\u00a0€ pour ce client cette année');
  });
});

describe('why the approver is who it is', () => {
  const decide = (history: Incident[], incidentId: string | undefined, remedyId: string, amount: number, policy = examplePolicy()) =>
    decideAuthority(policy, 'front-desk', history, { clientKey: CLIENT, incidentId, remedyId, amount }, NOW);

  it('says the $500 refund on top of the $20 courier credit crosses a manager\'s limit, so a partner approves', () => {
    const courier = incident('courier', [remedy(2000)]);
    const here = decide([courier], 'courier', 'consult-refund', 50000);
    expect(here.approverRole).toBe('partner');
    expect(here.approverBecause).toBe(
      "With the $20.00 already given in this incident, that makes $520.00: above a Manager's $500.00 per-incident limit, so a Partner must approve.",
    );
    // In an incident of its own the same refund goes to the manager, and there is nothing to explain.
    const own = decide([courier], undefined, 'consult-refund', 50000);
    expect(own.approverRole).toBe('manager');
    expect(own.approverBecause).toBeNull();
  });

  it('names the amount alone when it crosses the manager\'s limit by itself', () => {
    expect(decide([], undefined, 'consult-refund', 60000).approverBecause).toBe(
      "$600.00 is above a Manager's $500.00 per-incident limit, so a Partner must approve.",
    );
  });

  it('names the client\'s year when that is what a manager cannot cover', () => {
    const history = [incident('i1', [remedy(140000, { requestedByRole: 'partner' })])];
    expect(decide(history, 'new', 'courier-credit', 10001).approverBecause).toBe(
      "With the $1,400.00 already given to this client in the last 365 days, that makes $1,500.01: above a Manager's $1,500.00 yearly limit for a client, so a Partner must approve.",
    );
  });

  it('says no one is a manager when that is why a partner approves', () => {
    const policy = examplePolicy();
    policy.staff = policy.staff.filter((s) => s.role !== 'manager');
    expect(decide([], undefined, 'courier-credit', 3000, policy).approverBecause).toBe(
      'No one on the staff list is a Manager, so a Partner must approve.',
    );
  });
});
