import { useId, useState } from 'preact/hooks';
import { awayUntil } from '@/utils/firm-ledger/away';
import type { ApproverAway } from '@/utils/firm-ledger/records';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import { t } from '@/utils/i18n';
import { formatMoment } from '../panel/time';

interface Props {
  policy: Policy;
  me: Me;
  away: readonly ApproverAway[];
  now: number;
  busy: boolean;
  /** Away until a time (NaN: the field did not hold one), or back now (null). */
  onAway(until: number | null): void;
}

/** "2026-11-03T17:00" for a datetime-local field, in the phone's time. */
function localInput(at: number): string {
  return new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Away until a time, or I am back: the approver's own ledger record, as in the extension. */
export function AwayCard({ policy, me, away, now, busy, onAway }: Props) {
  const id = useId();
  const [until, setUntil] = useState(() => localInput(now + 4 * 3_600_000));
  const till = awayUntil(away, me.email, now);
  const standIn = policy.staff.find((s) => s.email === policy.staff.find((m) => m.email === me.email)?.standIn);
  return (
    <section class="card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('awayTitle')}</h2>
      {till !== null ? (
        <>
          <p role="status">
            {t('awayYouAre', formatMoment(till, policy.firm, now))} {standIn ? t('awayGoesTo', standIn.name) : t('awayGoesNext')}
          </p>
          <button type="button" class="secondary" disabled={busy} onClick={() => onAway(null)}>
            {t('awayBack')}
          </button>
        </>
      ) : (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            const at = new Date(until).getTime();
            onAway(Number.isFinite(at) ? at : Number.NaN);
          }}
        >
          <div class="field">
            <label for={`${id}-until`}>{t('awayUntilLabel')}</label>
            <input id={`${id}-until`} type="datetime-local" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
          </div>
          <button type="submit" class="secondary" disabled={busy}>
            {t('awayMark')}
          </button>
        </form>
      )}
    </section>
  );
}
