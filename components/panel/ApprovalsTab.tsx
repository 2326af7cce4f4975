import { useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { WaitingApproval } from '@/utils/firm-ledger/approvals';
import type { Policy } from '@/utils/policy/types';
import { errorText } from '@/utils/error-text';
import { LiveMessage } from './LiveMessage';
import { formatMoment } from './time';
import { t } from '@/utils/i18n';
import { money as formatAmount } from '@/utils/i18n/format';
import { useAnswer } from './use-answer';
import { AnswerRequest } from '../ui/AnswerRequest';

interface Props {
  policy: Policy;
  /** Reloads the list when it changes (records arrived from the firm ledger). */
  revision: number;
  now: number;
}

/** What waits for my approval in the firm ledger; approving or declining is my own signed-in act. */
export function ApprovalsTab({ policy, revision, now }: Props) {
  const [waiting, setWaiting] = useState<WaitingApproval[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useAnswer(
    () => sendMessage('listApprovals'),
    (list) => {
      setWaiting(list);
      setError(null);
    },
    setError,
    [revision, reload],
  );

  const answered = (text: string) => {
    setDone(text);
    setReload((n) => n + 1);
  };

  return (
    <section class="stack approvals" aria-labelledby="approvals-title">
      <h2 id="approvals-title">{t('approvalsTitle')}</h2>
      <LiveMessage kind="ok" text={done} />
      <LiveMessage kind="error" text={error} />
      {waiting?.length === 0 && <p class="muted">{t('approvalsNone')}</p>}
      <ul class="approval-list">
        {(waiting ?? []).map((w) => (
          <li key={w.requestId}>
            <WaitingItem policy={policy} item={w} now={now} onAnswered={answered} onError={setError} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function WaitingItem(props: {
  policy: Policy;
  item: WaitingApproval;
  now: number;
  onAnswered(text: string): void;
  onError(text: string): void;
}) {
  const { policy, item, now } = props;
  const [busy, setBusy] = useState(false);
  const amount = item.kind === 'apology' ? '' : formatAmount(item.amount, item.currency);
  const what = t('notifyWhat', item.remedyLabel, amount, item.clientName);

  const run = async (task: () => Promise<string>) => {
    setBusy(true);
    try {
      props.onAnswered(await task());
    } catch (err) {
      props.onError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const approve = () =>
    run(async () => {
      const incident = await sendMessage('approveRequest', { incidentId: item.incidentId, requestId: item.requestId });
      const remedy = incident.remedies.find((r) => r.id === item.requestId);
      return remedy?.creditNoteNumber ? t('approvedDoneNote', what, remedy.creditNoteNumber) : t('approvedDone', what);
    });

  const decline = (reason: string) =>
    run(async () => {
      await sendMessage('declineRequest', { incidentId: item.incidentId, requestId: item.requestId, reason });
      return t('declinedDone', what);
    });

  return (
    <article class="card stack" aria-label={what}>
      <p>
        <strong>{item.clientName}</strong> · {item.remedyLabel} <strong>{amount}</strong>
      </p>
      <p class="small">
        {t('askedBy', item.requestedByName, formatMoment(item.since, policy.firm, now))}
        {item.escalations > 0 && <span class="tag warn"> {t('notAnsweredInTime')}</span>}
      </p>
      {item.reason && <p class="small">{t('why', item.reason)}</p>}
      <AnswerRequest busy={busy} onApprove={() => void approve()} onDecline={(reason) => void decline(reason)} reasonLabel={t('whyDecline')} actionsClass="row" />
    </article>
  );
}
