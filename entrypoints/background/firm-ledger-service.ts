import { browser, type Browser } from 'wxt/browser';
import { announce, type Handlers } from '@/utils/browser/messaging';
import { openReplica, remoteLedger, type RecordsDb } from '@/utils/browser/firm-replica';
import type { BackgroundProtocol } from '@/utils/messages';
import type { ConfigStore } from '@/utils/config-store';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import type { Ledger } from '@/utils/ledger/repository';
import type { Incident } from '@/utils/ledger/types';
import { errorText } from '@/utils/error-text';
import { explainUnreachable, isNetworkFailure } from '@/utils/unreachable';
import { foldIncident } from '@/utils/firm-ledger/fold';
import { LEDGER_PORT, LEDGER_REVISION_KEY, LEDGER_STATUS_KEY } from '@/utils/firm-ledger/keys';
import { byIncident, readWholeLater, startCatchUp, wholeInBatch, type CatchUp } from '@/utils/firm-ledger/catch-up';
import { identityNow } from '@/utils/ledger/identity';
import type { ApproverAway, LedgerRecord } from '@/utils/firm-ledger/records';
import { asLedgerRecord, ledgerRecords, ownRecords, sendable } from '@/utils/firm-ledger/replica';
import type { Command } from '@/utils/ledger/decide';
import type { Decided, RecordsOf } from '@/utils/ledger/commands';
import { awayRange, incidentRange } from '@/utils/firm-ledger/ids';
import { awayRecords } from '@/utils/firm-ledger/away';
import { NEWS_WINDOW_MS, type WaitingApproval } from '@/utils/firm-ledger/approvals';
import { firmGrants, replicaFreshness } from '@/utils/firm-ledger/firm-authority';
import { ledgerWriteRefusal, recordRefusal, serverRefusal, type LedgerRules } from '@/utils/firm-ledger/rules';
import { DESIGN_DOC_ID } from '@/utils/firm-ledger/design-doc';
import {
  NO_LEDGER,
  isSessionLapse,
  ledgerOriginPattern,
  nextBackOff,
  sessionUrl,
  signInRefusal,
  signedOutAt,
  type LedgerStatus,
} from '@/utils/firm-ledger/connection';
import { t } from '@/utils/i18n';
import { makeFirstSync } from '@/utils/browser/firm-first-sync';

// This browser and the firm's ledger: sign-in with CouchDB's session cookie, live replication both
// ways between the firm's CouchDB and this browser's replica of its records, and the fold of those
// records into the incidents the panel reads. Every local command appends its records to the replica
// at once (the replica is the firm's source of truth; the incidents here are their fold), whether or
// not the server can be reached; replication carries them up when it can.
//
// An MV3 service worker stops when idle, which ends the live feeds: replication restarts on every
// wake, an open panel or options page keeps the worker awake through a port, and an alarm wakes it
// every minute so a request that arrived meanwhile is seen within a minute.

/**
 * Config store (out of content scripts' reach, unlike Firefox's storage.local): who is signed in to
 * which ledger, `<email> <url>`. It replicates as them, and marks what they record as theirs.
 */
const SIGNED_IN_KEY = 'firmLedgerSignedIn';
const SEQ_KEY = 'firmLedgerSeq';
/**
 * Config store: incidents whose records arrived without their opening record (records reach the
 * server in the order each browser sends them, not the order they were made): `{ url, ids }`.
 * Such an incident is read whole from the replica when more of its records come.
 */
const UNOPENED_KEY = 'firmLedgerUnopened';
const UPGRADED_KEY = 'firmLedgerUpgraded';
/**
 * Config store: the records the firm's server refused (or whose refusal this browser knew before
 * sending, from the server's own rules), `{ url, reasons: { recordId: reason } }`: the fold shows
 * such a grant refused, never given.
 */
const REFUSED_KEY = 'firmLedgerRefused';
/** Config store: the rules the firm's server enforces, as its design document holds them: `{ url, rules }`. */
const SERVER_RULES_KEY = 'firmLedgerServerRules';
/**
 * storage.session (memory only, gone when the browser closes): the password, kept only so that a
 * session the server ended (CouchDB's cookie lasts 10 minutes without use) is renewed without asking.
 */
const PASSWORD_KEY = 'firmLedgerPassword';
const WAKE_ALARM = 'firm-ledger-wake';
/** Up to this many records in one burst of arrivals are read with their incidents; more, the replica in one pass. */
const ARRIVALS_READ_MAX = 400;
const FOLD_PAGE = 2_000;
const PULL_BATCH = 5_000;

