import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { approvalChain, canApprove, decideAuthority, grantedTotals } from '@/utils/authority';
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
    expect(canApprove(policy, 'front-desk', 'manager')).toBe(true);
    expect(canApprove(policy, 'front-desk', 'partner')).toBe(true);
    expect(canApprove(policy, 'front-desk', 'staff')).toBe(false);
    expect(canApprove(policy, 'manager', 'manager')).toBe(false);
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
