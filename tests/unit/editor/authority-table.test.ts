import { describe, expect, it } from 'vitest';
import { authorityTable, type Cell } from '@/utils/editor/authority-table';
import { parsePolicy } from '@/utils/policy/parse';
import type { Policy } from '@/utils/policy/types';
import { exampleDoc } from './helpers';

const NOW = Date.UTC(2026, 11, 1);

function policyOf(doc: unknown): Policy {
  const result = parsePolicy(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

function cells(policy: Policy, remedyId: string): Record<string, Cell> {
  const table = authorityTable(policy, NOW);
  const row = table.rows.find((r) => r.remedyId === remedyId)!;
  return Object.fromEntries(table.roles.map((role, i) => [role.id, row.cells[i]!]));
}

describe('what each role may do', () => {
  it('decides each remedy at its default amount for each role, as the panel does', () => {
    const policy = policyOf(exampleDoc());
    expect(cells(policy, 'courier-credit')['front-desk']).toEqual({ kind: 'on-the-spot' });
    expect(cells(policy, 'consult-refund')).toEqual({
      'front-desk': { kind: 'ask', approverRoleLabel: 'Manager' },
      staff: { kind: 'ask', approverRoleLabel: 'Manager' },
      manager: { kind: 'on-the-spot' },
      partner: { kind: 'on-the-spot' },
    });
  });

  it('turns the courier credit into a manager’s call when Front desk may give $15 per incident', () => {
    const doc = exampleDoc();
    doc.roles[0].perIncident = 15;
    expect(cells(policyOf(doc), 'courier-credit')['front-desk']).toEqual({ kind: 'ask', approverRoleLabel: 'Manager' });
  });

  it('skips up the chain to a role whose own limits cover the amount', () => {
    const doc = exampleDoc();
    doc.remedies[1].defaultAmount = 900; // above a manager's $500
    expect(cells(policyOf(doc), 'consult-refund')['front-desk']).toEqual({ kind: 'ask', approverRoleLabel: 'Partner' });
  });

  it('says no one can approve an amount beyond every role’s limits', () => {
    const doc = exampleDoc();
    doc.remedies[1].defaultAmount = 3000; // above a partner's $2,000, and no one is above the partner
    expect(cells(policyOf(doc), 'consult-refund')).toEqual({
      'front-desk': { kind: 'no-one' },
      staff: { kind: 'no-one' },
      manager: { kind: 'no-one' },
      partner: { kind: 'no-one' },
    });
  });

  it('adds the article’s cases a policy lacks: a $20 courier credit, a $500 consultation refund, a $50 gift', () => {
    expect(authorityTable(policyOf(exampleDoc()), NOW).rows.filter((r) => r.articleCase)).toEqual([]);
    const law = authorityTable(policyOf(exampleDoc('law-firm')), NOW);
    const cases = law.rows.filter((r) => r.articleCase);
    expect(cases.map((r) => [r.articleCase, r.amount, r.label])).toEqual([
      ['courier-credit', 2000, null],
      ['consultation-refund', 50000, null],
      ['gift', 5000, null],
    ]);
    const roles = law.roles.map((r) => r.id);
    const courier = cases[0]!.cells;
    expect(courier[roles.indexOf('legal-assistant')]).toEqual({ kind: 'ask', approverRoleLabel: 'Associate solicitor' });
    expect(courier[roles.indexOf('associate')]).toEqual({ kind: 'on-the-spot' });
  });
});
