import { useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import { errorText } from '@/utils/error-text';
import type { Incident } from '@/utils/ledger/types';
import { LiveMessage } from './LiveMessage';
import type { Policy } from '@/utils/policy/types';
import { formatMoment } from './time';
import { t } from '@/utils/i18n';

interface Props {
  policy: Policy;
  incident: Incident;
  now: number;
  onIncident(incident: Incident): void;
}

/** Which incident the checklist and remedies below belong to. */
export function CurrentIncident({ policy, incident, now, onIncident }: Props) {
  const [error, setError] = useState<string | null>(null);
  const reopen = () => {
    setError(null);
    sendMessage('reopenIncident', { incidentId: incident.id }).then(onIncident, (err: unknown) => setError(errorText(err)));
  };
  const category = policy.categories.find((c) => c.id === incident.category)?.label ?? incident.category;
  const by = policy.staff.find((s) => s.email === incident.createdBy)?.name ?? incident.createdBy;
  return (
    <div class="incident-head">
      <h2 id="incident-title">
        {category}
        {incident.status === 'resolved' && <span class="tag">{t('incidentResolvedTag')}</span>}
      </h2>
      {incident.summary !== category && <p>{incident.summary}</p>}
      <p class="muted small">
        {t('startedBy', formatMoment(incident.createdAt, policy.firm, now), by)}
      </p>
      {incident.status === 'resolved' && (
        <div class="row">
          <p class="muted small">{t('resolvedLocked')}</p>
          <button type="button" class="secondary small" onClick={reopen}>
            {t('reopen')}
          </button>
        </div>
      )}
      <LiveMessage kind="error" text={error} />
    </div>
  );
}
