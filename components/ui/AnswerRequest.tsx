import { useId, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';

interface Props {
  busy: boolean;
  onApprove(): void;
  onDecline(reason: string): void;
  /** The reason field's label. */
  reasonLabel: string;
  /** A larger reason field that must be filled (a phone's keyboard); else one line. */
  multiline?: boolean;
  /** The class of the buttons' row, as the page lays it out. */
  actionsClass: string;
}

/**
 * An approver's answer to a request, wherever they answer it (the panel's Approvals tab, the phone
 * page): Approve, or Decline with a reason, which opens in place and can be cancelled.
 */
export function AnswerRequest({ busy, onApprove, onDecline, reasonLabel, multiline = false, actionsClass }: Props) {
  const reasonId = useId();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  if (!declining) {
    return (
      <div class={actionsClass}>
        <button type="button" disabled={busy} onClick={onApprove}>
          {t('approve')}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => setDeclining(true)}>
          {t('decline')}
        </button>
      </div>
    );
  }
  const typed = (e: Event) => setReason((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value);
  return (
    <form
      class="stack"
      onSubmit={(event) => {
        event.preventDefault();
        onDecline(reason);
      }}
    >
      <div class="field">
        <label for={reasonId}>{reasonLabel}</label>
        {multiline ? <textarea id={reasonId} rows={3} required value={reason} onInput={typed} /> : <input id={reasonId} type="text" value={reason} onInput={typed} />}
      </div>
      <div class={actionsClass}>
        <button type="submit" disabled={busy || reason.trim() === ''}>
          {t('decline')}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => setDeclining(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
