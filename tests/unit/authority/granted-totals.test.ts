import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { approvalChain, approversOf, decideAuthority, grantedTotals } from '@/utils/authority';
import { examplePolicy } from '../example-policy';
import { CLIENT, DAY, NOW, incident, remedy } from './incidents';

describe('grantedTotals', () => {
  it('sums money granted to the client in the rolling year, per incident and overall', () => {
    const totals = grantedTotals(
      [
        incident('i1', [remedy(1000), remedy(500, { kind: 'apology' })]),
        incident('i2', [remedy(2000, { grantedAt: NOW - 400 * DAY }), remedy(300)]),
        incident('i3', [remedy(700, { status: 'pending', grantedAt: undefined })]),
        incident('other', [remedy(9000)], { clientKey: 'bob@client.example' }),
      ],
      CLIENT,
      NOW,
    );
    expect(totals).toEqual({ clientLast365: 1300, byIncident: { i1: 1000, i2: 2300, i3: 0 } });
  });
});

describe('approval chain', () => {
  it('walks up from the requester\'s approver', () => {
    expect(approvalChain(examplePolicy(), 'front-desk').map((r) => r.id)).toEqual(['manager', 'partner']);
    expect(approvalChain(examplePolicy(), 'partner')).toEqual([]);
  });

  it('starts someone without a role where the lowest role starts', () => {
    expect(approvalChain(examplePolicy(), null).map((r) => r.id)).toEqual(['manager', 'partner']);
  });

  it('survives a policy whose approver roles loop', () => {
    const policy = examplePolicy();
    policy.roles = policy.roles.map((r) => (r.id === 'partner' ? { ...r, approverRole: 'manager' } : r));
    expect(approvalChain(policy, 'staff').map((r) => r.id)).toEqual(['manager', 'partner']);
  });

  it('lets the approver role or anyone above it approve, never a peer or someone below', () => {
    const policy = examplePolicy();
    const roleOf = (email: string) => policy.staff.find((s) => s.email === email)?.role;
    const approving = (requester: string | null, amount: number) =>
      approversOf(policy, requester, [], { clientKey: CLIENT, incidentId: 'i0', remedyId: 'consult-refund', amount }, NOW).map(
        (s) => roleOf(s.email),
      );
    expect(approving('front-desk', 5000)).toEqual(expect.arrayContaining(['manager', 'partner']));
    expect(approving('front-desk', 5000)).not.toContain('staff');
    expect(approving('manager', 5000)).not.toContain('manager');
  });

  it('names approvers nearest first, and only those whose own limits cover the request', () => {
    const policy = examplePolicy();
    const manager = policy.roles.find((r) => r.id === 'manager')!;
    const roles = (amount: number) =>
      approversOf(policy, 'front-desk', [], { clientKey: CLIENT, incidentId: 'i0', remedyId: 'consult-refund', amount }, NOW).map(
        (s) => policy.staff.find((m) => m.email === s.email)?.role,
      );
    const within = roles(manager.perIncident!);
    expect(within[0]).toBe('manager');
    expect(new Set(within)).toEqual(new Set(['manager', 'partner']));
    expect(new Set(roles(manager.perIncident! + 1))).toEqual(new Set(['partner']));
    expect(approversOf(policy, 'front-desk', [], { clientKey: CLIENT, remedyId: 'yacht', amount: 1 }, NOW)).toEqual([]);
  });
});

describe('decideAuthority for any amount and history', () => {
  it('allows exactly what fits under both caps of a known role', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('front-desk', 'staff', 'manager'),
        fc.array(fc.integer({ min: 0, max: 60000 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 300000 }),
        (role, earlier, amount) => {
          const policy = examplePolicy();
          const history = earlier.map((a, i) => incident(`i${i}`, [remedy(a)]));
          const decision = decideAuthority(policy, role, history,
            { clientKey: CLIENT, incidentId: 'i0', remedyId: 'consult-refund', amount }, NOW);
          const limits = policy.roles.find((r) => r.id === role)!;
          const inIncident = earlier[0] ?? 0;
          const inYear = earlier.reduce((a, b) => a + b, 0);
          const fits =
            amount <= Math.max(0, limits.perIncident! - inIncident) &&
            amount <= Math.max(0, limits.perClientPerYear! - inYear);
          expect(decision.allowed).toBe(fits);
        },
      ),
    );
  });
});
