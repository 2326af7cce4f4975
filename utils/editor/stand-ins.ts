import { approvingRoles } from '../policy/references';
import type { Choice } from './choices';

// A stand-in is asked in a person's place while they are away: a colleague on the staff list who
// approves for someone (their role is another role's approver), never the person themselves. Read
// from the document as the editor holds it (loose: a half-typed row is fine).

type Loose = Record<string, unknown>;
const objectOf = (value: unknown): Loose | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : undefined;
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Who may stand in for the staff member at `index`: the other staff who approve, by name. */
export function standInChoices(staff: readonly unknown[], roles: readonly unknown[], index: number): Choice[] {
  const approving = approvingRoles(roles);
  const own = textOf(objectOf(staff[index])?.email).trim().toLowerCase();
  const choices: Choice[] = [];
  staff.forEach((item, i) => {
    const member = objectOf(item);
    const email = textOf(member?.email).trim();
    if (i === index || !email || email.toLowerCase() === own || !approving.has(textOf(member?.role))) return;
    const name = textOf(member?.name).trim();
    choices.push({ value: email, label: name ? `${name} (${email})` : email });
  });
  return choices;
}
