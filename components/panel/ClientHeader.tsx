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
  /** The incident being worked on below: the header speaks of the client's others. */
  currentId?: string | null;
  now: number;
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
export function ClientHeader({ client, history, policy, currentId = null, now, onPick, onClear }: Props) {
  const money = (minor: number) =>
    policy ? formatMoney(minor, policy.firm.currency, policy.firm.locale) : String(minor);
  const categoryLabel = (id: string) => policy?.categories.find((c) => c.id === id)?.label ?? id;
  const identity = client && (client.email ?? client.recordId);
  // The incident on screen is not a past one, and its steps are in the checklist below: what is
  // counted here is the client's other incidents and what is still to do in them.
  const isCurrent = (i: { id: string }) => i.id === currentId;
  const current = history !== null && (history.incidents.some(isCurrent) || history.openIncidents.some(isCurrent));
  const past = history ? history.incidentCount - (current ? 1 : 0) : 0;
  const others = history?.openIncidents.filter((i) => !isCurrent(i)) ?? [];
  const followUps = others.flatMap((i) => i.checklist.filter((s) => s.doneAt === undefined && s.dueAt !== undefined));
  const overdue = followUps.filter((s) => s.dueAt! < now).length;
  const listed = history?.incidents.filter((i) => !isCurrent(i)) ?? [];

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
                  <strong>{past === 0 ? 'No past incidents' : plural(past, 'past incident', 'past incidents')}</strong>
                </li>
                <li>
                  <strong>{money(history.givenLast365)}</strong> given in the last 365 days
                </li>
                {followUps.length > 0 && (
                  <li class="attention">
                    <strong>
                      {plural(followUps.length, 'follow-up', 'follow-ups')} open in{' '}
                      {plural(others.length, 'other incident', 'other incidents')}
                      {overdue > 0 && `, ${overdue} overdue`}
                    </strong>
                  </li>
                )}
              </ul>
              {listed.length > 0 && policy && (
                <details class="history">
                  <summary>Past incidents</summary>
                  <ul>
                    {listed.map((i) => (
                      <li key={i.id}>
                        <span>{formatDay(i.createdAt, policy.firm)}</span>{' '}
                        <span>{categoryLabel(i.category)}</span>{' '}
                        <span class="muted">
                          {i.status === 'open' ? 'open' : 'resolved'}
                          {givenIn(i) > 0 && `, ${money(givenIn(i))} given`}
                        </span>
                      </li>
                    ))}
                    {past > listed.length && (
                      <li class="muted">
                        {plural(past - listed.length, 'earlier incident', 'earlier incidents')} in
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
