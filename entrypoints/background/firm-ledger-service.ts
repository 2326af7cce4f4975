import { browser, type Browser } from 'wxt/browser';
import type { Handlers } from '@/utils/browser/messaging';
import { localKey, readState, writeState } from '@/utils/browser/state';
import type { RecordsDb } from '@/utils/browser/firm-replica';
import type { BackgroundProtocol } from '@/utils/messages';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import type { Ledger } from '@/utils/ledger/repository';
import type { Incident } from '@/utils/ledger/types';
import type { Command } from '@/utils/ledger/decide';
import type { Decided, RecordsOf } from '@/utils/ledger/commands';
import { LEDGER_PORT } from '@/utils/firm-ledger/keys';
import type { ApproverAway, LedgerRecord } from '@/utils/firm-ledger/records';
import { asWritten, ownRecords, sendable, type WrittenRecord } from '@/utils/firm-ledger/replica';
import { awayRange } from '@/utils/firm-ledger/ids';
import { awayRecords } from '@/utils/firm-ledger/away';
import type { WaitingApproval } from '@/utils/firm-ledger/approvals';
import { firmGrants, replicaFreshness } from '@/utils/firm-ledger/firm-authority';
import { ledgerWriteRefusal, recordRefusal, serverRefusal, type LedgerRules } from '@/utils/firm-ledger/rules';
import type { FirmConfig, LedgerStatus } from '@/utils/firm-ledger/connection';
import { t } from '@/utils/i18n';
import type { Arrivals } from '@/utils/browser/firm-arrivals';

// What this browser records in the firm's ledger, and the pages' messages about it: each command's
// records appended to the replica at once, whatever the network (replication carries them up when it
// can), the incident as the firm's records fold it, the first upgrade of what was recorded before the
// ledger, and the approvals waiting here. Signing in is the session's job, replication the
// replication's, the fold the projection's (firm-session.ts, firm-replication.ts, firm-projection.ts).

/** Who last sent what they recorded before the ledger, `<email> <url>`: that happens once. */
const UPGRADED = localKey<string>('firmLedgerUpgraded');
const WAKE_ALARM = 'firm-ledger-wake';

export interface FirmLedgerDeps {
  ledger: () => Promise<Ledger>;
  session: {
    current(): Promise<FirmConfig | null>;
    need(): Promise<FirmConfig>;
    status(): Promise<LedgerStatus>;
    signIn(cfg: FirmConfig, password: string): Promise<void>;
    signOut(): Promise<void>;
    isSessionOf(email: string): Promise<boolean>;
  };
  replication: {
    replica(cfg: FirmConfig): Promise<{ db: RecordsDb; arrivals: Arrivals }>;
    ensureRunning(): Promise<void>;
    stop(): void;
    serverRules(url: string): Promise<LedgerRules | null>;
    /** Records just written, sent at once while live replication waits (a first sync). */
    sendAhead(cfg: FirmConfig, docs: readonly WrittenRecord[]): Promise<void>;
  };
  projection: {
    serial<T>(work: () => Promise<T>): Promise<T>;
    noteRefused(url: string, entries: readonly [string, string][]): Promise<void>;
    settle(url: string, replica: RecordsDb, incidentId: string): Promise<Incident | null>;
    keep(incident: Incident): Promise<Incident>;
  };
  incidentRecords: (replica: RecordsDb, incidentId: string) => Promise<LedgerRecord[]>;
  /** What waits for whom, and its notifications (firm-approvals.ts). */
  approvals: {
    waiting(reader: { me: Me; policy: Policy }): Promise<WaitingApproval[]>;
    notifyWaiting(reader: { me: Me; policy: Policy }): Promise<void>;
    start(): void;
  };
}

type ServiceMessages =
  | 'getLedgerStatus'
  | 'ledgerSignIn'
  | 'ledgerSignOut'
  | 'listApprovals'
  | 'approveRequest'
  | 'declineRequest'
  | 'getFirmGrants';

