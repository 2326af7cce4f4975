import { decideAuthority } from './authority';
import type { ChecklistStep, Policy, Remedy, Role, Template } from './policy/types';
import { renderTemplate } from './templates';
import { sampleTemplateValues } from './sample-client';

// One role's playbook, made from the policy: what they may give on the spot, each remedy as theirs
// (up to how much) or someone else's to approve, the recovery checklist, and the first words to say.
// Decided by the same authority function as the side panel, for a client with nothing granted yet.

export type PlaybookRemedy =
  | { remedy: Remedy; kind: 'yours'; /** Minor units; null = no cap binds. */ upTo: number | null }
  | { remedy: Remedy; kind: 'ask'; approverNames: string[]; approverRoleLabel: string }
  | { remedy: Remedy; kind: 'no-one' };

export interface Playbook {
  role: Role;
  approver: { roleLabel: string; names: string[] } | null;
  /** Who is asked in an approver's place while they are away, for each approver of this role who has a stand-in. */
  standIns: { name: string; standIn: string }[];
  remedies: PlaybookRemedy[];
  checklist: ChecklistStep[];
  firstWords: { subject: string; body: string } | null;
}

function smallest(...caps: (number | null | undefined)[]): number | null {
  const set = caps.filter((c): c is number => typeof c === 'number');
  return set.length ? Math.min(...set) : null;
}

/** The apology the firm wrote: the template of its apology remedy, else one whose id says apology. */
function apologyTemplate(policy: Policy): Template | undefined {
  const byRemedy = policy.remedies.find((r) => r.kind === 'apology' && r.template)?.template;
  return (
    policy.templates.find((t) => t.id === byRemedy) ??
    policy.templates.find((t) => /apolog/i.test(t.id)) ??
    policy.templates[0]
  );
}

export function playbookFor(policy: Policy, roleId: string, now: number): Playbook | null {
  const role = policy.roles.find((r) => r.id === roleId);
  if (!role) return null;
  const remedies = policy.remedies.map((remedy): PlaybookRemedy => {
    const decision = decideAuthority(
      policy,
      role.id,
      [],
      { clientKey: 'sample', remedyId: remedy.id, amount: remedy.defaultAmount },
      now,
    );
    if (decision.allowed) {
      const upTo = remedy.kind === 'apology' ? null : smallest(role.perIncident, role.perClientPerYear, remedy.maxAmount);
      return { remedy, kind: 'yours', upTo };
    }
    if (!decision.approverRoleLabel) return { remedy, kind: 'no-one' };
    return {
      remedy,
      kind: 'ask',
      approverRoleLabel: decision.approverRoleLabel,
      approverNames: decision.approvers.map((a) => a.name),
    };
  });

  const approverRole = role.approverRole ? policy.roles.find((r) => r.id === role.approverRole) : undefined;
  const approver = approverRole
    ? { roleLabel: approverRole.label, names: policy.staff.filter((s) => s.role === approverRole.id).map((s) => s.name) }
    : null;

  // The approvers up this role's chain, each with the colleague the policy names to stand in for them.
  const chain = new Set<string>();
  for (let next = role.approverRole; next && !chain.has(next); next = policy.roles.find((r) => r.id === next)?.approverRole) chain.add(next);
  const standIns = policy.staff
    .filter((s) => chain.has(s.role) && s.standIn)
    .map((s) => ({ name: s.name, standIn: policy.staff.find((o) => o.email === s.standIn)?.name ?? s.standIn! }));

  const template = apologyTemplate(policy);
  const member = policy.staff.find((s) => s.role === role.id);
  const speaker = { name: member?.name ?? role.label, email: member?.email ?? '' };
  const firstWords = template ? renderTemplate(template, sampleTemplateValues(policy, now, speaker)) : null;

  return { role, approver, standIns, remedies, checklist: policy.checklist, firstWords };
}
