import { browser } from 'wxt/browser';
import type { Handlers } from '@/utils/browser/messaging';
import type { BackgroundProtocol } from '@/utils/messages';
import type { ApproverAway } from '@/utils/firm-ledger/records';
import { latestAway } from '@/utils/firm-ledger/away';
import { decide } from '@/utils/ledger/decide';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import { t } from '@/utils/i18n';
import { localKey, readState, writeState } from '@/utils/browser/state';

// Away and back: an approver marks themselves away until a time (decided by `decide`, sent as their
// own ledger record by the firm ledger service), and is told when they are back that requests went
// to their stand-in or the next approver up meanwhile.

export interface AwayDeps {
  currentPolicy: () => Promise<Policy | null>;
  currentMe: () => Promise<Me | null>;
  /** Every away record the firm ledger holds; null without a firm ledger. */
  records: () => Promise<ApproverAway[] | null>;
  record: (record: ApproverAway) => Promise<void>;
}

const BACK_ALARM = 'approver-back';
/** The away record whose end I was last told of. */
const BACK_NOTIFIED = localKey<string>('awayBackNotified');
const NOTIFY_PREFIX = 'approver-back:';
/** An absence that ended longer ago than this is not news. */
const BACK_NEWS_MS = 24 * 60 * 60 * 1000;

export function makeAwayService(deps: AwayDeps) {
  const handlers: Pick<Handlers<BackgroundProtocol>, 'listAway' | 'setAway'> = {
    async listAway() {
      return (await deps.records()) ?? [];
    },
    async setAway({ until }) {
      const [policy, me] = await Promise.all([deps.currentPolicy(), deps.currentMe()]);
      if (!policy?.ledger || !me) throw new Error(t('ledgerNeedsPolicy'));
      const decision = decide({ kind: 'away', until: typeof until === 'number' ? until : null }, null, policy, me, Date.now());
      if ('refusal' in decision) throw new Error(decision.refusal);
      await deps.record(decision.records[0]);
      return (await deps.records()) ?? [];
    },
  };

  /** My absence just ended by its time: said once, with who was asked in my place. */
  async function checkBack(): Promise<void> {
    const [policy, me, records] = await Promise.all([deps.currentPolicy(), deps.currentMe(), deps.records()]);
    if (!policy || !me || !records) return;
    const now = Date.now();
    const latest = latestAway(records, me.email, now);
    if (!latest || latest.until <= latest.at || latest.until > now || now - latest.until > BACK_NEWS_MS) return;
    if ((await readState(BACK_NOTIFIED)) === latest._id) return;
    await writeState(BACK_NOTIFIED, latest._id);
    const standIn = policy.staff.find((s) => s.email === policy.staff.find((m) => m.email === me.email)?.standIn);
    await browser.notifications.create(`${NOTIFY_PREFIX}${latest._id}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: t('awayBackTitle'),
      message: standIn ? t('awayBackStandIn', standIn.name) : t('awayBackNext'),
    });
  }

  function start(): void {
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === BACK_ALARM) void checkBack().catch(() => undefined);
    });
    browser.notifications.onClicked.addListener((id) => {
      if (!id.startsWith(NOTIFY_PREFIX)) return;
      void browser.notifications.clear(id);
      void browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html?view=approvals') });
    });
    void browser.alarms.create(BACK_ALARM, { periodInMinutes: 1 });
  }

  return { handlers, start, checkBack };
}
