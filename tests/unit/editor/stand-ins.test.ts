import { describe, expect, it } from 'vitest';
import { standInChoices } from '@/utils/editor/stand-ins';
import { parsePolicy } from '@/utils/policy/parse';
import { exampleDoc } from './helpers';

// Who may stand in for whom: a colleague who approves for someone, never the person themselves, and
// a policy naming anyone else is refused with the reason in words, beside the stand-in it is about.

const CARLA = 'carla.meyer@harborpine.example';
const DEV = 'dev.patel@harborpine.example';
const BEN = 'ben.okafor@harborpine.example';

function errorsOf(doc: unknown): { path: string; message: string }[] {
  const result = parsePolicy(doc);
  if (result.ok) return [];
  return result.errors.map((e) => ({ path: e.path, message: e.message }));
}

describe('stand-in choices in the policy editor', () => {
  it('lists the other staff who approve, by name, and never the person themselves', () => {
    const doc = exampleDoc();
    expect(standInChoices(doc.staff, doc.roles, 0)).toEqual([
      { value: CARLA, label: `Carla Meyer (${CARLA})` },
      { value: DEV, label: `Dev Patel (${DEV})` },
    ]);
    // Carla (manager): only Dev; Ben (staff) approves for no one, so he is never offered.
    expect(standInChoices(doc.staff, doc.roles, 2).map((c) => c.value)).toEqual([DEV]);
    expect(standInChoices(doc.staff, doc.roles, 3).map((c) => c.value)).toEqual([CARLA]);
  });

  it('skips a half-typed row and lists a new approver as soon as their role approves', () => {
    const doc = exampleDoc();
    doc.staff.push({ name: 'Erin Kim', email: '', role: 'partner' });
    expect(standInChoices(doc.staff, doc.roles, 2).map((c) => c.value)).toEqual([DEV]);
    doc.staff[4].email = 'erin.kim@harborpine.example';
    expect(standInChoices(doc.staff, doc.roles, 3).map((c) => c.value)).toEqual([CARLA, 'erin.kim@harborpine.example']);
  });
});

describe('a stand-in the policy names', () => {
  it('is accepted when the colleague approves', () => {
    const doc = exampleDoc();
    doc.staff[3].standIn = CARLA;
    expect(errorsOf(doc)).toEqual([]);
  });

  it('is refused in words when the colleague approves for no one, is not on the list, or is the person', () => {
    const doc = exampleDoc();
    doc.staff[2].standIn = BEN;
    expect(errorsOf(doc)).toEqual([
      { path: 'staff[2].standIn', message: `stand-in "${BEN}" approves for no one: choose a colleague whose role approves for another role, or no stand-in` },
    ]);
    doc.staff[2].standIn = 'erin.kim@harborpine.example';
    expect(errorsOf(doc)).toEqual([{ path: 'staff[2].standIn', message: 'stand-in "erin.kim@harborpine.example" is not on the staff list' }]);
    doc.staff[2].standIn = CARLA;
    expect(errorsOf(doc)).toEqual([{ path: 'staff[2].standIn', message: 'a person cannot be their own stand-in' }]);
  });
});
