import type { Incident } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import { formatMoment } from './time';
import { t } from '@/utils/i18n';

interface Props {
  policy: Policy;
  incident: Incident;
  now: number;
}

/** Which incident the checklist and remedies below belong to. */
export function CurrentIncident({ policy, incident, now }: Props) {
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
    </div>
  );
}
