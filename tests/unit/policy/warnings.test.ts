import { describe, expect, it } from 'vitest';
import { formatPolicyIssue, parsePolicy } from '@/utils/policy/parse';
import type { Policy } from '@/utils/policy/types';
import { policyWarnings } from '@/utils/policy/warnings';
import { example } from './helpers';

// Valid but odd policies: accepted, and each oddity named with its path and what to change.

function policyOf(json: unknown): Policy {
  const result = parsePolicy(json);
  if (!result.ok) throw new Error(result.errors.map(formatPolicyIssue).join('\n'));
  return result.policy;
}

const warningsOf = (json: unknown) => policyWarnings(policyOf(json)).map(formatPolicyIssue);

describe('policyWarnings', () => {
  it('has nothing to say about the reference policy', () => {
    expect(warningsOf(example())).toEqual([]);
  });

  it('names a role whose per-incident limit is above its approver’s', () => {
    const json = example();
    json.roles[0].perIncident = 1000; // front desk, approved by the manager ($500 per incident)
    json.roles[0].perClientPerYear = 2000;
    expect(warningsOf(json)).toEqual([
      "roles[0].perIncident: $1,000.00 per incident is above the per-incident limit of its approver, Manager ($500.00): raise the approver's limit or lower this one",
    ]);
  });

  it('names a role with no per-incident cap under an approver who has one', () => {
    const json = example();
    json.roles[1].perIncident = null;
    expect(warningsOf(json)).toEqual([
      "roles[1].perIncident: no cap per incident, while its approver, Manager, may give at most $500.00 per incident: set a limit for this role or raise the approver's",
    ]);
  });

  it('names a per-incident limit above the same role’s per-client-per-year limit', () => {
    const json = example();
    json.roles[2].perIncident = 2000; // manager: $2,000 per incident, $1,500 per client per year
    json.roles[3].perIncident = null; // and the partner above has no cap, so only one warning
    expect(warningsOf(json)).toEqual([
      'roles[2].perIncident: $2,000.00 per incident is above the $1,500.00 per client per year, which caps every incident at $1,500.00: lower the per-incident limit or raise the yearly one',
    ]);
  });

  it('names staff without a credit-note code when the policy has a ledger, and only then', () => {
    const json = example();
    expect(json.staff.every((s: { code?: string }) => s.code === undefined)).toBe(true);
    expect(warningsOf(json)).toEqual([]);
    json.ledger = { url: 'https://ledger.harborpine.example/make-it-right' };
    expect(warningsOf(json)).toEqual([
      'staff: 4 staff members have no credit-note "code" (Ana Ruiz, Ben Okafor, Carla Meyer and 1 more) although the policy names a firm ledger: give each person a code, or two browsers can give the same credit-note number',
    ]);
    json.staff.forEach((member: { code?: string }, i: number) => {
      if (i > 0) member.code = `S${i}`;
    });
    expect(warningsOf(json)).toEqual([
      'staff: 1 staff member has no credit-note "code" (Ana Ruiz) although the policy names a firm ledger: give each person a code, or two browsers can give the same credit-note number',
    ]);
    json.staff[0].code = 'AR';
    expect(warningsOf(json)).toEqual([]);
  });
});
