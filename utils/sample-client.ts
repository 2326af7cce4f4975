import type { Policy, StaffMember } from './policy/types';
import { buildTemplateValues, type TemplateValues } from './templates';

// What the editor's template previews and the playbook's first words are filled with: a sample
// client, the firm's first money remedy at its default, a credit-note number in the firm's
// numbering, and a person from the staff list.

export const SAMPLE_CLIENT = {
  name: 'Alice Baker',
  email: 'alice.baker@example.com',
  summary: 'Courier fee charged twice on the March invoice',
};

export function sampleTemplateValues(policy: Policy, now: number, speaker?: Pick<StaffMember, 'name' | 'email'>): TemplateValues {
  const remedy = policy.remedies.find((r) => r.kind !== 'apology') ?? policy.remedies[0];
  const staff = speaker ?? policy.staff[0];
  const year = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: policy.firm.timeZone }).format(now);
  return buildTemplateValues({
    policy,
    clientName: SAMPLE_CLIENT.name,
    clientEmail: SAMPLE_CLIENT.email,
    ...(remedy ? { remedy: { label: remedy.label, amount: remedy.defaultAmount, remedyId: remedy.id, kind: remedy.kind } } : {}),
    creditNoteNumber: `${policy.creditNotes.prefix}-${year}-0001`,
    staff: { name: staff?.name ?? policy.firm.name, email: staff?.email ?? '' },
    incident: { summary: SAMPLE_CLIENT.summary, categoryLabel: policy.categories[0]?.label ?? '' },
    now: new Date(now),
  });
}
