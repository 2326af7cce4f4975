import type { PhoneRequest } from '@/utils/firm-ledger/phone';
import type { Policy } from '@/utils/policy/types';
import { t } from '@/utils/i18n';
import { money } from '@/utils/i18n/format';
import { formatMoment } from '../panel/time';
import { AnswerRequest } from '../ui/AnswerRequest';

interface Props {
  policy: Policy;
  item: PhoneRequest;
  now: number;
  busy: boolean;
  onApprove(): void;
  onDecline(reason: string): void;
}

/** One request waiting for the approver: what, for whom, who asks and why, the caps; Approve or Decline. */
export function RequestCard({ policy, item, now, busy, onApprove, onDecline }: Props) {
  const amount = item.kind === 'apology' ? '' : money(item.amount, item.currency);
  const what = t('notifyWhat', item.remedyLabel, amount, item.clientName);
  const cap = (left: number | null) => (left === null ? t('phoneNoLimit') : money(left, policy.firm.currency));
  return (
    <article class="card stack" aria-label={what}>
      <h2>
        {item.clientName}
        <span class="what">
          {item.remedyLabel} <strong>{amount}</strong>
        </span>
      </h2>
      <p>
        {t('askedBy', item.requestedByName, formatMoment(item.since, policy.firm, now))}
        {item.escalations > 0 && <span class="tag"> {t('notAnsweredInTime')}</span>}
      </p>
      {item.reason && <p>{t('why', item.reason)}</p>}
      <p class="small">{t('phoneGivenThisYear', money(item.givenThisYear, policy.firm.currency))}</p>
      <p class="small">{t('phoneLeft', cap(item.leftPerIncident), cap(item.leftPerClientYear))}</p>
      <AnswerRequest busy={busy} onApprove={onApprove} onDecline={onDecline} reasonLabel={t('phoneReason')} multiline actionsClass="actions" />
    </article>
  );
}
