import { useId, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { ChecklistProgress, Incident } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import { describeDue, formatMoment } from './time';
import { LiveMessage } from './LiveMessage';
import { errorText } from '@/utils/error-text';
import { t } from '@/utils/i18n';

interface Props {
  policy: Policy;
  incident: Incident;
  now: number;
  onIncident(incident: Incident): void;
}

function staffName(policy: Policy, email: string): string {
  return policy.staff.find((s) => s.email === email)?.name ?? email;
}

function status(step: ChecklistProgress, policy: Policy, now: number): { text: string; overdue: boolean } {
  if (step.doneAt !== undefined) {
    const at = formatMoment(step.doneAt, policy.firm, now);
    return { text: step.doneBy ? t('doneByAt', staffName(policy, step.doneBy), at) : t('doneAt', at), overdue: false };
  }
  if (step.dueAt === undefined) return { text: t('noDueTime'), overdue: false };
  return { text: describeDue(step.dueAt, now), overdue: step.dueAt < now };
}

/** Steps within this long of their due time count as due now. */
const DUE_NOW_MS = 60 * 60_000;

/** Not done, and due within the hour (or overdue). */
function dueNow(step: ChecklistProgress, now: number): boolean {
  return step.doneAt === undefined && step.dueAt !== undefined && step.dueAt <= now + DUE_NOW_MS;
}

/**
 * The firm's steps for repairing a mistake; each tick is saved as it is made. The steps due now are
 * shown, the rest folded; a step shown stays shown once ticked, so the list does not move under the
 * person's hand.
 */
export function Checklist({ policy, incident, now, onIncident }: Props) {
  const baseId = useId();
  // Ticks shown at once while the save runs; the saved incident replaces them.
  const [saving, setSaving] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string | null>(null);

  const tick = async (stepId: string, done: boolean) => {
    setSaving((s) => ({ ...s, [stepId]: done }));
    setError(null);
    try {
      onIncident(await sendMessage('tickStep', { incidentId: incident.id, stepId, done }));
    } catch (err) {
      setError(t('notSaved', errorText(err)));
    } finally {
      setSaving(({ [stepId]: _, ...rest }) => rest);
    }
  };

  const done = incident.checklist.filter((s) => s.doneAt !== undefined).length;
  const [shown, setShown] = useState(() => new Set(incident.checklist.filter((s) => dueNow(s, now)).map((s) => s.stepId)));
  const isShown = (step: ChecklistProgress) => shown.has(step.stepId) || dueNow(step, now);
  const folded = incident.checklist.filter((s) => !isShown(s));
  const [unfolded, setUnfolded] = useState(false);
  if (incident.checklist.some((s) => dueNow(s, now) && !shown.has(s.stepId))) {
    setShown(new Set([...shown, ...incident.checklist.filter((s) => dueNow(s, now)).map((s) => s.stepId)]));
  }

  const row = (step: ChecklistProgress) => {
    const i = incident.checklist.indexOf(step);
    const inputId = `${baseId}-${i}`;
    const s = status(step, policy, now);
    const checked = saving[step.stepId] ?? step.doneAt !== undefined;
    return (
      <li key={step.stepId} class={checked ? 'step done' : 'step'}>
        <input
          id={inputId}
          type="checkbox"
          checked={checked}
          disabled={incident.status !== 'open'}
          aria-describedby={`${inputId}-due`}
          onChange={(e) => void tick(step.stepId, e.currentTarget.checked)}
        />
        <label for={inputId}>{step.label}</label>
        <span id={`${inputId}-due`} class={s.overdue && !checked ? 'due overdue' : 'due'}>
          {s.text}
        </span>
      </li>
    );
  };

  return (
    <section class="card checklist" aria-labelledby={`${baseId}-title`}>
      <div class="section-head">
        <h2 id={`${baseId}-title`}>{t('checklist')}</h2>
        <span class="muted small">{t('stepsDone', done, incident.checklist.length)}</span>
      </div>
      {folded.length < incident.checklist.length && <ul>{incident.checklist.filter(isShown).map(row)}</ul>}
      {folded.length > 0 && (
        <details class="more-steps" open={unfolded} onToggle={(e) => setUnfolded(e.currentTarget.open)}>
          <summary>
            {t(folded.length === incident.checklist.length ? 'steps' : 'laterSteps', folded.length)}
          </summary>
          <ul>{folded.map(row)}</ul>
        </details>
      )}
      <LiveMessage kind="error" text={error} />
    </section>
  );
}
