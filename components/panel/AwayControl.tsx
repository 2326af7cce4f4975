import { useId, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import { awayUntil } from '@/utils/firm-ledger/away';
import type { ApproverAway } from '@/utils/firm-ledger/records';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import { errorText } from '@/utils/error-text';
import { t } from '@/utils/i18n';
import { LiveMessage } from './LiveMessage';
import { useAnswer } from './use-answer';
import { formatMoment } from './time';

/** "2026-11-03T17:00" for a datetime-local field, in this computer's time. */
function localInput(at: number): string {
  const d = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** An approver marks themselves away until a time (their own ledger record), or back. */
export function AwayControl({ policy, me, now }: { policy: Policy; me: Me; now: number }) {
  const id = useId();
  const [records, setRecords] = useState<ApproverAway[]>([]);
  const [until, setUntil] = useState(() => localInput(now + 4 * 3_600_000));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useAnswer(() => sendMessage('listAway'), setRecords, setError, []);
  // A record just written is dated after the `now` this control was given: read at this render's time.
  const at = Math.max(now, Date.now());
  const awayTill = awayUntil(records, me.email, at);
  const standIn = policy.staff.find((s) => s.email === policy.staff.find((m) => m.email === me.email)?.standIn);

  const save = async (value: number | null) => {
    setBusy(true);
    setError(null);
    try {
      setRecords(await sendMessage('setAway', { until: value }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card stack away" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('awayTitle')}</h2>
      {awayTill !== null ? (
        <>
          <p role="status">
            {t('awayYouAre', formatMoment(awayTill, policy.firm, at))} {standIn ? t('awayGoesTo', standIn.name) : t('awayGoesNext')}
          </p>
          <button type="button" class="secondary" disabled={busy} onClick={() => void save(null)}>
            {t('awayBack')}
          </button>
        </>
      ) : (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            const at = new Date(until).getTime();
            void save(Number.isFinite(at) ? at : Number.NaN);
          }}
        >
          <label for={`${id}-until`}>{t('awayUntilLabel')}</label>
          <input id={`${id}-until`} type="datetime-local" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
          <button type="submit" class="secondary" disabled={busy}>
            {t('awayMark')}
          </button>
        </form>
      )}
      <LiveMessage kind="error" text={error} />
    </section>
  );
}
