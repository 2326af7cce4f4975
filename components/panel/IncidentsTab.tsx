import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { Incident } from '@/utils/ledger/types';
import type { IncidentFilter } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import { givenIn } from './ClientHeader';
import type { PanelClient } from './panel-client';
import { formatDay } from './time';
import { LiveMessage } from './LiveMessage';
import { errorText } from '@/utils/error-text';
import { t, uiLanguage } from '@/utils/i18n';
import { money as formatAmount } from '@/utils/i18n/format';

interface Props {
  policy: Policy | null;
  /** The client on screen, offered as a filter. */
  client: PanelClient | null;
  /** Changes whenever incidents change elsewhere in the panel, so the list reloads. */
  revision: number;
  onOpen(incident: Incident): void;
  onChanged(incident: Incident): void;
}

type StatusFilter = 'open' | 'resolved' | 'all';

const PAGE = 20;

/** Open and recent incidents across clients, filtered by status and client; resolves them. */
export function IncidentsTab({ policy, client, revision, onOpen, onChanged }: Props) {
  const statusId = useId();
  const clientId = useId();
  const [status, setStatus] = useState<StatusFilter>('open');
  const [clientKey, setClientKey] = useState<string>('');
  const [incidents, setIncidents] = useState<Incident[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The Resolve button goes away with the resolved incident; focus moves to the outcome instead.
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  // Every client seen in the lists so far, so the filter keeps offering them.
  const [clients, setClients] = useState<Map<string, string>>(new Map());

  const filter = (before?: number): IncidentFilter => ({
    ...(status === 'all' ? {} : { status }),
    ...(clientKey ? { clientKey } : {}),
    ...(before !== undefined ? { before } : {}),
    limit: PAGE,
  });

  const load = async (before?: number) => {
    setLoading(true);
    try {
      const page = await sendMessage('listIncidents', filter(before));
      setIncidents((list) => (before === undefined ? page.incidents : [...list, ...page.incidents]));
      setNext(page.next);
      setClients((known) => {
        const all = new Map(known);
        for (const i of page.incidents) all.set(i.clientKey, i.clientName);
        return all;
      });
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load();
  }, [status, clientKey, revision]);

  const clientOptions = new Map(clients);
  if (client) clientOptions.set(client.clientKey, client.name);

  const resolve = async (incident: Incident) => {
    setDone(null);
    try {
      onChanged(await sendMessage('resolveIncident', { incidentId: incident.id }));
      setError(null);
      setDone(t('resolvedDone', incident.clientName, incident.summary));
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section class="incidents" aria-label={t('incidentsRegion')}>
      <div class="filters">
        <div>
          <label for={statusId}>{t('status')}</label>
          <select id={statusId} value={status} onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)}>
            <option value="open">{t('filterOpen')}</option>
            <option value="resolved">{t('filterResolved')}</option>
            <option value="all">{t('filterAll')}</option>
          </select>
        </div>
        <div>
          <label for={clientId}>{t('client')}</label>
          <select id={clientId} value={clientKey} onChange={(e) => setClientKey(e.currentTarget.value)}>
            <option value="">{t('allClients')}</option>
            {[...clientOptions].map(([key, name]) => (
              <option key={key} value={key}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <LiveMessage kind="ok" text={done} focusRef={doneRef} />
      <LiveMessage kind="error" text={error} />
      {!loading && incidents.length === 0 && !error && <p class="muted">{t('noIncidentsMatch')}</p>}
      <ul class="incident-list">
        {incidents.map((i) => {
          const done = i.checklist.filter((s) => s.doneAt !== undefined).length;
          const given = givenIn(i);
          return (
            <li key={i.id} class="card incident-item">
              <div class="section-head">
                <strong>{i.clientName}</strong>
                <span class={`tag ${i.status === 'open' ? 'warn' : ''}`}>{t(i.status === 'open' ? 'statusOpen' : 'statusResolved')}</span>
              </div>
              <p>
                {policy?.categories.find((c) => c.id === i.category)?.label ?? i.category}
                <span class="muted">: {i.summary}</span>
              </p>
              <p class="muted small">
                {policy ? formatDay(i.createdAt, policy.firm) : new Date(i.createdAt).toLocaleDateString(uiLanguage())}
                {` · ${t('stepsOf', done, i.checklist.length)}`}
                {given > 0 && policy && ` · ${t('amountGiven', formatAmount(given, policy.firm.currency))}`}
              </p>
              <div class="row">
                <button type="button" class="secondary small" onClick={() => onOpen(i)}>
                  {t('open')}
                </button>
                {i.status === 'open' && (
                  <button type="button" class="secondary small" onClick={() => void resolve(i)}>
                    {t('resolve')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {next !== null && (
        <button type="button" class="secondary" disabled={loading} onClick={() => void load(next)}>
          {t('showMore')}
        </button>
      )}
    </section>
  );
}
