import type { AuthorityDecision } from '@/utils/authority';
import type { Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import type { Policy, Remedy } from '@/utils/policy/types';
import { formatMoney } from '@/utils/money';
import { firstNameOf } from '@/utils/people';

export interface ApprovalEmail {
  to: string[];
  subject: string;
  body: string;
}

/** The request an approver reads: who, what happened, what the client should get, and why it needs them. */
export function approvalEmail(
  policy: Policy,
  me: Me,
  incident: Incident,
  remedy: Remedy,
  amount: number,
  decision: AuthorityDecision,
): ApprovalEmail {
  const money = formatMoney(amount, policy.firm.currency, policy.firm.locale);
  const category = policy.categories.find((c) => c.id === incident.category)?.label ?? incident.category;
  const client = incident.clientEmail ? `${incident.clientName} (${incident.clientEmail})` : incident.clientName;
  const greeting = decision.approvers.map((a) => firstNameOf(a.name, a.email)).join(', ');
  return {
    to: decision.approvers.map((a) => a.email),
    subject: `Approval needed: ${remedy.label}, ${money} for ${incident.clientName}`,
    body: [
      `Hello ${greeting || 'there'},`,
      '',
      `${client}: ${category}. ${incident.summary}`,
      '',
      `I would like to give ${remedy.label}, ${money}. ${decision.reason}.`,
      '',
      'Please reply to approve, and I will record it.',
      '',
      me.name,
    ].join('\n'),
  };
}

export function mailtoUrl(email: ApprovalEmail): string {
  const q = (s: string) => encodeURIComponent(s);
  return `mailto:${email.to.map(q).join(',')}?subject=${q(email.subject)}&body=${q(email.body)}`;
}
