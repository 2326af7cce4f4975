import { browser } from 'wxt/browser';
import type { Handlers } from '@/utils/browser/messaging';
import type { BackgroundProtocol } from '@/utils/messages';
import type { Me } from '@/utils/people';
import { nextReminderAt, stepsToRemind, type DueStep } from '@/utils/ledger/checklist';
import { parseExport } from '@/utils/ledger/export';
import type { Ledger } from '@/utils/ledger/repository';
import type { Command } from '@/utils/ledger/decide';
import type { Decided, RecordsOf } from '@/utils/ledger/commands';
import type { Incident } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import type { ConfigStore } from '@/utils/config-store';
import { t } from '@/utils/i18n';
import { dashboardIncident, type DashboardCoverage, type DashboardIncident } from '@/utils/dashboard/types';
import { configKey, localKey, readConfig, readState, removeState, writeConfig } from '@/utils/browser/state';

// The incident ledger as the extension's pages see it, and the reminders of checklist steps as they
// fall due. What it needs (the database, the policy, who the user is) is passed in.

const STEP_DUE_ALARM = 'ledger-step-due';
/** Step-due notifications are named by this prefix and the incident's id. */
const STEP_DUE_PREFIX = 'step-due:';
/** The due time up to which reminders were raised, so none is raised twice or skipped. */
const REMINDED_UP_TO = configKey<number>('ledgerRemindedUpTo');
/** Where an earlier version kept it. */
const REMINDED_UP_TO_BEFORE = localKey<number>('ledgerRemindedUpTo');

type LedgerMessages =
  | 'getClientHistory'
  | 'startIncident'
  | 'tickStep'
  | 'grantRemedy'
  | 'requestApproval'
  | 'markApproved'
  | 'resolveIncident'
  | 'reopenIncident'
  | 'getIncident'
  | 'listIncidents'
  | 'importLedger'
  | 'ledgerSummary'
  | 'dashboardData'
  | 'searchClients';

/** Quiet time after the last change before the reminders are rescheduled. */
const RESCHEDULE_AFTER_MS = 1_500;
/** The dashboard reads the ledger this many incidents at a time. */
const DASHBOARD_BATCH = 5_000;
/** The most incidents one dashboard answer carries (a message of some hundred megabytes is refused). */
const DASHBOARD_MAX = 250_000;

export interface LedgerServiceDeps {
  ledger(): Promise<Ledger>;
  currentPolicy(): Promise<Policy | null>;
  currentMe(): Promise<Me | null>;
  /** After each change the user makes (the badges follow); its failure never fails the change. */
  onChange(): Promise<void>;
  /**
   * Where it keeps which reminders were shown: the background's own database, since in storage.local
   * a content script (Firefox lets them write there) could silence every reminder.
   */
  config: ConfigStore;
  /**
   * Records each command through the firm ledger (firm-ledger-service.ts `record`): it runs `run` one
   * at a time with arriving records (with a firm ledger, deciding only: `keep` false), appends the
   * records it decided and returns the incident as the firm's records fold it.
   */
  record?(command: Command, run: (records: RecordsOf | undefined, keep: boolean) => Promise<Decided>): Promise<Incident>;
  /** Whose incidents this browser's ledger holds: the whole firm's once it caught up with the firm ledger. */
  coverage?(): Promise<{ coverage: DashboardCoverage; syncedAt: number | null }>;
}

