import type { AuthorityDecision } from '@/utils/authority';
import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import { phoneRequestUrl } from '@/utils/firm-ledger/phone';
import type { Me } from '@/utils/people';
import type { Addressee } from '@/utils/compose/insert';
import type { Policy, Remedy } from '@/utils/policy/types';
import { firstNameOf } from '@/utils/people';
import { t } from '@/utils/i18n';
import { money as formatAmount } from '@/utils/i18n/format';

export interface ApprovalEmail {
  /** The approvers only: the request is internal and never goes to the client. */
  to: Addressee[];
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
  const money = formatAmount(amount, policy.firm.currency);
  const category = policy.categories.find((c) => c.id === incident.category)?.label ?? incident.category;
  const client = incident.clientEmail ? `${incident.clientName} (${incident.clientEmail})` : incident.clientName;
  const greeting = decision.approvers.map((a) => firstNameOf(a.name, a.email)).join(', ');
  return {
    to: decision.approvers.map((a) => ({ email: a.email, name: a.name })),
    subject: t('approvalSubject', remedy.label, money, incident.clientName),
    body: [
      greeting ? t('approvalHello', greeting) : t('approvalHelloThere'),
      '',
      `${client}: ${category}. ${incident.summary}`,
      '',
      t('approvalWouldGive', remedy.label, money, decision.reason),
      '',
      t('approvalPleaseReply'),
      '',
      me.name,
    ].join('\n'),
  };
}

/**
 * With a firm ledger: the request in one line and the link that opens it on the approvers' phone
 * page, for the approvers it was addressed to (someone in court reads email, not the extension).
 */
export function phoneApprovalEmail(policy: Policy, me: Me, incident: Incident, request: GrantedRemedy, to: readonly Addressee[]): ApprovalEmail | null {
  if (!policy.ledger || to.length === 0) return null;
  const money = request.kind === 'apology' ? '' : formatAmount(request.amount, policy.firm.currency);
  const greeting = to.map((a) => firstNameOf(a.name, a.email)).join(', ');
  return {
    to: [...to],
    subject: t('approvalSubject', request.label, money, incident.clientName),
    body: [
      t('approvalHello', greeting),
      '',
      t('phoneEmailAsk', me.name, request.label, money, incident.clientName, phoneRequestUrl(policy.ledger.url, request.id)),
      '',
      me.name,
    ].join('\n'),
  };
}

/** A new email in the mail app: to the approvers, or (from a CRM record) to the client. */
export function mailtoUrl(email: { to: readonly Addressee[]; subject: string; body: string }): string {
  const q = (s: string) => encodeURIComponent(s);
  return `mailto:${email.to.map((a) => q(a.email)).join(',')}?subject=${q(email.subject)}&body=${q(email.body)}`;
}
