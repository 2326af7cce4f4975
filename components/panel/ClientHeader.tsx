import type { ClientHistory, IncidentSummary } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import { ClientSearch } from './ClientSearch';
import { whereFound, type PanelClient } from './panel-client';
import { formatDay } from './time';
import { t, tp } from '@/utils/i18n';
import { money as formatAmount } from '@/utils/i18n/format';

interface Props {
  client: PanelClient | null;
  history: ClientHistory | null;
  policy: Policy | null;
  onPick(client: PanelClient): void;
  onClear(): void;
}

export function givenIn(incident: IncidentSummary): number {
  return incident.remedies.reduce((sum, r) => (r.status === 'granted' ? sum + r.amount : sum), 0);
}

/** Who the client is, where the panel found them, and what they have had before. */
export function ClientHeader({ client, history, policy, onPick, onClear }: Props) {
  const money = (minor: number) =>
    policy ? formatAmount(minor, policy.firm.currency) : String(minor);
  const categoryLabel = (id: string) => policy?.categories.find((c) => c.id === id)?.label ?? id;
  const identity = client && (client.email ?? client.recordId);

  return (
    <section class="card client" aria-label={t('clientRegion')}>
      {client ? (
        <>
          <div class="client-top">
            <div class="client-id">
              <h1 class="client-name">{client.name}</h1>
              {identity && identity !== client.name && <p class="client-email">{identity}</p>}
              <p class="muted small">{whereFound(client)}</p>
            </div>
            {client.picked && (
              <button type="button" class="secondary small" onClick={onClear}>
                {t('changeClient')}
              </button>
            )}
          </div>
          {history && (
            <>
              <ul class="facts" aria-label={t('historyRegion')}>
                <li>
                  <strong>{tp('pastIncidents', history.incidentCount)}</strong>
                </li>
                <li>
                  <strong>{money(history.givenLast365)}</strong> {t('givenLastYear')}
                </li>
                <li class={history.openFollowUps > 0 ? 'attention' : undefined}>
                  <strong>{tp('openFollowUps', history.openFollowUps)}</strong>
                </li>
              </ul>
              {history.incidents.length > 0 && policy && (
                <details class="history">
                  <summary>{t('pastIncidentsHeading')}</summary>
                  <ul>
                    {history.incidents.map((i) => (
                      <li key={i.id}>
                        <span>{formatDay(i.createdAt, policy.firm)}</span>{' '}
                        <span>{categoryLabel(i.category)}</span>{' '}
                        <span class="muted">
                          {t(i.status === 'open' ? 'statusOpen' : 'statusResolved')}
                          {givenIn(i) > 0 && `, ${t('amountGiven', money(givenIn(i)))}`}
                        </span>
                      </li>
                    ))}
                    {history.incidentCount > history.incidents.length && (
                      <li class="muted">
                        {tp('earlierIncidents', history.incidentCount - history.incidents.length)}
                      </li>
                    )}
                  </ul>
                </details>
              )}
            </>
          )}
        </>
      ) : (
        <ClientSearch onPick={onPick} />
      )}
    </section>
  );
}