export function makeLedgerService(deps: LedgerServiceDeps): {
  handlers: Pick<Handlers<BackgroundProtocol>, LedgerMessages>;
  /** Registers the reminder listeners; call synchronously at service-worker start. */
  start(): void;
} {
  async function whoAndPolicy(): Promise<{ me: Me; policy: Policy }> {
    const [policy, me] = await Promise.all([deps.currentPolicy(), deps.currentMe()]);
    if (!policy) {
      throw new Error(t('noPolicyYet'));
    }
    if (!me) throw new Error(t('sayWhoFirst'));
    return { me, policy };
  }

  /** Badges and reminders follow every change; neither may fail the change itself. */
  async function afterChange(): Promise<void> {
    rescheduleSoon();
    await deps.onChange().catch(() => undefined);
  }

  // The reminders read every open incident's steps (most of a second at 100,000 incidents, holding
  // up the ledger's next write meanwhile): the person's answer does not wait for them, and a run of
  // commands reschedules them once, when it is over. One rescan after another, so the last reads the latest.
  let rescheduled: Promise<void> = Promise.resolve();
  let soon: ReturnType<typeof setTimeout> | null = null;
  function rescheduleSoon(): void {
    if (soon !== null) clearTimeout(soon);
    soon = setTimeout(() => {
      soon = null;
      rescheduled = rescheduled.then(() => scheduleReminders().catch(() => undefined));
    }, RESCHEDULE_AFTER_MS);
  }

  /** One command: decided and applied here, and through the firm ledger when there is one. */
  async function run(command: Command, me: Me, policy: Policy): Promise<Incident> {
    const ledger = await deps.ledger();
    const decideHere = (records?: RecordsOf, keep = true) => ledger.run(command, me, policy, Date.now(), records, keep);
    return deps.record ? deps.record(command, decideHere) : (await decideHere()).incident;
  }

  async function changed<T>(result: Promise<T>): Promise<T> {
    const value = await result;
    await afterChange();
    return value;
  }

  const handlers: Pick<Handlers<BackgroundProtocol>, LedgerMessages> = {
    async getClientHistory({ clientKey }) {
      return (await deps.ledger()).clientHistory(clientKey, Date.now());
    },

    async startIncident(input) {
      const { me, policy } = await whoAndPolicy();
      return changed(run({ kind: 'open', input }, me, policy));
    },

    async tickStep({ incidentId, stepId, done }) {
      const { me, policy } = await whoAndPolicy();
      return changed(run({ kind: 'tick', incidentId, stepId, done }, me, policy));
    },

    async grantRemedy(proposal) {
      const { me, policy } = await whoAndPolicy();
      return run({ kind: 'grant', proposal }, me, policy);
    },

    async requestApproval(proposal) {
      const { me, policy } = await whoAndPolicy();
      return run({ kind: 'request', proposal }, me, policy);
    },

    async markApproved({ incidentId, grantId, approverEmail }) {
      const { me, policy } = await whoAndPolicy();
      return run({ kind: 'approve', incidentId, requestId: grantId, approverEmail, own: false }, me, policy);
    },

    async resolveIncident({ incidentId }) {
      const { me, policy } = await whoAndPolicy();
      return changed(run({ kind: 'resolve', incidentId }, me, policy));
    },

    async reopenIncident({ incidentId }) {
      const { me, policy } = await whoAndPolicy();
      return changed(run({ kind: 'reopen', incidentId }, me, policy));
    },

    async getIncident({ incidentId }) {
      return (await deps.ledger()).getIncident(incidentId);
    },

    async listIncidents(filter) {
      return (await deps.ledger()).listIncidents(filter ?? {});
    },

    async importLedger({ text, check }) {
      if (typeof text !== 'string') throw new Error(t('chooseLedgerFile'));
      if (check === true) {
        parseExport(text);
        return { added: 0, updated: 0, unchanged: 0 };
      }
      return changed((await deps.ledger()).importJson(text));
    },

    async ledgerSummary() {
      return (await deps.ledger()).summary(Date.now());
    },

    async dashboardData({ from, to }) {
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from) throw new Error(t('dashboardBadPeriod'));
      const ledger = await deps.ledger();
      const incidents: DashboardIncident[] = [];
      // From the first incident created at `from` on, in creation order, a batch at a time.
      let after: { createdAt: number; id: string } | null = { createdAt: from - 1, id: '\uffff' };
      while (after) {
        const batch = await ledger.incidentsAfter(after, DASHBOARD_BATCH);
        for (const incident of batch) {
          if (incident.createdAt >= to) break;
          incidents.push(dashboardIncident(incident));
        }
        const last = batch.at(-1);
        after = batch.length === DASHBOARD_BATCH && last && last.createdAt < to ? { createdAt: last.createdAt, id: last.id } : null;
        if (incidents.length > DASHBOARD_MAX) throw new Error(t('dashboardTooMany', DASHBOARD_MAX));
      }
      return { incidents, ...((await deps.coverage?.()) ?? { coverage: 'browser', syncedAt: null }) };
    },

    async searchClients({ query }) {
      return (await deps.ledger()).searchClients(typeof query === 'string' ? query : '');
    },
  };

  async function remindedUpTo(now: number): Promise<number> {
    const stored = await readConfig(deps.config, REMINDED_UP_TO);
    if (typeof stored === 'number') return stored;
    // Where an earlier version kept it: taken once (a time still to come is not believed), then removed.
    const old = await readState(REMINDED_UP_TO_BEFORE);
    // First run: steps that fell due before the extension watched are not news.
    const since = typeof old === 'number' && old <= now ? old : now;
    await writeConfig(deps.config, REMINDED_UP_TO, since);
    await removeState(REMINDED_UP_TO_BEFORE);
    return since;
  }

  /** One alarm, at the next step to fall due that was not reminded yet (now, if one was missed). */
  async function scheduleReminders(): Promise<void> {
    const now = Date.now();
    const since = await remindedUpTo(now);
    const at = nextReminderAt(await (await deps.ledger()).pendingSteps(), since);
    if (at === null) await browser.alarms.clear(STEP_DUE_ALARM);
    else await browser.alarms.create(STEP_DUE_ALARM, { when: Math.max(at, now) });
  }

  async function remindDueSteps(): Promise<void> {
    const now = Date.now();
    const since = await remindedUpTo(now);
    const due = stepsToRemind(await (await deps.ledger()).pendingSteps(), since, now);
    const byIncident = new Map<string, DueStep[]>();
    for (const step of due) byIncident.set(step.incidentId, [...(byIncident.get(step.incidentId) ?? []), step]);
    for (const [incidentId, [first, ...rest]] of byIncident) {
      if (!first) continue;
      await browser.notifications.create(`${STEP_DUE_PREFIX}${incidentId}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: t('reminderTitle', first.label, first.clientName),
        message: rest.length > 0 ? t('reminderAlsoDue', rest.map((s) => s.label).join('; ')) : t('reminderTickOff'),
      });
    }
    await writeConfig(deps.config, REMINDED_UP_TO, now);
    await scheduleReminders();
  }

  async function requestPersistentStorage(): Promise<void> {
    // Asks the browser never to evict the ledger under storage pressure. persist() exists only in
    // window contexts (Firefox's background page); Chrome's service worker has none, and there the
    // unlimitedStorage permission already keeps extension storage from eviction.
    if (typeof navigator === 'undefined' || !navigator.storage?.persist) return;
    if (!(await navigator.storage.persisted())) await navigator.storage.persist();
  }

  /**
   * A step-due notification opens the panel on that incident of that client, in a window of a side
   * panel's size (a notification cannot open the browser's side panel itself).
   */
  async function openReminder(notificationId: string): Promise<void> {
    if (!notificationId.startsWith(STEP_DUE_PREFIX)) return;
    await browser.notifications.clear(notificationId);
    const incident = await (await deps.ledger()).getIncident(notificationId.slice(STEP_DUE_PREFIX.length));
    if (!incident) return;
    const url = browser.runtime.getURL(
      `/sidepanel.html?${new URLSearchParams({ client: incident.clientKey, incident: incident.id, from: 'reminder' })}`,
    );
    await browser.windows.create({ url, type: 'popup', width: 380, height: 800, focused: true });
  }

  function start(): void {
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === STEP_DUE_ALARM) void remindDueSteps().catch(() => undefined);
    });
    browser.notifications.onClicked.addListener((id) => void openReminder(id).catch(() => undefined));
    void requestPersistentStorage().catch(() => undefined);
    void scheduleReminders().catch(() => undefined);
  }

  return { handlers, start };
}
