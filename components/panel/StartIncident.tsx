import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { Incident } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import type { PanelClient } from './panel-client';
import type { NewIncidentRequest } from './MakeItUp';
import { LiveMessage } from './LiveMessage';
import { errorText } from '@/utils/error-text';
import { t } from '@/utils/i18n';

interface Props {
  policy: Policy;
  client: PanelClient;
  /** The client already has an open incident: the form stays folded behind "New incident". */
  folded: boolean;
  /**
   * A remedy the open incident does not suggest, to give in an incident of its own: the form opens
   * with the category that suggests it, and Start incident takes the focus.
   */
  preset?: NewIncidentRequest | null;
  onStarted(incident: Incident): void;
  /** The preset form was cancelled. */
  onCancel?(): void;
}

/**
 * Logs the mistake. The form is open from the start when the client has no open incident, so the
 * first call costs two clicks here: what went wrong, then "Start incident" (Enter works too).
 */
export function StartIncident({ policy, client, folded, preset = null, onStarted, onCancel }: Props) {
  const summaryId = useId();
  const [unfolded, setUnfolded] = useState(preset !== null);
  const open = !folded || unfolded;
  const [category, setCategory] = useState<string | null>(preset?.category ?? null);
  const startRef = useRef<HTMLButtonElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!preset) return;
    // With the category chosen the next step is Start incident; without one, choosing it.
    const next = preset.category ? startRef.current : firstRef.current;
    next?.focus({ preventScroll: true });
    startRef.current?.scrollIntoView({ block: 'nearest' });
  }, [preset]);
  const presetRemedy = preset ? policy.remedies.find((r) => r.id === preset.remedyId) : undefined;
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstChoice = firstRef;

  if (!open) {
    return (
      <div class="start-folded">
        <button type="button" class="secondary" onClick={() => setUnfolded(true)}>
          {t('newIncident')}
        </button>
      </div>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    const chosen = policy.categories.find((c) => c.id === category);
    if (!chosen) {
      setError(t('pickWhatWentWrong'));
      firstChoice.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const incident = await sendMessage('startIncident', {
        client: {
          clientKey: client.clientKey,
          name: client.name,
          ...(client.email ? { email: client.email } : {}),
          source: client.source,
        },
        category: chosen.id,
        // Under pressure a summary may be skipped: the category then says what happened.
        summary: summary.trim() || chosen.label,
      });
      setCategory(null);
      setSummary('');
      setUnfolded(false);
      onStarted(incident);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card start" onSubmit={submit} aria-labelledby="start-title">
      <h2 id="start-title">
        {presetRemedy ? t('newIncidentFor', presetRemedy.label) : t(folded ? 'newIncident' : 'logMistake')}
      </h2>
      <fieldset class="choices">
        <legend>{t('whatWentWrong')}</legend>
        {policy.categories.map((c, i) => (
          <label key={c.id} class="choice">
            <input
              ref={i === 0 ? firstChoice : undefined}
              type="radio"
              name="category"
              value={c.id}
              checked={category === c.id}
              onChange={() => setCategory(c.id)}
            />
            <span>{c.label}</span>
          </label>
        ))}
      </fieldset>
      <label for={summaryId}>{t('oneLineSummary')}</label>
      <input
        id={summaryId}
        type="text"
        maxLength={200}
        autocomplete="off"
        placeholder={t('summaryPlaceholder')}
        value={summary}
        onInput={(e) => setSummary(e.currentTarget.value)}
      />
      <LiveMessage kind="error" text={error} />
      <div class="row">
        <button type="submit" disabled={busy} ref={startRef}>
          {t('startIncident')}
        </button>
        {folded && (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setUnfolded(false);
              onCancel?.();
            }}
          >
            {t('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