export interface FirmLedgerDeps {
  ledger: () => Promise<Ledger>;
  currentPolicy: () => Promise<Policy | null>;
  currentMe: () => Promise<Me | null>;
  /** Incidents here changed (badges, reminders). */
  onChange: () => Promise<void>;
  /** The clients on screen (a first sync folds theirs before the rest). */
  clientsOnScreen?: () => Promise<string[]>;
  config: ConfigStore;
  /** What waits for whom, and the notifications (firm-approvals.ts). */
  approvals: {
    waiting(reader: { me: Me; policy: Policy }): Promise<WaitingApproval[]>;
    notify(id: string, title: string, message: string): Promise<void>;
    notifyWaiting(reader: { me: Me; policy: Policy }): Promise<void>;
    notifyArrivals(reader: { me: Me; policy: Policy }, records: readonly LedgerRecord[], folded: readonly Incident[]): Promise<void>;
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

interface Running {
  url: string;
  user: string;
  replica: RecordsDb;
  /**
   * Replication from the server is at work (a first replication, back from offline, a wake, new
   * records): its batches are folded as they come, and what they could not fold alone, with this
   * browser's own arrivals, once it has caught up or stopped.
   */
  catchUp(): void;
  caughtUp(): void;
  /** This browser's commands wrote these records to the replica: fold them. */
  arrived(recordIds: Iterable<string>): void;
  /** Replication wrote these records to the replica: fold them, batch by batch while catching up. */
  replicated(docs: readonly { _id: string }[]): void;
  /**
   * Replication failed after writing a batch, or was cancelled (`later`: it may still write the
   * batch it was fetching), and never announced what it wrote: looked for now, and if `later`,
   * again once the next replication has caught up.
   */
  unannounced(later: boolean): void;
  stop(): void;
}

interface Config {
  url: string;
  me: Me;
  policy: Policy;
}

/** One incident's records in the replica; a record it holds in two versions comes marked (`conflicted`). */
async function incidentRecordsIn(replica: RecordsDb, incidentId: string): Promise<LedgerRecord[]> {
  const all = await replica.allDocs({ ...incidentRange(incidentId), include_docs: true, conflicts: true });
  return ledgerRecords(all.rows.map((row) => row.doc));
}

export function makeFirmLedgerService(deps: FirmLedgerDeps) {
  let running: Running | null = null;
  let replicating = false;
  let replicationGeneration = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let unopened: { url: string; ids: Set<string> } | null = null;

  const approvals = deps.approvals;

  /** Commands and the fold of arriving records run one at a time, so neither overwrites the other. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  async function unopenedIn(url: string): Promise<Set<string>> {
    if (unopened?.url !== url) {
      const stored = await deps.config.get<{ url: string; ids: string[] }>(UNOPENED_KEY);
      unopened = { url, ids: new Set(stored?.url === url ? stored.ids : []) };
    }
    return unopened.ids;
  }

  /** Notes which incidents folded (`true`) and which still wait for their opening record. */
  async function noteUnopened(url: string, folds: Iterable<[string, boolean]>, replace = false): Promise<void> {
    const ids = await unopenedIn(url);
    let changed = false;
    if (replace && ids.size > 0) {
      ids.clear();
      changed = true;
    }
    for (const [id, opened] of folds) {
      if (opened) {
        changed = ids.delete(id) || changed;
      } else if (!ids.has(id)) {
        ids.add(id);
        changed = true;
      }
    }
    if (changed) await deps.config.set(UNOPENED_KEY, { url, ids: [...ids] });
  }

  let refused: { url: string; reasons: Map<string, string> } | null = null;
  /** What the firm's server refused, by record id. */
  async function refusedIn(url: string): Promise<Map<string, string>> {
    if (refused?.url !== url) {
      const stored = await deps.config.get<{ url: string; reasons: Record<string, string> }>(REFUSED_KEY);
      refused = { url, reasons: new Map(stored?.url === url ? Object.entries(stored.reasons) : []) };
    }
    return refused.reasons;
  }

  async function noteRefused(url: string, entries: readonly [string, string][]): Promise<void> {
    if (entries.length === 0) return;
    const reasons = await refusedIn(url);
    for (const [id, reason] of entries) reasons.set(id, reason);
    await deps.config.set(REFUSED_KEY, { url, reasons: Object.fromEntries(reasons) });
  }

  const firstSync = makeFirstSync({
    config: deps.config,
    ledger: deps.ledger,
    refused: refusedIn,
    noteUnopened,
    incidentRecords: incidentRecordsIn,
    clientsOnScreen: () => deps.clientsOnScreen?.() ?? Promise.resolve([]),
    onProgress: async (records) => {
      await setStatus((current) => (current.state === 'connecting' ? { firstSync: records } : {}));
    },
    afterLoad: async (changed, news, folded) => {
      const cfg = await config();
      if (!cfg || !running) return;
      // Every record the load stored is folded: a restart need not look at them again.
      await browser.storage.local.set({ [SEQ_KEY]: { url: cfg.url, seq: (await running.replica.info()).update_seq } });
      await afterFold(cfg, changed, news, folded);
    },
  });

  /** The rules the server enforces, read from its design document when replication starts. */
  async function loadServerRules(cfg: Config): Promise<void> {
    const response = await fetch(`${cfg.url}/${DESIGN_DOC_ID}`, { credentials: 'include', headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const doc = (await response.json()) as { policyVersion?: unknown; rules?: LedgerRules };
    if (!doc.rules || typeof doc.policyVersion !== 'string') return;
    await deps.config.set(SERVER_RULES_KEY, { url: cfg.url, rules: doc.rules });
    await setStatus({ serverPolicyVersion: doc.policyVersion });
  }

  async function config(): Promise<Config | null> {
    const [policy, me] = await Promise.all([deps.currentPolicy(), deps.currentMe()]);
    if (!policy?.ledger || !me) return null;
    return { url: policy.ledger.url, me, policy };
  }

  async function readStatus(): Promise<LedgerStatus> {
    const stored = (await browser.storage.local.get(LEDGER_STATUS_KEY))[LEDGER_STATUS_KEY] as LedgerStatus | undefined;
    return stored ?? NO_LEDGER;
  }

  let statusWrites: Promise<unknown> = Promise.resolve();
  /**
   * One status write at a time, each on the one before; `unless` is asked inside the queue, so an
   * event of a replication that ended meanwhile changes nothing.
   */
  function setStatus(
    change: Partial<LedgerStatus> | ((current: LedgerStatus) => Partial<LedgerStatus>),
    unless: () => boolean = () => false,
  ): Promise<LedgerStatus> {
    const write = statusWrites.then(async () => {
      const current = await readStatus();
      if (unless()) return current;
      const next = { ...current, ...(typeof change === 'function' ? change(current) : change) };
      await browser.storage.local.set({ [LEDGER_STATUS_KEY]: next });
      announce('ledgerStatus');
      return next;
    });
    statusWrites = write.catch(() => undefined);
    return write;
  }

  async function status(): Promise<LedgerStatus> {
    const cfg = await config();
    if (!cfg) return { ...NO_LEDGER };
    const current = await readStatus();
    if (current.url !== cfg.url || current.user !== cfg.me.email) {
      return setStatus(signedOutAt(cfg.url, cfg.me.email, (await deps.config.get<string>(SIGNED_IN_KEY)) ?? null));
    }
    return current;
  }

  async function siteAccess(url: string): Promise<boolean | null> {
    try {
      return await browser.permissions.contains({ origins: [ledgerOriginPattern(url)] });
    } catch {
      return null;
    }
  }

  /** Words for a failure to reach the ledger, or the error's own. */
  async function problemText(error: unknown, url: string): Promise<string> {
    if (isNetworkFailure(error)) return explainUnreachable({ what: 'firm ledger', url, siteAccess: await siteAccess(url) });
    return errorText(error);
  }

  async function signIn(cfg: Config, password: string): Promise<string | null> {
    const response = await fetch(sessionUrl(cfg.url), {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ name: cfg.me.email, password }),
    });
    return signInRefusal(response.status, cfg.me.email, cfg.url);
  }

  /** A replica being opened, for a caller that asks meanwhile. */
  let opening: { key: string; running: Promise<Running> } | null = null;
  /** The replica for the ledger in the policy, opened once per worker lifetime. */
  function replicaFor(cfg: Config): Promise<Running> {
    const key = `${cfg.me.email} ${cfg.url}`;
    if (running && running.url === cfg.url && running.user === cfg.me.email) return Promise.resolve(running);
    // Two callers at once (a wake and a page connecting) share one replica, and one replication.
    if (opening?.key === key) return opening.running;
    const next = openRunning(cfg);
    opening = { key, running: next };
    void next.finally(() => {
      if (opening?.running === next) opening = null;
    }).catch(() => undefined);
    return next;
  }

  async function openRunning(cfg: Config): Promise<Running> {
    running?.stop();
    running = null;
    replicating = false;
    const replica = openReplica(cfg.url);
    // What arrived since the last fold: the ids of the records (up to ARRIVALS_READ_MAX; beyond, a
    // pass over the whole replica folds every incident). Replication and this browser's own
    // commands say what they wrote, with the records in hand, so nothing reads the replica's
    // changes back while a first replication writes thousands a second.
    let ids: Set<string> | null = new Set();
    /** Incidents to read whole from the replica at the next fold (left over by a catch-up). */
    let incidentIds = new Set<string>();
    let pending = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let catchingUp = false;
    /** While replication catches up, its batches are folded as they come (utils/firm-ledger/catch-up.ts). */
    let catchUp: CatchUp | null = null;
    /**
     * The replica's sequence when the current catch-up began. Until it has caught up, a fold
     * stores no later sequence: the catch-up's own batches may still wait to be folded.
     */
    let catchUpFrom: Promise<number | string> | null = null;
    const wholePass = () => {
      ids = null;
      pending = true;
    };
    const fold = () => {
      timer = null;
      if (!pending) return;
      pending = false;
      void serial(async () => {
        // The replica's sequence first, then what was announced: a write is announced as soon as
        // it is stored, so every write up to this sequence is in this fold, and a restart after it
        // need not look at them again.
        const seq = catchingUp && catchUpFrom ? await catchUpFrom : (await replica.info()).update_seq;
        const [arrivedIds, wholeIds] = [ids, incidentIds];
        ids = new Set();
        incidentIds = new Set();
        await applyArrived(arrivedIds, wholeIds, seq);
      }).catch((error: unknown) => setStatus({ lastError: { at: Date.now(), message: t('ledgerApplyFailed', errorText(error)) } }));
    };
    const arrived = (recordIds: Iterable<string>) => {
      for (const id of recordIds) {
        if (id.startsWith('_')) continue;
        pending = true;
        if (ids) ids.add(id);
        if (ids && ids.size > ARRIVALS_READ_MAX) ids = null;
      }
      // Arrivals come in bursts: one fold per burst, or one when replication has caught up.
      if (pending && !catchingUp) timer ??= setTimeout(fold, 50);
    };
    const replicated = (docs: readonly { _id: string }[]) => {
      const state = catchUp;
      if (!state) {
        arrived(docs.map((doc) => doc._id));
        return;
      }
      void serial(async () => {
        try {
          await foldCatchUpBatch(state, docs);
        } catch (error) {
          // Not folded now: the whole replica is, once caught up.
          state.toRead = null;
          await setStatus({ lastError: { at: Date.now(), message: t('ledgerApplyFailed', errorText(error)) } });
        }
      });
    };
    /**
     * Records in the replica since the last fold that nobody announced: written before the worker
     * last stopped, or by a replication cancelled or failed after writing a batch it never reported.
     */
    const sweepNow = async (from: Promise<number | string>) => {
      try {
        const missed = await replica.changes({ since: await from, return_docs: true });
        arrived(missed.results.map((change) => change.id));
      } catch {
        wholePass();
      }
    };
    // A first sync stopped midway resumes and folds what it stores; nothing else reads the replica meanwhile.
    void serial(async () => {
      if (!(await firstSync.pending(cfg.url, replica))) await sweepNow(lastSeq(cfg.url));
    });
    /** Catch-ups begun so far; a sweep waits for the end of a catch-up begun after its cause. */
    let catchUps = 0;
    /** A cancelled or failed replication: from where to look again once the next has caught up. */
    let sweepLater: { from: Promise<number | string>; after: number } | null = null;
    const next: Running = {
      url: cfg.url,
      user: cfg.me.email,
      replica,
      catchUp: () => {
        if (catchingUp) return;
        catchingUp = true;
        catchUps += 1;
        catchUp = startCatchUp();
        catchUpFrom = replica.info().then((info) => info.update_seq);
        catchUpFrom.catch(() => undefined);
      },
      caughtUp: () => {
        if (!catchingUp) return;
        catchingUp = false;
        const state = catchUp;
        catchUp = null;
        const ended = catchUps;
        // What the batches could not fold alone, read whole now: merged in turn, after the
        // batches still waiting to be folded have said what they left.
        void serial(async () => {
          if (sweepLater && ended > sweepLater.after) {
            const { from } = sweepLater;
            sweepLater = null;
            await sweepNow(from);
          }
          if (state && state.seen.size > 0) {
            pending = true;
            if (state.toRead === null) ids = null;
            else for (const id of state.toRead) incidentIds.add(id);
          }
          if (!catchingUp) timer ??= setTimeout(fold, 0);
        });
      },
      arrived,
      replicated,
      unannounced: (later: boolean) => {
        // The lower of the last fold's sequence and the replica's now: a cancelled replication
        // may still write the batch it was fetching, after this, with later sequences.
        const from = Promise.all([lastSeq(cfg.url), replica.info()]).then(([stored, info]) =>
          typeof stored === 'number' && typeof info.update_seq === 'number' ? Math.min(stored, info.update_seq) : stored,
        );
        from.catch(() => undefined);
        if (later) sweepLater ??= { from, after: catchUps };
        void serial(() => sweepNow(from));
      },
      stop: () => {
        if (timer) clearTimeout(timer);
        void replica.close().catch(() => undefined);
      },
    };
    running = next;
    return next;
  }

  async function lastSeq(url: string): Promise<number | string> {
    const stored = (await browser.storage.local.get(SEQ_KEY))[SEQ_KEY] as { url: string; seq: number | string } | undefined;
    return stored?.url === url ? stored.seq : 0;
  }

  /**
   * Folds the incidents of the records that arrived (`ids`; null: too many to read one by one), and
   * those to read whole (`whole`), into this browser's ledger, then notifies what among them is for me.
   */
  async function applyArrived(ids: Set<string> | null, whole: Set<string>, seq: number | string): Promise<void> {
    const cfg = await config();
    if (!cfg || !running) return;
    const ledger = await deps.ledger();
    const folded: Incident[] = [];
    const news: LedgerRecord[] = [];
    let changed = 0;
    if (ids) {
      const arrived = ids.size === 0 ? [] : (await running.replica.allDocs({ keys: [...ids], include_docs: true })).rows;
      const incidents = new Set(whole);
      for (const row of arrived) {
        const record = asLedgerRecord(row.doc);
        if (record) incidents.add(record.incidentId);
      }
      const opened: [string, boolean][] = [];
      for (const id of incidents) {
        const records = await incidentRecordsIn(running.replica, id);
        news.push(...records.filter((r) => ids.has(r._id) || whole.has(r.incidentId)));
        const incident = foldIncident(records, Date.now(), await refusedIn(cfg.url));
        if (incident) folded.push(incident);
        if (records.length > 0) opened.push([id, incident !== null]);
      }
      await noteUnopened(cfg.url, opened);
      changed = folded.length > 0 ? await ledger.applyFirmIncidents(folded) : 0;
    } else {
      // A first replication or a long time offline: one pass over the replica in id order, where
      // each incident's records sit together, instead of one read per incident.
      changed = await foldWholeReplica(cfg.url, running.replica, ledger, news, folded, await refusedIn(cfg.url));
    }
    await browser.storage.local.set({ [SEQ_KEY]: { url: cfg.url, seq } });
    await afterFold(cfg, changed, news, folded);
  }

  /** After a fold: open pages reload when incidents changed, and what is for me is notified. */
  async function afterFold(cfg: Config, changed: number, news: LedgerRecord[], folded: Incident[]): Promise<void> {
    if (changed > 0) {
      await browser.storage.local.set({ [LEDGER_REVISION_KEY]: Date.now() });
      announce('ledgerChanged');
      await deps.onChange().catch(() => undefined);
    }
    await approvals.notifyArrivals(cfg, news, folded).catch(() => undefined);
  }

  /** One batch of a catch-up: the incidents it holds whole, folded now; the rest left for later. */
  async function foldCatchUpBatch(state: CatchUp, docs: readonly unknown[]): Promise<void> {
    const cfg = await config();
    if (!cfg) {
      state.toRead = null;
      return;
    }
    const ledger = await deps.ledger();
    const groups = byIncident(ledgerRecords(docs));
    const held = await ledger.heldIncidentIds([...groups.keys()]);
    // Earlier records of an incident still waiting for its opening record are in the replica.
    const waiting = await unopenedIn(cfg.url);
    for (const id of groups.keys()) if (waiting.has(id)) held.add(id);
    const folded: Incident[] = [];
    const news: LedgerRecord[] = [];
    const unopenedNow: [string, boolean][] = [];
    const now = Date.now();
    const reasons = await refusedIn(cfg.url);
    for (const records of wholeInBatch(state, groups, held)) {
      const incident = foldIncident(records, now, reasons);
      if (!incident) {
        readWholeLater(state, records[0]!.incidentId);
        unopenedNow.push([records[0]!.incidentId, false]);
        continue;
      }
      folded.push(incident);
      news.push(...records.filter((r) => now - r.at < NEWS_WINDOW_MS));
    }
    await noteUnopened(cfg.url, unopenedNow);
    await afterFold(cfg, folded.length > 0 ? await ledger.applyFirmIncidents(folded) : 0, news, folded);
  }

  /**
   * Folds every incident of the replica, in pages. Records recent enough to be news go to `news`,
   * and their incidents to `kept`, for the notifications.
   */
  async function foldWholeReplica(
    url: string,
    replica: RecordsDb,
    ledger: Ledger,
    news: LedgerRecord[],
    kept: Incident[],
    reasons: ReadonlyMap<string, string>,
  ): Promise<number> {
    const now = Date.now();
    const wanted = new Set<string>();
    const waiting: [string, boolean][] = [];
    let changed = 0;
    let group: LedgerRecord[] = [];
    let pending: Incident[] = [];
    const flush = async (force: boolean) => {
      if (pending.length >= FOLD_PAGE || (force && pending.length > 0)) {
        changed += await ledger.applyFirmIncidents(pending);
        pending = [];
      }
    };
    const close = () => {
      const incident = group.length > 0 ? foldIncident(group, now, reasons) : null;
      if (!incident && group.length > 0) waiting.push([group[0]!.incidentId, false]);
      group = [];
      if (!incident) return;
      pending.push(incident);
      if (wanted.has(incident.id)) kept.push(incident);
    };
    let startkey: string | undefined;
    for (;;) {
      const page = await replica.allDocs({ include_docs: true, conflicts: true, limit: FOLD_PAGE, ...(startkey !== undefined ? { startkey, skip: 1 } : {}) });
      if (page.rows.length === 0) break;
      for (const row of page.rows) {
        const record = asLedgerRecord(row.doc);
        if (!record) continue;
        if (group.length > 0 && group[0]!.incidentId !== record.incidentId) close();
        group.push(record);
        if (now - record.at < NEWS_WINDOW_MS) {
          news.push(record);
          wanted.add(record.incidentId);
        }
      }
      startkey = page.rows.at(-1)!.id;
      await flush(false);
    }
    close();
    await flush(true);
    await noteUnopened(url, waiting, true);
    return changed;
  }

  /** Who is away, by the away records the replica holds (every approver's own). */
  async function awayIn(cfg: Config): Promise<ApproverAway[]> {
    const all = await (await replicaFor(cfg)).replica.allDocs({ ...awayRange, include_docs: true, conflicts: true });
    return awayRecords(all.rows.map((row) => row.doc), Date.now());
  }

  /** Appends, at once and whatever the network, the records of what was just done here. */
  async function recordLocal(cfg: Config, records: LedgerRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Decided by the stricter: what the server's own rules would refuse is refused here at once.
    const server = await deps.config.get<{ url: string; rules: LedgerRules }>(SERVER_RULES_KEY);
    if (server?.url === cfg.url) {
      const now = Date.now();
      const me = { name: cfg.me.email, roles: [] };
      await noteRefused(
        cfg.url,
        records.flatMap((r): [string, string][] => {
          const refusal = serverRefusal({ ...r }, null, me, server.rules, now, recordRefusal, ledgerWriteRefusal);
          return refusal ? [[r._id, refusal]] : [];
        }),
      );
    }
    const run = await replicaFor(cfg);
    const replica = run.replica;
    const results = await replica.bulkDocs(records);
    run.arrived(records.map((r) => r._id));
    // 409: the record is already there (written again after a restart): nothing to do.
    const failed = results.find((r) => r.error && r.status !== 409);
    if (failed) throw new Error(t('ledgerRecordFailed', failed.message ?? failed.reason ?? String(failed.error)));
  }

  /** Starts live replication when signed in; restarted on every wake. */
  async function ensureRunning(): Promise<void> {
    const cfg = await config();
    if (!cfg) {
      running?.stop();
      running = null;
      replicating = false;
      return;
    }
    const run = await replicaFor(cfg);
    await upgradeOnce(cfg, run);
    const signedIn = await deps.config.get<string>(SIGNED_IN_KEY);
    if (signedIn !== `${cfg.me.email} ${cfg.url}` || replicating) return;
    replicating = true;
    await setStatus({ state: 'connecting', url: cfg.url, user: cfg.me.email, signInReason: null });
    if (await firstSync.pending(cfg.url, run.replica)) firstLoad(cfg, run);
    else startReplication(cfg, run, await firstSync.since(cfg.url));
  }

  /**
   * A new browser: the firm's records loaded in pages (utils/browser/firm-first-sync.ts), then live replication
   * from the server's sequence before the load. Stopped with the replica (sign-out, a new sign-in);
   * a failure leaves the progress for the next try, on the next wake or page ping.
   */
  function firstLoad(cfg: Config, run: Running): void {
    const generation = ++replicationGeneration;
    let stopped = false;
    const previousStop = run.stop;
    run.stop = () => {
      stopped = true;
      previousStop();
    };
    const stale = () => stopped || generation !== replicationGeneration || running !== run;
    void (async () => {
      try {
        const done = await firstSync.load(cfg.url, run.replica, stale);
        if (stale()) return;
        if (!done) {
          replicating = false;
          return;
        }
        run.stop = previousStop;
        await setStatus({ firstSync: null });
        startReplication(cfg, run, await firstSync.since(cfg.url));
      } catch (error) {
        if (stale()) return;
        run.stop = previousStop;
        replicating = false;
        if (isSessionLapse(error)) {
          await renewOrAsk(cfg);
          return;
        }
        const message = await problemText(error, cfg.url);
        await setStatus((current) => ({
          state: 'offline',
          since: current.state === 'offline' && current.since !== null ? current.since : Date.now(),
          lastError: { at: Date.now(), message },
        }));
        // Tried again soon, from where it stopped (the alarm and open pages also try).
        setTimeout(() => void ensureRunning().catch(() => undefined), 5_000);
      }
    })();
  }

  function startReplication(cfg: Config, run: Running, since?: number | string): void {
    const remote = remoteLedger(cfg.url);
    const options = { live: true, retry: true, back_off_function: nextBackOff };
    const me = cfg.me.email;
    // Only my records go up: the server refuses anyone else's, and asking it about each record that
    // came down from it would double a first replication's requests.
    // Checkpoints stay in this browser: on the server they would be `_local` documents every member
    // may rewrite (CouchDB validates none), and a colleague could make records skip this replica.
    const push = run.replica.replicate.to(remote, {
      ...options,
      checkpoint: 'source',
      batch_size: 500,
      filter: (doc: { author?: unknown }) => doc.author === me,
    });
    // Larger batches down: fewer round trips and checkpoints for a first replication.
    // After a first sync, from the server's sequence before it, until replication's own checkpoint holds it.
    const pull = run.replica.replicate.from(remote, {
      ...options,
      checkpoint: 'target',
      batch_size: PULL_BATCH,
      batches_limit: 4,
      ...(since !== undefined ? { since } : {}),
    });
    if (since !== undefined) {
      // Any of these comes after replication wrote `since` as its checkpoint.
      let told = false;
      const handedOver = () => {
        if (told) return;
        told = true;
        void firstSync.handedOver(cfg.url).catch(() => undefined);
      };
      pull.on('paused', (error?: unknown) => (error ? undefined : handedOver()));
      pull.on('checkpoint', handedOver);
    }
    run.catchUp();
    let lapsed = false;
    const stopBoth = () => {
      push.cancel();
      pull.cancel();
      run.unannounced(true);
      run.caughtUp();
    };
    const previousStop = run.stop;
    run.stop = () => {
      stopBoth();
      previousStop();
    };
    const generation = ++replicationGeneration;
    // Events of a replication that was stopped (a lapsed session, a new sign-in) change nothing.
    const stale = () => lapsed || generation !== replicationGeneration;
    const onTrouble = (error: unknown) => {
      if (stale()) return;
      if (isSessionLapse(error)) {
        lapsed = true;
        stopBoth();
        replicating = false;
        void renewOrAsk(cfg);
        return;
      }
      void (async () => {
        const message = await problemText(error, cfg.url);
        await setStatus(
          (current) => ({
            state: 'offline',
            since: current.state === 'offline' && current.since !== null ? current.since : Date.now(),
            lastError: { at: Date.now(), message },
          }),
          stale,
        );
      })();
    };
    const onCaughtUp = () => {
      if (stale()) return;
      void setStatus(
        (current) => ({
          state: 'connected',
          since: current.state === 'connected' && current.since !== null ? current.since : Date.now(),
          lastSyncedAt: Date.now(),
        }),
        stale,
      );
    };
    for (const feed of [push, pull]) {
      feed.on('paused', (error?: unknown) => (error ? onTrouble(error) : onCaughtUp()));
      feed.on('active', onCaughtUp);
      feed.on('error', onTrouble);
      // While retrying, PouchDB reports later failures only as request errors.
      feed.on('requestError', onTrouble);
    }
    pull.on('change', (info: { docs?: { _id: string }[] }) => {
      // IT ran ledger:setup again: the rules the server enforces now are read again.
      if (info.docs?.some((doc) => doc._id === DESIGN_DOC_ID)) void loadServerRules(cfg).catch(() => undefined);
      run.replicated(info.docs ?? []);
    });
    // Back to work after a pause (new records, or the server back): a catch-up again, folded batch
    // by batch, not a pass over the whole replica per burst.
    pull.on('active', () => run.catchUp());
    // Caught up, or stopped by an error: what arrived is folded now.
    // A failure to reach the server wrote nothing; any other may have come after a batch's write.
    pull.on('paused', (error?: unknown) => {
      if (error && !isNetworkFailure(error)) run.unannounced(false);
      run.caughtUp();
    });
    pull.on('error', (error: unknown) => {
      if (!isNetworkFailure(error)) run.unannounced(false);
      run.caughtUp();
    });
    // A record the server refused: shown refused where it was made, and the person told.
    push.on('denied', (error: { reason?: string; message?: string; id?: string }) => {
      const reason = error.reason ?? error.message ?? 'forbidden';
      void (async () => {
        if (error.id) {
          await noteRefused(cfg.url, [[error.id, reason]]);
          run.arrived([error.id]);
        }
        await setStatus({ lastError: { at: Date.now(), message: t('ledgerRefusedRecord', reason) } });
        await approvals.notify(`refused:${error.id ?? Date.now()}`, t('ledgerRefusedTitle'), reason);
      })().catch(() => undefined);
    });
    void loadServerRules(cfg).catch(() => undefined);
  }

  /** A lapsed session: renewed with the password kept in memory, else the person signs in again. */
  async function renewOrAsk(cfg: Config): Promise<void> {
    const password = (await browser.storage.session.get(PASSWORD_KEY))[PASSWORD_KEY];
    if (typeof password === 'string') {
      try {
        if ((await signIn(cfg, password)) === null) {
          await ensureRunning();
          return;
        }
      } catch {
        // Not reachable right now: asked again below; the alarm retries.
      }
    }
    await deps.config.set(SIGNED_IN_KEY, null);
    await browser.storage.session.remove(PASSWORD_KEY);
    await setStatus({
      state: 'signed-out',
      since: Date.now(),
      signInReason: t('ledgerSessionEnded'),
    });
  }

  /** The first time with a ledger: what this person recorded before goes to the firm too. */
  async function upgradeOnce(cfg: Config, run: Running): Promise<void> {
    const marker = `${cfg.me.email} ${cfg.url}`;
    if ((await browser.storage.local.get(UPGRADED_KEY))[UPGRADED_KEY] === marker) return;
    const ledger = await deps.ledger();
    let after: { createdAt: number; id: string } | null = null;
    for (;;) {
      const batch = await ledger.incidentsAfter(after, 500);
      if (batch.length === 0) break;
      await recordLocal(cfg, sendable(batch.flatMap((i) => ownRecords(i, cfg.me.email)), cfg.policy, Date.now()));
      const last = batch.at(-1)!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    await browser.storage.local.set({ [UPGRADED_KEY]: marker });
    void run;
  }

  /** Open incidents' records again: a change stored just before the worker stopped is not lost. */
  async function reconcile(cfg: Config): Promise<void> {
    const open = await (await deps.ledger()).openIncidents();
    await recordLocal(cfg, sendable(open.flatMap((i) => ownRecords(i, cfg.me.email)), cfg.policy, Date.now()));
  }

  /**
   * The incident as its records in the replica fold it, kept in the ledger: what the panel shows
   * after a command is what the firm's records say (a grant the server's rules refuse, refused).
   * Null for an incident whose records are not in the replica (kept before the ledger).
   */
  async function settled(cfg: Config, incidentId: string): Promise<Incident | null> {
    const records = await incidentRecordsIn((await replicaFor(cfg)).replica, incidentId);
    const incident = foldIncident(records, Date.now(), await refusedIn(cfg.url));
    if (incident) await (await deps.ledger()).applyFirmIncidents([incident]);
    return incident;
  }

  /**
   * A ledger command, one at a time with arriving records: `run` decides and applies it in this
   * browser's ledger; signed in to a firm ledger, exactly the records it decided are appended and
   * the incident is what the firm's records fold to. A yes recorded on the requester's word has no
   * place in a firm ledger: the approver answers as themselves.
   */
  function record(command: Command, run: (records: RecordsOf) => Promise<Decided>): Promise<Incident> {
    return serial(async () => {
      const cfg = await config();
      if (!cfg) return (await run(async () => undefined)).incident;
      if (command.kind === 'approve' && !command.own) throw new Error(t('ledgerApproveInPanel'));
      const decided = await run(async (incidentId) => incidentRecordsIn((await replicaFor(cfg)).replica, incidentId));
      await recordLocal(cfg, decided.records);
      return (await settled(cfg, decided.incident.id)) ?? decided.incident;
    });
  }

  /** Who the user is for what they record: signed in to the firm ledger as themselves, it says so. */
  async function identify(me: Me | null): Promise<Me | null> {
    if (!me) return me;
    const policy = await deps.currentPolicy();
    const signedIn = await deps.config.get<string>(SIGNED_IN_KEY);
    const url = policy?.ledger?.url;
    return { ...me, identity: identityNow(me.identity, url !== undefined && signedIn === `${me.email} ${url}`) };
  }

  /** The settings handlers, their `me` as `identify` says. */
  function identified<H extends Pick<Handlers<BackgroundProtocol>, 'getSettings' | 'setSettings'>>(settings: H): H {
    return {
      ...settings,
      getSettings: async (data, sender) => {
        const result = await settings.getSettings(data, sender);
        return { ...result, me: await identify(result.me) };
      },
      setSettings: async (data, sender) => {
        const before = (await deps.currentMe())?.email;
        const result = await settings.setSettings(data, sender);
        // Someone else now: the ledger session was the previous person's, so it ends here, and
        // nothing recorded from now on goes up in their name.
        if (before !== undefined && result.me?.email !== before && (await deps.config.get<string>(SIGNED_IN_KEY))?.startsWith(`${before} `)) {
          await handlers.ledgerSignOut(undefined, sender);
        }
        return { ...result, me: await identify(result.me) };
      },
    };
  }

  async function needConfig(): Promise<Config> {
    const cfg = await config();
    if (!cfg) {
      throw new Error(t('ledgerNeedsPolicy'));
    }
    return cfg;
  }

  const handlers: Pick<Handlers<BackgroundProtocol>, ServiceMessages> = {
    async getLedgerStatus() {
      return status();
    },

    async ledgerSignIn({ password }) {
      const cfg = await needConfig();
      if (typeof password !== 'string' || password === '') throw new Error(t('ledgerEnterPassword'));
      let refusal: string | null;
      try {
        refusal = await signIn(cfg, password);
      } catch (error) {
        await setStatus({ url: cfg.url, user: cfg.me.email, lastError: { at: Date.now(), message: await problemText(error, cfg.url) } });
        throw new Error(await problemText(error, cfg.url));
      }
      if (refusal) {
        await setStatus({ state: 'signed-out', url: cfg.url, user: cfg.me.email, lastError: { at: Date.now(), message: refusal } });
        throw new Error(refusal);
      }
      await browser.storage.session.set({ [PASSWORD_KEY]: password });
      await deps.config.set(SIGNED_IN_KEY, `${cfg.me.email} ${cfg.url}`);
      await setStatus({ state: 'connecting', url: cfg.url, user: cfg.me.email, lastError: null, signInReason: null, signedInTo: null });
      running?.stop();
      running = null;
      replicating = false;
      await ensureRunning();
      return status();
    },

    async ledgerSignOut() {
      const cfg = await config();
      running?.stop();
      running = null;
      replicating = false;
      await deps.config.set(SIGNED_IN_KEY, null);
      await browser.storage.session.remove(PASSWORD_KEY);
      if (cfg) {
        await fetch(sessionUrl(cfg.url), { method: 'DELETE', credentials: 'include' }).catch(() => undefined);
        await setStatus({ state: 'signed-out', since: Date.now(), signInReason: null, signedInTo: null });
      }
      return status();
    },

    async listApprovals() {
      const cfg = await config();
      return cfg ? approvals.waiting(cfg) : [];
    },

    async approveRequest({ incidentId, requestId }) {
      const cfg = await needConfig();
      const command: Command = { kind: 'approve', incidentId, requestId, approverEmail: cfg.me.email, own: true };
      return record(command, async (records) => (await deps.ledger()).run(command, cfg.me, cfg.policy, Date.now(), records));
    },

    async declineRequest({ incidentId, requestId, reason }) {
      const cfg = await needConfig();
      const command: Command = { kind: 'decline', incidentId, requestId, reason: typeof reason === 'string' ? reason : '' };
      return record(command, async (records) => (await deps.ledger()).run(command, cfg.me, cfg.policy, Date.now(), records));
    },

    async getFirmGrants({ clientKey }) {
      const cfg = await config();
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
      const current = await status();
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
      void ensureRunning().catch(() => undefined);
      // Each ping from the page is an event: the worker stays awake while the page is open.
      port.onMessage.addListener(() => void ensureRunning().catch(() => undefined));
    });
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name !== WAKE_ALARM) return;
      void (async () => {
        await ensureRunning();
        const cfg = await config();
        if (cfg) await approvals.notifyWaiting(cfg);
      })().catch(() => undefined);
    });
    approvals.start();
    void browser.alarms.create(WAKE_ALARM, { periodInMinutes: 1 });
    // Where earlier versions kept who is signed in, which a content script could write in Firefox.
    void browser.storage.local.remove(SIGNED_IN_KEY).catch(() => undefined);
    void (async () => {
      await ensureRunning();
      const cfg = await config();
      if (cfg) await serial(() => reconcile(cfg));
    })().catch(() => undefined);
  }

  /** For the away service: who is away, and my own away record sent like any other. */
  const away = {
    async records(): Promise<ApproverAway[] | null> {
      const cfg = await config();
      return cfg ? awayIn(cfg) : null;
    },
    async record(record: ApproverAway): Promise<void> {
      await recordLocal(await needConfig(), [record as unknown as LedgerRecord]);
    },
  };

  return { handlers, record, identify, identified, start, restart: () => ensureRunning(), away };
}
