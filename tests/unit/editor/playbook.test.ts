import { describe, expect, it } from 'vitest';
import { playbookFor } from '@/utils/playbook';
import { parsePolicy } from '@/utils/policy/parse';
import type { Policy } from '@/utils/policy/types';
import { exampleDoc } from './helpers';

const NOW = Date.UTC(2026, 11, 1);

function policyOf(doc: unknown): Policy {
  const result = parsePolicy(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

describe('a role’s playbook', () => {
  it('gives Front desk’s limits, each remedy as theirs or the approver’s, the checklist and the first words', () => {
    const book = playbookFor(policyOf(exampleDoc()), 'front-desk', NOW)!;
    expect(book.role).toMatchObject({ perIncident: 2500, perClientPerYear: 10000 });
    expect(book.approver).toEqual({ roleLabel: 'Manager', names: ['Carla Meyer'] });
    const verdicts = Object.fromEntries(
      book.remedies.map((r) => [r.remedy.id, r.kind === 'yours' ? r.upTo : r.kind === 'ask' ? r.approverNames : r.kind]),
    );
    expect(verdicts).toEqual({
      'courier-credit': 2500,
      'consult-refund': ['Carla Meyer'],
      'restaurant-gift': ['Carla Meyer'],
      flowers: ['Carla Meyer'],
      apology: null,
    });
    expect(book.checklist.map((s) => s.dueWithinMinutes)).toEqual([0, 60, 1440, 60, 1440, undefined]);
    expect(book.firstWords?.subject).toBe('I am sorry, Alice');
    expect(book.firstWords?.body).toContain('Ana Ruiz\nHarbor & Pine CPAs');
  });

  it('caps “yours up to” by the remedy’s own maximum, and has no approver at the top of the chain', () => {
    const doc = exampleDoc();
    doc.remedies[3].maxAmount = 80;
    const book = playbookFor(policyOf(doc), 'partner', NOW)!;
    expect(book.approver).toBeNull();
    expect(book.remedies.find((r) => r.remedy.id === 'flowers')).toMatchObject({ kind: 'yours', upTo: 8000 });
  });

  it('says who stands in for whom among the approvers up the role’s chain', () => {
    const policy = policyOf(exampleDoc());
    expect(playbookFor(policy, 'front-desk', NOW)!.standIns).toEqual([{ name: 'Carla Meyer', standIn: 'Dev Patel' }]);
    expect(playbookFor(policy, 'manager', NOW)!.standIns).toEqual([]);
    const doc = exampleDoc();
    doc.staff[3].standIn = 'carla.meyer@harborpine.example';
    expect(playbookFor(policyOf(doc), 'manager', NOW)!.standIns).toEqual([{ name: 'Dev Patel', standIn: 'Carla Meyer' }]);
  });

  it('has no playbook for a role the policy does not have', () => {
    expect(playbookFor(policyOf(exampleDoc()), 'intern', NOW)).toBeNull();
  });
});
