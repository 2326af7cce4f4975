import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendMessage } from '@/utils/browser/messaging';
import { incidentsOnce, isApproverRole } from '@/utils/authority';
import { HISTORY_LATEST, type ClientHistory, type Incident, type IncidentSummary } from '@/utils/ledger/types';
import { AuthorityCard } from './AuthorityCard';
import { Checklist } from './Checklist';
import { ClientHeader } from './ClientHeader';
import { CurrentIncident } from './CurrentIncident';
import { IncidentsTab } from './IncidentsTab';
import { MakeItUp, type NewIncidentRequest } from './MakeItUp';
import { fromDetected, fromRef, type PanelClient } from './panel-client';
import { PolicyBanner } from './PolicyBanner';
import { PopOut } from './PopOut';
import { StartIncident } from './StartIncident';
import { Templates } from './Templates';
import { isWebmailTab } from '@/utils/detect/types';
import { clientKeyFromSearch, incidentFromSearch, usePanelData } from './use-panel-data';
import { useNow } from './use-now';
import { Tabs } from './Tabs';
import { LiveMessage } from './LiveMessage';
import type { FirmGrant, ReplicaFreshness } from '@/utils/firm-ledger/firm-authority';
import { useLedgerPort } from '../ui/use-ledger-port';
import { ApprovalsTab } from './ApprovalsTab';
import { AwayControl } from './AwayControl';
import { t } from '@/utils/i18n';
import { useAnswer } from './use-answer';

type View = 'client' | 'incidents' | 'approvals';

/** Holds the background's live replication up while the panel is open (firm ledger only). */
function LedgerKeepAlive() {
  useLedgerPort();
  return null;
}

/** The client's incidents with the latest saved copy of one of them in place (or added). */
function withLatest<T extends IncidentSummary>(incidents: readonly T[], latest: T | null, clientKey: string): T[] {
  if (!latest || latest.clientKey !== clientKey) return [...incidents];
  const rest = incidents.filter((i) => i.id !== latest.id);
  return [latest, ...rest].sort((a, b) => b.createdAt - a.createdAt);
}

/** The history as the header shows it, with the latest saved copy of an incident in it. */
function listedHistory(history: ClientHistory, latest: Incident | null): ClientHistory {
  const listed = history.incidents;
  const isNew =
    latest !== null &&
    latest.clientKey === history.clientKey &&
    !listed.some((i) => i.id === latest.id) &&
    // The list holds the latest incidents: one missing from it but newer than its oldest is new.
    (listed.length >= history.incidentCount || latest.createdAt >= (listed.at(-1)?.createdAt ?? -Infinity));
  return {
    ...history,
    incidents: withLatest<IncidentSummary>(listed, latest, history.clientKey).slice(0, HISTORY_LATEST),
    incidentCount: history.incidentCount + (isNew ? 1 : 0),
  };
}

function openOptions() {
  void browser.runtime.openOptionsPage();
}

