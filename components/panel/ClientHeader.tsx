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
  /** The incident being worked on below: the header speaks of the client's others. */
  currentId?: string | null;
  now: number;
  onPick(client: PanelClient): void;
  onClear(): void;
}

export function givenIn(incident: IncidentSummary): number {
  return incident.remedies.reduce((sum, r) => (r.status === 'granted' ? sum + r.amount : sum), 0);
}

/** Who the client is, where the panel found them, and what they have had before. */
export function ClientHeader({ client, history, policy, currentId = null, now, onPick, onClear }: Props) {
  const money = (minor: number) =>
    policy ? formatAmount(minor, policy.firm.currency) : String(minor);
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
                  <strong>{past === 0 ? t('noPastIncidents') : tp('pastIncidents', past)}</strong>
                </li>
                <li>
                  <strong>{money(history.givenLast365)}</strong> {t('givenLastYear')}
                </li>
                {followUps.length > 0 && (
                  <li class="attention">
                    <strong>
                      {t('followUpsElsewhere', tp('followUpsOpen', followUps.length), tp('inOtherIncidents', others.length))}
                      {overdue > 0 && tp('overdueOfThem', overdue)}
                    </strong>
                  </li>
                )}
              </ul>
              {listed.length > 0 && policy && (
                <details class="history">
                  <summary>{t('pastIncidentsHeading')}</summary>
                  <ul>
                    {listed.map((i) => (
                      <li key={i.id}>
                        <span>{formatDay(i.createdAt, policy.firm)}</span>{' '}
                        <span>{categoryLabel(i.category)}</span>{' '}
                        <span class="muted">
                          {t(i.status === 'open' ? 'statusOpen' : 'statusResolved')}
                          {givenIn(i) > 0 && `, ${t('amountGiven', money(givenIn(i)))}`}
                        </span>
                      </li>
                    ))}
                    {past > listed.length && (
                      <li class="muted">
                        {tp('earlierIncidents', past - listed.length)}
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
