import { useId, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import type { Route } from '@/utils/firm-ledger/approvals';
import { askedSentence } from './RouteText';
import { LiveMessage } from './LiveMessage';
import { errorText } from '@/utils/error-text';
import { t } from '@/utils/i18n';
import { money as formatAmount } from '@/utils/i18n/format';

interface Props {
  policy: Policy;
  incident: Incident;
  remedy: GrantedRemedy;
  /** Its route (approvals.ts): who it was asked of, who was skipped because away; any of them may approve. */
  route: Route;
  now: number;
  /** With a firm ledger the approver answers in their own panel; no one records a yes for them. */
  viaLedger?: boolean;
  onIncident(incident: Incident): void;
}

/** A remedy waiting for approval; records the approver's yes when it comes. */
export function PendingRemedy({ policy, incident, remedy, route, now, viaLedger = false, onIncident }: Props) {
  const approvers = route.steps.flatMap((step) => step.approvers);
  const selectId = useId();
  const [approver, setApprover] = useState(approvers[0]?.email ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const amount = formatAmount(remedy.amount, policy.firm.currency);

  const markApproved = async () => {
    setBusy(true);
    setError(null);
    try {
      onIncident(
        await sendMessage('markApproved', {
          incidentId: incident.id,
          grantId: remedy.id,
          approverEmail: approver,
        }),
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="pending" role="group" aria-label={t('waitingForApprovalOf', remedy.label)}>
      <p>
        <strong>{remedy.label}</strong> {amount} <span class="tag warn">{t('waitingTag')}</span>
      </p>
      {viaLedger ? (
        <p class="small muted" data-testid="waiting-for">
          {askedSentence(policy, route, now)}
        </p>
      ) : approvers.length > 0 ? (
        <div class="row">
          <label for={selectId} class="small">
            {t('approvedByLabel')}
          </label>
          <select id={selectId} value={approver} onChange={(e) => setApprover(e.currentTarget.value)}>
            {approvers.map((s) => (
              <option key={s.email} value={s.email}>
                {s.name}
              </option>
            ))}
          </select>
          <button type="button" class="secondary" disabled={busy} onClick={() => void markApproved()}>
            {t('markApproved')}
          </button>
          <p class="muted small">{t('approvalOnYourWord')}</p>
        </div>
      ) : (
        <p class="muted small">{t('noOneCanApprove')}</p>
      )}
      <LiveMessage kind="error" text={error} />
    </div>
  );
}
