import { browser } from 'wxt/browser';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import type { Ledger } from '@/utils/ledger/repository';
import type { Incident, IncidentGrants } from '@/utils/ledger/types';
import type { ApproverAway, LedgerRecord } from '@/utils/firm-ledger/records';
import { NEWS_WINDOW_MS, waitingFor, type WaitingApproval } from '@/utils/firm-ledger/approvals';
import { incidentsOnce } from '@/utils/authority';
import { formatMoney } from '@/utils/money';
import { t, uiLanguage } from '@/utils/i18n';
import { localKey, readState, writeState } from '@/utils/browser/state';

// What waits for me in the firm ledger, and the notifications a person sees: a request waiting for
// them (newly asked, or escalated to their role), an answer to their own request, a record the
// firm's server refused. Each once, whatever wakes the worker again; a click opens the Approvals tab.

/** The notifications already shown, by what they were about (the last 500). */
const NOTIFIED = localKey<string[]>('firmLedgerNotified');
const NOTIFIED_MAX = 500;
/** Notification ids begin with this, so a click on one of ours opens the Approvals tab. */
export const NOTIFY_PREFIX = 'firm-ledger:';

/** Who is signed in, to which firm's policy. */
export interface Reader {
  me: Me;
  policy: Policy;
}

export interface FirmApprovalsDeps {
  ledger(): Promise<Ledger>;
  /** The away records the firm ledger holds. */
  away(): Promise<ApproverAway[]>;
  now?(): number;
}

export function makeFirmApprovals(deps: FirmApprovalsDeps) {
  const now = () => deps.now?.() ?? Date.now();

  async function alreadyNotified(id: string): Promise<boolean> {
    const list = (await readState(NOTIFIED)) ?? [];
    if (list.includes(id)) return true;
    await writeState(NOTIFIED, [...list, id].slice(-NOTIFIED_MAX));
    return false;
  }

  /** One notification per `id`, ever (within the last 500). */
  async function notify(id: string, title: string, message: string): Promise<void> {
    if (await alreadyNotified(id)) return;
    await browser.notifications.create(`${NOTIFY_PREFIX}${id}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title,
      message,
    });
  }

  const timeOf = (policy: Policy, at: number) =>
    new Intl.DateTimeFormat(policy.firm.locale, { timeStyle: 'short', timeZone: policy.firm.timeZone }).format(at);

  /** The requests waiting for me now, oldest first, with the caps as they stand for each client. */
  async function waiting(reader: Reader, at = now()): Promise<WaitingApproval[]> {
    const ledger = await deps.ledger();
    const open = (await ledger.openIncidents()).filter((i) => i.remedies.some((r) => r.status === 'pending'));
    const grants = new Map<string, readonly IncidentGrants[]>();
    for (const key of new Set(open.map((i) => i.clientKey))) {
      const history = await ledger.clientHistory(key, at);
      grants.set(key, incidentsOnce(history.openIncidents, history.incidents, history.earlierGrants));
    }
    return waitingFor(reader.me, reader.policy, open, (key) => grants.get(key) ?? [], at, await deps.away());
  }

  /** Each request now waiting for me (newly asked, or escalated to my role), notified once per level. */
  async function notifyWaiting(reader: Reader): Promise<void> {
    const at = now();
    const money = (minor: number) => formatMoney(minor, reader.policy.firm.currency, uiLanguage());
    for (const w of await waiting(reader, at)) {
      if (at - w.since > NEWS_WINDOW_MS) continue;
      const amount = w.kind === 'apology' ? '' : ` ${money(w.amount)}`;
      const asks = w.reason ? t('notifyAsksShortWhy', w.requestedByName, w.reason) : t('notifyAsksShort', w.requestedByName);
      await notify(
        `request:${w.requestId}:${w.escalations}`,
        t('notifyAsked', `${w.remedyLabel}${amount}`, w.clientName),
        w.escalations > 0
          ? t('notifyEscalated', asks)
          : w.reason
            ? t('notifyAsksWhy', w.requestedByName, w.reason)
            : t('notifyAsks', w.requestedByName),
      );
    }
  }

  /** Records that just arrived: a request waiting for me, an answer to mine, a notification each, once. */
  async function notifyArrivals(reader: Reader, records: readonly LedgerRecord[], folded: readonly Incident[]): Promise<void> {
    const at = now();
    const { me, policy } = reader;
    const names = new Map(policy.staff.map((s) => [s.email, s.name]));
    const money = (minor: number) => formatMoney(minor, policy.firm.currency, uiLanguage());
    const fresh = records.filter((r) => r.author !== me.email && at - r.at < NEWS_WINDOW_MS);
    if (fresh.some((r) => r.type === 'approval-requested')) await notifyWaiting(reader);
    for (const record of fresh) {
      if (record.type !== 'approval-approved' && record.type !== 'approval-declined') continue;
      if (record.requestedBy !== me.email) continue;
      const incident = folded.find((i) => i.id === record.incidentId);
      const remedy = incident?.remedies.find((r) => r.id === record.requestId);
      if (!incident || !remedy) continue;
      const who = names.get(record.author) ?? record.author;
      const what = t('notifyWhat', remedy.label, remedy.kind === 'apology' ? '' : money(remedy.amount), incident.clientName);
      if (record.type === 'approval-approved' && remedy.status === 'granted' && remedy.approvedBy === record.author) {
        const ready = remedy.creditNoteNumber ? t('notifyReadyNote', what, remedy.creditNoteNumber) : t('notifyReady', what);
        await notify(`answer:${record.requestId}`, t('notifyApprovedBy', who, timeOf(policy, record.at)), ready);
      } else if (record.type === 'approval-declined' && remedy.status === 'declined') {
        await notify(`answer:${record.requestId}`, t('notifyDeclinedBy', who), t('notifyDeclinedWhy', what, record.reason));
      }
    }
  }

  /** A click on one of these notifications opens the panel's Approvals tab. Call at worker start. */
  function start(): void {
    browser.notifications.onClicked.addListener((id) => {
      if (!id.startsWith(NOTIFY_PREFIX)) return;
      void browser.notifications.clear(id);
      void browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html?view=approvals') });
    });
  }

  return { waiting, notify, notifyWaiting, notifyArrivals, start };
}

export type FirmApprovals = ReturnType<typeof makeFirmApprovals>;
