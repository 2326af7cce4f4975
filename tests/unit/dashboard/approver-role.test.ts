import { describe, expect, it } from 'vitest';
import { isApproverRole } from '@/utils/authority';
import { examplePolicy } from '../example-policy';

// The panel links the Dashboard for roles that approve for another: those an approval chain names.

describe('a role that approves', () => {
  it('is one some role’s approval chain names', () => {
    const policy = examplePolicy(); // front desk and staff → manager → partner
    expect(['front-desk', 'staff', 'manager', 'partner'].filter((r) => isApproverRole(policy, r))).toEqual(['manager', 'partner']);
    expect(isApproverRole(policy, null)).toBe(false);
    expect(isApproverRole(policy, 'intern')).toBe(false);
  });

  it('is no one’s when no role names an approver', () => {
    const policy = examplePolicy();
    const flat = { ...policy, roles: policy.roles.map(({ approverRole: _dropped, ...r }) => r) };
    expect(flat.roles.some((r) => isApproverRole(flat, r.id))).toBe(false);
  });
});