export function makeFirmLedgerService(deps: FirmLedgerDeps) {
  const { session, replication, projection } = deps;

  /** Appends, at once and whatever the network, the records of what was just done here. */
  async function append(cfg: FirmConfig, records: LedgerRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Decided by the stricter: what the server's own rules would refuse is refused here at once.
    const rules = await replication.serverRules(cfg.url);
    if (rules) {
      const now = Date.now();
      const me = { name: cfg.me.email, roles: [] };
      await projection.noteRefused(
        cfg.url,
        records.flatMap((r): [string, string][] => {
          const refusal = serverRefusal({ ...r }, null, me, rules, now, recordRefusal, ledgerWriteRefusal);
          return refusal ? [[r._id, refusal]] : [];
        }),
      );
    }
    const { db, arrivals } = await replication.replica(cfg);
    const results = await db.bulkDocs(records);
    arrivals.arrived(records.map((r) => r._id));
    // 409: the record is already there (written again after a restart): nothing to do.
    const failed = results.find((r) => r.error && r.status !== 409);
    if (failed) throw new Error(t('ledgerRecordFailed', failed.message ?? failed.reason ?? String(failed.error)));
    // Sent at once while live replication waits (a first sync): colleagues count them now.
    const written = records.flatMap((record, i) => {
      const result = results[i];
      return result?.ok && result.rev ? [asWritten(record, result.rev)] : [];
    });
    void replication.sendAhead(cfg, written).catch(() => undefined);
  }

  /** The first time with a ledger: what this person recorded before goes to the firm too. */
  async function upgradeOnce(cfg: FirmConfig): Promise<void> {
    const marker = `${cfg.me.email} ${cfg.url}`;
    if ((await readState(UPGRADED)) === marker) return;
    const ledger = await deps.ledger();
    let after: { createdAt: number; id: string } | null = null;
    for (;;) {
      const batch = await ledger.incidentsAfter(after, 500);
      if (batch.length === 0) break;
      await append(cfg, sendable(batch.flatMap((i) => ownRecords(i, cfg.me.email)), cfg.policy, Date.now()));
      const last = batch.at(-1)!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    await writeState(UPGRADED, marker);
  }

  /**
   * A ledger command, one at a time with arriving records. Without a firm ledger, `run` decides it
   * and stores the incident here. With one, `run` only decides it; exactly the records it decided
   * are appended to the replica, and only then does the incident here change, as the projection
   * folds the incident's records (an incident kept before the ledger, which the replica cannot
   * fold, is kept as the command left it). So nothing is here that the firm's records do not hold,
   * even if the worker stops between the two writes. A yes recorded on the requester's word has no
   * place in a firm ledger: the approver answers as themselves.
   */
  function record(command: Command, run: (records: RecordsOf | undefined, keep: boolean) => Promise<Decided>): Promise<Incident> {
    return projection.serial(async () => {
      const cfg = await session.current();
      if (!cfg) return (await run(undefined, true)).incident;
      if (command.kind === 'approve' && !command.own) throw new Error(t('ledgerApproveInPanel'));
      const { db } = await replication.replica(cfg);
      const decided = await run((incidentId) => deps.incidentRecords(db, incidentId), false);
      await append(cfg, decided.records);
      return (await projection.settle(cfg.url, db, decided.incident.id)) ?? (await projection.keep(decided.incident));
    });
  }

  const handlers: Pick<Handlers<BackgroundProtocol>, ServiceMessages> = {
    async getLedgerStatus() {
      return session.status();
    },

    async ledgerSignIn({ password }) {
      const cfg = await session.need();
      await session.signIn(cfg, typeof password === 'string' ? password : '');
      replication.stop();
      await replication.ensureRunning();
      return session.status();
    },

    async ledgerSignOut() {
      replication.stop();
      await session.signOut();
      return session.status();
    },

    async listApprovals() {
      const cfg = await session.current();
      return cfg ? deps.approvals.waiting(cfg) : [];
    },

    async approveRequest({ incidentId, requestId }) {
      const cfg = await session.need();
      const command: Command = { kind: 'approve', incidentId, requestId, approverEmail: cfg.me.email, own: true };
      return record(command, async (records) => (await deps.ledger()).run(command, cfg.me, cfg.policy, Date.now(), records));
    },

    async declineRequest({ incidentId, requestId, reason }) {
      const cfg = await session.need();
      const command: Command = { kind: 'decline', incidentId, requestId, reason: typeof reason === 'string' ? reason : '' };
      return record(command, async (records) => (await deps.ledger()).run(command, cfg.me, cfg.policy, Date.now(), records));
    },

    async getFirmGrants({ clientKey }) {
      const cfg = await session.current();
      const now = Date.now();
      if (!cfg) return { grants: [], freshness: { stale: false, asOf: null } };
      const ledger = await deps.ledger();
      const incidents: Incident[] = [];
      for (let before: number | undefined; ; ) {
        const page = await ledger.listIncidents({ clientKey, limit: 100, ...(before !== undefined ? { before } : {}) });
        incidents.push(...page.incidents);
        if (page.next === null) break;
        before = page.next;
      }
      const current = await session.status();
      const connected = current.state === 'connected';
      return {
        grants: firmGrants(incidents, clientKey, cfg.policy, now),
        freshness: replicaFreshness(connected ? now : current.lastSyncedAt, connected, now),
      };
    },
  };

  function start(): void {
    // Registered synchronously: the event that woke the worker is seen.
    browser.runtime.onConnect.addListener((port: Browser.runtime.Port) => {
      if (port.name !== LEDGER_PORT) return;
      void replication.ensureRunning().catch(() => undefined);
      // Each ping from the page is an event: the worker stays awake while the page is open.
      port.onMessage.addListener(() => void replication.ensureRunning().catch(() => undefined));
    });
    // A request that arrived while the worker slept is seen within a minute.
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name !== WAKE_ALARM) return;
      void (async () => {
        await replication.ensureRunning();
        const cfg = await session.current();
        if (cfg) await deps.approvals.notifyWaiting(cfg);
      })().catch(() => undefined);
    });
    deps.approvals.start();
    void browser.alarms.create(WAKE_ALARM, { periodInMinutes: 1 });
    void replication.ensureRunning().catch(() => undefined);
  }

  /** For the away service: who is away, and my own away record sent like any other. */
  const away = {
    async records(): Promise<ApproverAway[] | null> {
      const cfg = await session.current();
      if (!cfg) return null;
      const all = await (await replication.replica(cfg)).db.allDocs({ ...awayRange, include_docs: true, conflicts: true });
      return awayRecords(all.rows.map((row) => row.doc), Date.now());
    },
    async record(record: ApproverAway): Promise<void> {
      await append(await session.need(), [record as unknown as LedgerRecord]);
    },
  };

  /** Your email changed: a ledger session in the previous person's name ends here. */
  async function personChanged(before: string): Promise<void> {
    if (await session.isSessionOf(before)) await handlers.ledgerSignOut(undefined, {});
  }

  return { handlers, record, start, upgradeOnce, personChanged, away };
}