export function Panel({ search }: { search: string }) {
  const data = usePanelData(search);
  const now = useNow();
  const policy = data.policyState?.policy ?? null;
  const me = data.settings?.me ?? null;
  const [view, setView] = useState<View>(() =>
    new URLSearchParams(search).get('view') === 'approvals' ? 'approvals' : 'client',
  );
  const withLedger = policy?.ledger !== undefined;
  const [firm, setFirm] = useState<{ clientKey: string; grants: FirmGrant[]; freshness: ReplicaFreshness } | null>(null);
  const linkedKey = clientKeyFromSearch(search);
  const linkedIncident = linkedKey ? incidentFromSearch(search) : null;
  const linked = (ref: Parameters<typeof fromRef>[0]): PanelClient => ({
    ...fromRef(ref),
    ...(linkedIncident?.fromReminder ? { fromReminder: true } : {}),
  });
  const [chosen, setChosen] = useState<PanelClient | null>(() =>
    linkedKey ? linked({ clientKey: linkedKey, name: linkedKey }) : null,
  );
  const detected = data.tab?.client ? fromDetected(data.tab.client, data.tab.url) : null;
  const client = chosen ?? detected;
  const clientKey = client?.clientKey ?? null;

  const [history, setHistory] = useState<ClientHistory | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [latest, setLatest] = useState<Incident | null>(null);
  // The incident being worked on, remembered per client so switching tabs does not mix them up.
  const [selected, setSelected] = useState<{ clientKey: string; id: string } | null>(() =>
    linkedKey && linkedIncident ? { clientKey: linkedKey, id: linkedIncident.id } : null,
  );
  const [revision, setRevision] = useState(0);
  // The incident just started here: its remedy's action takes the focus once.
  const [started, setStarted] = useState<{ id: string; remedyId?: string } | null>(null);
  // A remedy the open incident does not suggest, on its way to an incident of its own.
  const [newFor, setNewFor] = useState<NewIncidentRequest | null>(null);

  useAnswer(
    clientKey ? () => sendMessage('getClientHistory', { clientKey }) : null,
    (h) => {
      setHistory(h);
      // The history has the open incidents in full; a resolved one being worked on stays as saved.
      setLatest((l) =>
        l && l.clientKey === h.clientKey && l.status !== 'open' && !h.openIncidents.some((i) => i.id === l.id) ? l : null,
      );
      setHistoryError(null);
    },
    setHistoryError,
    [clientKey, revision, data.ledgerRevision],
  );

  // With a firm ledger: who in the firm gave this client what, and how current the replica is.
  useAnswer(
    clientKey && withLedger ? () => sendMessage('getFirmGrants', { clientKey }) : null,
    (found) => {
      if (clientKey) setFirm({ clientKey, ...found });
    },
    setHistoryError,
    [clientKey, withLedger, revision, data.ledgerRevision],
  );

  // Opened on one client (a reminder): named as the client's latest incident names them.
  useAnswer(
    linkedKey ? () => sendMessage('getClientHistory', { clientKey: linkedKey }) : null,
    ({ clientName, clientEmail }) => {
      if (!linkedKey || !clientName) return;
      const ref = { clientKey: linkedKey, name: clientName, ...(clientEmail ? { email: clientEmail } : {}) };
      setChosen((c) => (c?.clientKey === linkedKey ? linked(ref) : c));
    },
    setHistoryError,
    [linkedKey],
  );

  const clientHistory = history && history.clientKey === clientKey ? history : null;
  // In full: the client's open incidents and the one last saved or opened from the list.
  const incidents = clientKey ? withLatest(clientHistory?.openIncidents ?? [], latest, clientKey) : [];
  const currentId = selected?.clientKey === clientKey ? selected.id : null;
  const incident =
    incidents.find((i) => i.id === currentId) ?? incidents.find((i) => i.status === 'open') ?? null;
  // The incident on screen stays on screen: a colleague's incident for this client arriving live
  // never takes its place (nor what the person was doing in it).
  useEffect(() => {
    if (clientKey && incident && currentId === null) setSelected({ clientKey, id: incident.id });
  }, [clientKey, incident?.id, currentId]);
  const clientIncidents = incidentsOnce(incidents, clientHistory?.incidents ?? [], clientHistory?.earlierGrants ?? []);

  // A resolved incident picked before the panel went to another client: fetched in full again.
  const missing = clientHistory !== null && currentId !== null && !incidents.some((i) => i.id === currentId);
  useAnswer(
    missing && currentId ? () => sendMessage('getIncident', { incidentId: currentId }) : null,
    (found) => {
      if (found && found.clientKey === clientKey) setLatest(found);
    },
    setHistoryError,
    [missing, currentId, clientKey],
  );

  const onIncident = (updated: Incident) => {
    setLatest(updated);
    setSelected({ clientKey: updated.clientKey, id: updated.id });
    setRevision((r) => r + 1);
  };

  const openFromList = (i: Incident) => {
    if (i.clientKey !== detected?.clientKey) {
      setChosen({
        clientKey: i.clientKey,
        name: i.clientName,
        ...(i.clientEmail ? { email: i.clientEmail } : {}),
        source: i.source,
        picked: true,
      });
    } else {
      setChosen(null);
    }
    setLatest(i);
    setSelected({ clientKey: i.clientKey, id: i.id });
    setView('client');
  };

  const ready = policy !== null && me !== null && me.role !== null;
  const authority = (
    <AuthorityCard
      policy={policy}
      me={me}
      clientKey={clientKey}
      clientIncidents={clientIncidents}
      incident={incident}
      now={now}
      onOpenOptions={openOptions}
      firm={withLedger && firm && firm.clientKey === clientKey ? firm : null}
    />
  );

  return (
    <div class="panel">
      <header class="topbar">
        <Tabs
          label={t('panelSections')}
          tabs={[
            { id: 'client', label: t('tabThisClient') },
            { id: 'incidents', label: t('tabIncidents') },
            ...(withLedger ? [{ id: 'approvals', label: t('tabApprovals') }] : []),
          ]}
          selected={view}
          onSelect={(id) => setView(id as View)}
        />
        {policy && me && isApproverRole(policy, me.role) && (
          <a href="dashboard.html" target="_blank" rel="noopener" class="small" title={t('dashboardLinkTitle')}>
            {t('dashboardLink')}
          </a>
        )}
        {!data.poppedOut && data.tabId !== null && <PopOut tabId={data.tabId} />}
      </header>
      <PolicyBanner state={data.policyState} now={now} onOpenOptions={openOptions} />
      <LiveMessage kind="error" text={data.error ?? historyError} />
      <div id="panel-client" role="tabpanel" aria-labelledby="tab-client" hidden={view !== 'client'} class="stack">
        <ClientHeader
          client={client}
          history={clientHistory && listedHistory(clientHistory, latest)}
          policy={policy}
          currentId={incident?.id ?? null}
          now={now}
          onPick={setChosen}
          onClear={() => setChosen(null)}
        />
        {/* Who you are comes first only while it stops you: otherwise the work does, so the next
            button is on screen in a side panel of real size, with your limits below it. */}
        {!ready && authority}
        {policy && client && incident && (
          <section class="stack incident" aria-labelledby="incident-title">
            <CurrentIncident policy={policy} incident={incident} now={now} onIncident={onIncident} />
            <MakeItUp
              key={incident.id}
              policy={policy}
              me={me}
              incident={incident}
              clientIncidents={clientIncidents}
              tab={data.tab}
              now={now}
              focusAction={started?.id === incident.id}
              {...(started?.id === incident.id && started.remedyId ? { initialRemedy: started.remedyId } : {})}
              onIncident={onIncident}
              onStartNew={setNewFor}
            />
            {/* Keyed by incident: what happened to the last incident's emails is not this one's. */}
            <Templates
              key={incident.id}
              policy={policy}
              me={me}
              incident={incident}
              tabId={data.tab && isWebmailTab(data.tab) ? data.tab.tabId : null}
              now={now}
            />
            <Checklist key={incident.id} policy={policy} incident={incident} now={now} onIncident={onIncident} />
          </section>
        )}
        {policy && client && (
          <StartIncident
            // A new preset opens the form afresh with its category.
            key={newFor ? `for-${newFor.remedyId}` : 'start'}
            policy={policy}
            client={client}
            folded={incident?.status === 'open'}
            preset={newFor}
            onStarted={(i) => {
              setStarted({ id: i.id, ...(newFor ? { remedyId: newFor.remedyId } : {}) });
              setNewFor(null);
              onIncident(i);
            }}
            onCancel={() => setNewFor(null)}
          />
        )}
        {ready && authority}
      </div>
      {withLedger && <LedgerKeepAlive />}
      {withLedger && policy && (
        <div id="panel-approvals" role="tabpanel" aria-labelledby="tab-approvals" hidden={view !== 'approvals'}>
          {view === 'approvals' && me && isApproverRole(policy, me.role) && <AwayControl policy={policy} me={me} now={now} />}
          {view === 'approvals' && <ApprovalsTab policy={policy} revision={data.ledgerRevision} now={now} />}
        </div>
      )}
      <div id="panel-incidents" role="tabpanel" aria-labelledby="tab-incidents" hidden={view !== 'incidents'}>
        {view === 'incidents' && (
          <IncidentsTab
            policy={policy}
            now={now}
            client={client}
            revision={revision}
            onOpen={openFromList}
            onChanged={onIncident}
          />
        )}
      </div>
    </div>
  );
}
