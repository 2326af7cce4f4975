import type { ClientHistory, IncidentSummary } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import { formatMoney } from '@/utils/money';
import { ClientSearch } from './ClientSearch';
import { whereFound, type PanelClient } from './panel-client';
import { formatDay } from './time';

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

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Who the client is, where the panel found them, and what they have had before. */
export function ClientHeader({ client, history, policy, onPick, onClear }: Props) {
  const money = (minor: number) =>
    policy ? formatMoney(minor, policy.firm.currency, policy.firm.locale) : String(minor);
  const categoryLabel = (id: string) => policy?.categories.find((c) => c.id === id)?.label ?? id;
  const identity = client && (client.email ?? client.recordId);

  return (
    <section class="card client" aria-label="Client">
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
                Change client
              </button>
            )}
          </div>
          {history && (
            <>
              <ul class="facts" aria-label="History">
                <li>
                  <strong>{plural(history.incidentCount, 'past incident', 'past incidents')}</strong>
                </li>
                <li>
                  <strong>{money(history.givenLast365)}</strong> given in the last 365 days
                </li>
                <li class={history.openFollowUps > 0 ? 'attention' : undefined}>
                  <strong>{plural(history.openFollowUps, 'open follow-up', 'open follow-ups')}</strong>
                </li>
              </ul>
              {history.incidents.length > 0 && policy && (
                <details class="history">
                  <summary>Past incidents</summary>
                  <ul>
                    {history.incidents.map((i) => (
                      <li key={i.id}>
                        <span>{formatDay(i.createdAt, policy.firm)}</span>{' '}
                        <span>{categoryLabel(i.category)}</span>{' '}
                        <span class="muted">
                          {i.status === 'open' ? 'open' : 'resolved'}
                          {givenIn(i) > 0 && `, ${money(givenIn(i))} given`}
                        </span>
                      </li>
                    ))}
                    {history.incidentCount > history.incidents.length && (
                      <li class="muted">
                        {plural(history.incidentCount - history.incidents.length, 'earlier incident', 'earlier incidents')} in
                        the Incidents tab
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
