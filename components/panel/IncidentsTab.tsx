import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import type { Incident } from '@/utils/ledger/types';
import type { IncidentFilter } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import { givenIn } from './ClientHeader';
import type { PanelClient } from './panel-client';
import { describeDue, formatDay } from './time';
import { nextDueAt, stillOpen } from '@/utils/ledger/checklist';
import { LiveMessage } from './LiveMessage';
import { Coverage } from '../ui/Coverage';
import { errorText } from '@/utils/error-text';
import { t, tp, uiLanguage } from '@/utils/i18n';
import { money as formatAmount } from '@/utils/i18n/format';

interface Props {
  policy: Policy | null;
  now: number;
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
export function IncidentsTab({ policy, now, client, revision, onOpen, onChanged }: Props) {
  const statusId = useId();
  const clientId = useId();
  const [status, setStatus] = useState<StatusFilter>('open');
  const [clientKey, setClientKey] = useState<string>('');
  const [incidents, setIncidents] = useState<Incident[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The incident just resolved here, offered back with Undo.
  const [undoable, setUndoable] = useState<Incident | null>(null);
  // The incident whose Resolve waits for "Resolve anyway": it still has steps or approvals open.
  const [confirming, setConfirming] = useState<string | null>(null);
  // The Resolve button goes away with the resolved incident; focus moves to the outcome instead.
  const doneRef = useRef<HTMLParagraphElement>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  useEffect(() => {
    if (confirming) confirmRef.current?.querySelector('button')?.focus();
  }, [confirming]);
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

  const money = (minor: number) => (policy ? formatAmount(minor, policy.firm.currency) : String(minor));
  const nameOf = (email: string) => policy?.staff.find((s) => s.email === email)?.name ?? email;

  const resolve = async (incident: Incident, anyway = false) => {
    setDone(null);
    setUndoable(null);
    const open = stillOpen(incident);
    if (!anyway && (open.steps.length > 0 || open.pending.length > 0)) {
      setConfirming(incident.id);
      return;
    }
    setConfirming(null);
    try {
      const updated = await sendMessage('resolveIncident', { incidentId: incident.id });
      onChanged(updated);
      setError(null);
      setUndoable(updated);
      setDone(t('resolvedDone', incident.clientName, incident.summary));
    } catch (err) {
      setError(errorText(err));
    }
  };

  const reopen = async (incident: Incident) => {
    setDone(null);
    setUndoable(null);
    try {
      onChanged(await sendMessage('reopenIncident', { incidentId: incident.id }));
      setError(null);
      setDone(t('openAgainDone', incident.clientName, incident.summary));
    } catch (err) {
      setError(errorText(err));
    }
  };

  // Open incidents by what falls due first (overdue at the top), then the newest; resolved ones after.
  const sorted = [...incidents].sort((a, b) => nextDueAt(a) - nextDueAt(b) || b.createdAt - a.createdAt);

  return (
    <section class="incidents" aria-label={t('incidentsRegion')}>
      <Coverage policy={policy} />
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
      {undoable && (
        <button type="button" class="secondary small" onClick={() => void reopen(undoable)}>
          {t('undo')}
        </button>
      )}
      <LiveMessage kind="error" text={error} />
      {!loading && incidents.length === 0 && !error && <p class="muted">{t('noIncidentsMatch')}</p>}
      <ul class="incident-list">
        {sorted.map((i) => {
          const done = i.checklist.filter((s) => s.doneAt !== undefined).length;
          const given = givenIn(i);
          const left = stillOpen(i);
          const overdue = i.status === 'open' ? left.steps.filter((s) => s.dueAt !== undefined && s.dueAt < now) : [];
          const upcoming = i.status === 'open' ? left.steps.find((s) => s.dueAt !== undefined && s.dueAt >= now) : undefined;
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
                {given > 0 && policy && ` · ${t('amountGiven', money(given))}`}
              </p>
              {overdue.length > 0 && (
                <p class="small overdue">
                  {tp('stepsOverdueList', overdue.length, overdue.map((s) => `${s.label} (${describeDue(s.dueAt!, now)})`).join('; '))}
                </p>
              )}
              {upcoming && <p class="small muted">{t('nextStep', upcoming.label, describeDue(upcoming.dueAt!, now))}</p>}
              {i.status === 'open' &&
                left.pending.map((p) => (
                  <p key={p.id} class="small attention">
                    {t('waitingForApproval', money(p.amount), p.label)}
                  </p>
                ))}
              {confirming === i.id ? (
                <div class="confirm" role="group" aria-labelledby={`${i.id}-confirm`} ref={confirmRef}>
                  <p id={`${i.id}-confirm`}>
                    <strong>{t('stillOpenHeading')}</strong>
                  </p>
                  <ul>
                    {left.steps.map((s) => (
                      <li key={s.stepId}>
                        {s.label}
                        {s.dueAt !== undefined && <span class="muted"> ({describeDue(s.dueAt, now)})</span>}
                      </li>
                    ))}
                    {left.pending.map((p) => (
                      <li key={p.id}>{t('waitingForApprovalAsked', money(p.amount), p.label, nameOf(p.requestedBy))}</li>
                    ))}
                  </ul>
                  <div class="row">
                    <button type="button" class="small" onClick={() => void resolve(i, true)}>
                      {t('resolveAnyway')}
                    </button>
                    <button type="button" class="secondary small" onClick={() => setConfirming(null)}>
                      {t('keepOpen')}
                    </button>
                  </div>
                </div>
              ) : (
                <div class="row">
                  <button type="button" class="secondary small" onClick={() => onOpen(i)}>
                    {t('open')}
                  </button>
                  {i.status === 'open' ? (
                    <button type="button" class="secondary small" onClick={() => void resolve(i)}>
                      {t('resolve')}
                    </button>
                  ) : (
                    <button type="button" class="secondary small" onClick={() => void reopen(i)}>
                      {t('reopen')}
                    </button>
                  )}
                </div>
              )}
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
