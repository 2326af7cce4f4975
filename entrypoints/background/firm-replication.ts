import { incidentRecordsOnServer, openReplica, remoteLedger, type RecordsDb } from '@/utils/browser/firm-replica';
import { makeFirstSync, type LoadHooks } from '@/utils/browser/firm-first-sync';
import { configKey, readConfig, writeConfig } from '@/utils/browser/state';
import type { ConfigStore } from '@/utils/config-store';
import type { Ledger } from '@/utils/ledger/repository';
import type { Incident } from '@/utils/ledger/types';
import { isNetworkFailure } from '@/utils/unreachable';
import { isSessionLapse, nextBackOff, type FirmConfig, type StatusChange } from '@/utils/firm-ledger/connection';
import type { LedgerRecord } from '@/utils/firm-ledger/records';
import type { WrittenRecord } from '@/utils/firm-ledger/replica';
import type { LedgerRules } from '@/utils/firm-ledger/rules';
import { DESIGN_DOC_ID } from '@/utils/firm-ledger/design-doc';
import { t } from '@/utils/i18n';
import type { Arrivals } from '@/utils/browser/firm-arrivals';

// This browser's replica of the firm's records and live replication both ways with the firm's
// CouchDB: a new browser's first sync in pages, with replication from the server's sequence once
// the ledger holds every incident (beside the replica's pass); only this person's records go up; what comes down is handed to the projection to fold. An MV3 service
// worker stops when idle, which ends the live feeds: replication starts again on every wake.

/** The rules the firm's server enforces, as its design document holds them. */
const SERVER_RULES = configKey<{ url: string; rules: LedgerRules }>('firmLedgerServerRules');
/** Records come down in batches this large: fewer round trips and checkpoints for a first replication. */
const PULL_BATCH = 5_000;

export interface FirmReplicationDeps {
  config: ConfigStore;
  ledger: () => Promise<Ledger>;
  session: {
    current(): Promise<FirmConfig | null>;
    isSignedIn(cfg: FirmConfig): Promise<boolean>;
    setStatus(change: StatusChange, unless?: () => boolean): Promise<unknown>;
    problemText(error: unknown, url: string): Promise<string>;
    /** A lapsed session renewed (true), else the person asked to sign in again. */
    renew(cfg: FirmConfig): Promise<boolean>;
  };
  projection: {
    serial<T>(work: () => Promise<T>): Promise<T>;
    track(url: string, replica: RecordsDb): Arrivals;
    refused(url: string): Promise<ReadonlyMap<string, string>>;
    noteRefused(url: string, entries: readonly [string, string][]): Promise<void>;
    noteUnopened(url: string, folds: Iterable<[string, boolean]>): Promise<void>;
    unopened(url: string): Promise<ReadonlySet<string>>;
    refoldAll(replica: RecordsDb): Promise<void>;
    /** Incidents changed here: open pages reload what they show. */
    changed(): Promise<void>;
    loaded(cfg: FirmConfig, replica: RecordsDb, changed: number, news: LedgerRecord[], folded: Incident[]): Promise<void>;
  };
  incidentRecords: (replica: RecordsDb, incidentId: string) => Promise<LedgerRecord[]>;
  /** The clients on screen (a first sync folds theirs before the rest). */
  clientsOnScreen: () => Promise<string[]>;
  /** Tells the person something (a record the server refused). */
  notify: (id: string, title: string, message: string) => Promise<void>;
  /** Once per person and ledger, before replication starts: what they recorded before the ledger goes up. */
  beforeReplication: (cfg: FirmConfig) => Promise<void>;
}

/** The replica of the ledger in force, and what folds what is written to it. */
export interface Replica {
  url: string;
  user: string;
  db: RecordsDb;
  arrivals: Arrivals;
}

interface Running extends Replica {
  stop(): void;
  /** Live replication runs (or retries) on this replica: it carries this person's records up. */
  live: boolean;
}

export function makeFirmReplication(deps: FirmReplicationDeps) {
  let running: Running | null = null;
  let replicating = false;
  let generation = 0;
  /** First syncs begun: a newer one makes an older one stop. */
  let loads = 0;
  /** A replica being opened, for a caller that asks meanwhile. */
  let opening: { key: string; running: Promise<Running> } | null = null;

  const firstSync = makeFirstSync({
    config: deps.config,
    ledger: deps.ledger,
    refused: deps.projection.refused,
    noteUnopened: deps.projection.noteUnopened,
    unopened: deps.projection.unopened,
    recordsOnServer: incidentRecordsOnServer,
    incidentRecords: deps.incidentRecords,
    serial: deps.projection.serial,
    clientsOnScreen: () => deps.clientsOnScreen().catch(() => []),
    changed: deps.projection.changed,
    onProgress: async (records) => {
      await deps.session.setStatus((current) => (current.state === 'connecting' ? { firstSync: records } : {}));
    },
    afterLoad: async (changed, news, folded) => {
      const cfg = await deps.session.current();
      if (!cfg || !running) return;
      await deps.projection.loaded(cfg, running.db, changed, news, folded);
    },
  });

  function stopAll(): void {
    running?.stop();
    running = null;
    replicating = false;
  }

  /** The replica for the ledger in force, opened once per worker lifetime. */
  function replicaFor(cfg: FirmConfig): Promise<Running> {
    const key = `${cfg.me.email} ${cfg.url}`;
    if (running && running.url === cfg.url && running.user === cfg.me.email) return Promise.resolve(running);
    // Two callers at once (a wake and a page connecting) share one replica, and one replication.
    if (opening?.key === key) return opening.running;
    const next = open(cfg);
    opening = { key, running: next };
    void next
      .finally(() => {
        if (opening?.running === next) opening = null;
      })
      .catch(() => undefined);
    return next;
  }

  async function open(cfg: FirmConfig): Promise<Running> {
    stopAll();
    const db = openReplica(cfg.url);
    const arrivals = deps.projection.track(cfg.url, db);
    // A first sync stopped midway resumes and folds what it stores; otherwise what was written
    // before the worker last stopped is looked for.
    void deps.projection.serial(async () => {
      if (!(await firstSync.pending(cfg.url, db))) arrivals.sweep();
    });
    const next: Running = {
      url: cfg.url,
      user: cfg.me.email,
      db,
      arrivals,
      live: false,
      stop: () => {
        arrivals.stop();
        void db.close().catch(() => undefined);
      },
    };
    running = next;
    return next;
  }

  /** The rules the server enforces, read from its design document when replication starts. */
  async function loadServerRules(cfg: FirmConfig): Promise<void> {
    const response = await fetch(`${cfg.url}/${DESIGN_DOC_ID}`, { credentials: 'include', headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const doc = (await response.json()) as { policyVersion?: unknown; rules?: LedgerRules };
    if (!doc.rules || typeof doc.policyVersion !== 'string') return;
    await writeConfig(deps.config, SERVER_RULES, { url: cfg.url, rules: doc.rules });
    await deps.session.setStatus({ serverPolicyVersion: doc.policyVersion });
  }

  /** Starts live replication when signed in; on every wake. */
  async function ensureRunning(): Promise<void> {
    const cfg = await deps.session.current();
    if (!cfg) {
      stopAll();
      return;
    }
    const run = await replicaFor(cfg);
    await deps.beforeReplication(cfg);
    if (!(await deps.session.isSignedIn(cfg)) || replicating) return;
    replicating = true;
    await deps.session.setStatus({ state: 'connecting', url: cfg.url, user: cfg.me.email, signInReason: null });
    if (await firstSync.pending(cfg.url, run.db)) firstLoad(cfg, run);
    else startReplication(cfg, run, await firstSync.since(cfg.url));
  }

  /** A lapsed session: renewed and replication started again, else the person signs in again. */
  async function renewOrAsk(cfg: FirmConfig): Promise<void> {
    if (await deps.session.renew(cfg)) await ensureRunning();
  }

  async function offline(cfg: FirmConfig, error: unknown, unless?: () => boolean): Promise<void> {
    const message = await deps.session.problemText(error, cfg.url);
    await deps.session.setStatus(
      (current) => ({
        state: 'offline',
        since: current.state === 'offline' && current.since !== null ? current.since : Date.now(),
        lastError: { at: Date.now(), message },
      }),
      unless,
    );
  }

  /**
   * A new browser: the firm's records loaded in pages (utils/browser/firm-first-sync.ts), and live
   * replication from the server's sequence before the load as soon as the ledger holds every
   * incident, beside the replica's pass. Stopped with the replica (sign-out, a new sign-in); a
   * failure leaves the progress for the next try, soon or on the next wake.
   */
  function firstLoad(cfg: FirmConfig, run: Running): void {
    const mine = ++loads;
    let stopped = false;
    const previousStop = run.stop;
    run.stop = () => {
      stopped = true;
      previousStop();
    };
    const stale = () => stopped || mine !== loads || running !== run;
    /** Live replication already ran in this worker when this load began (a load tried again). */
    const liveBefore = run.live;
    const hooks: LoadHooks = {
      // The ledger holds every incident: replication goes on beside the replica's pass.
      ledgerLoaded: async () => {
        if (stale() || run.live) return;
        await firstSync.liveStarted(cfg.url);
        startReplication(cfg, run, await firstSync.since(cfg.url));
      },
      foldAll: async () => {
        if (!liveBefore) await deps.projection.refoldAll(run.db);
      },
    };
    void (async () => {
      try {
        const done = await firstSync.load(cfg.url, run.db, stale, hooks);
        if (stale()) return;
        if (!done) {
          replicating = run.live;
          return;
        }
        await deps.session.setStatus({ firstSync: null });
        if (!run.live) startReplication(cfg, run, await firstSync.since(cfg.url));
      } catch (error) {
        if (stale()) return;
        replicating = run.live;
        if (isSessionLapse(error)) {
          await renewOrAsk(cfg);
          return;
        }
        // Live replication, if it runs, says itself whether the server can be reached.
        if (!run.live) await offline(cfg, error);
        // Tried again soon, from where it stopped (the alarm and open pages also try).
        setTimeout(() => void resumeLoad(cfg, run), 5_000);
      }
    })();
  }

  /** A first sync that failed midway goes on (live replication may run meanwhile). */
  async function resumeLoad(cfg: FirmConfig, run: Running): Promise<void> {
    if (running !== run) return;
    if (!run.live) return void (await ensureRunning().catch(() => undefined));
    if (await firstSync.pending(cfg.url, run.db)) firstLoad(cfg, run);
  }

  function startReplication(cfg: FirmConfig, run: Running, since?: number | string): void {
    const remote = remoteLedger(cfg.url);
    const options = { live: true, retry: true, back_off_function: nextBackOff };
    const me = cfg.me.email;
    // Only my records go up: the server refuses anyone else's, and asking it about each record that
    // came down from it would double a first replication's requests.
    // Checkpoints stay in this browser: on the server they would be `_local` documents every member
    // may rewrite (CouchDB validates none), and a colleague could make records skip this replica.
    const push = run.db.replicate.to(remote, {
      ...options,
      checkpoint: 'source',
      batch_size: 500,
      filter: (doc: { author?: unknown }) => doc.author === me,
    });
    // After a first sync, from the server's sequence before it, until replication's own checkpoint holds it.
    const pull = run.db.replicate.from(remote, {
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
    const { arrivals } = run;
    arrivals.catchUp();
    run.live = true;
    let lapsed = false;
    const stopBoth = () => {
      run.live = false;
      push.cancel();
      pull.cancel();
      arrivals.unannounced(true);
      arrivals.caughtUp();
    };
    const previousStop = run.stop;
    run.stop = () => {
      stopBoth();
      previousStop();
    };
    const mine = ++generation;
    // Events of a replication that was stopped (a lapsed session, a new sign-in) change nothing.
    const stale = () => lapsed || mine !== generation;
    const onTrouble = (error: unknown) => {
      if (stale()) return;
      if (isSessionLapse(error)) {
        lapsed = true;
        stopBoth();
        replicating = false;
        void renewOrAsk(cfg);
        return;
      }
      void offline(cfg, error, stale);
    };
    const onCaughtUp = () => {
      if (stale()) return;
      void deps.session.setStatus(
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
      arrivals.replicated(info.docs ?? []);
    });
    // Back to work after a pause (new records, or the server back): a catch-up again, folded batch
    // by batch, not a pass over the whole replica per burst.
    pull.on('active', () => arrivals.catchUp());
    // Caught up, or stopped by an error: what arrived is folded now.
    // A failure to reach the server wrote nothing; any other may have come after a batch's write.
    pull.on('paused', (error?: unknown) => {
      if (error && !isNetworkFailure(error)) arrivals.unannounced(false);
      arrivals.caughtUp();
    });
    pull.on('error', (error: unknown) => {
      if (!isNetworkFailure(error)) arrivals.unannounced(false);
      arrivals.caughtUp();
    });
    // A record the server refused: shown refused where it was made, and the person told.
    push.on('denied', (error: { reason?: string; message?: string; id?: string }) => {
      void refusedByServer(cfg, run, error.id, error.reason ?? error.message ?? 'forbidden').catch(() => undefined);
    });
    void loadServerRules(cfg).catch(() => undefined);
  }

  /** A record the server refused: shown refused where it was made, and the person told. */
  async function refusedByServer(cfg: FirmConfig, run: Running, id: string | undefined, reason: string): Promise<void> {
    if (id) {
      await deps.projection.noteRefused(cfg.url, [[id, reason]]);
      run.arrivals.arrived([id]);
    }
    await deps.session.setStatus({ lastError: { at: Date.now(), message: t('ledgerRefusedRecord', reason) } });
    await deps.notify(`refused:${id ?? Date.now()}`, t('ledgerRefusedTitle'), reason);
  }

  /**
   * Records just written here while live replication waits (a first sync fills the replica): sent to
   * the server at once, as they are, so colleagues count them now; replication later finds them
   * there. Unsent (offline, a lapsed session), they go up with replication as usual.
   */
  async function sendAhead(cfg: FirmConfig, docs: readonly WrittenRecord[]): Promise<void> {
    const run = running;
    if (!run || run.live || run.url !== cfg.url || run.user !== cfg.me.email || docs.length === 0) return;
    // Only to the server this person signed in to, while its first sync holds replication back.
    if (!(await deps.session.isSignedIn(cfg)) || !(await firstSync.loading(cfg.url))) return;
    let results: { id?: string; error?: string; reason?: string }[];
    try {
      const response = await fetch(`${cfg.url}/_bulk_docs`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ new_edits: false, docs }),
      });
      if (!response.ok) return;
      results = (await response.json()) as typeof results;
    } catch {
      return;
    }
    for (const result of results) {
      if (result.error === 'forbidden') await refusedByServer(cfg, run, result.id, result.reason ?? 'forbidden');
    }
  }

  return {
    /** The replica of the ledger in force (opened if need be), replicating or not. */
    replica: (cfg: FirmConfig): Promise<Replica> => replicaFor(cfg),
    ensureRunning,
    /** Stops replication and closes the replica (sign-out, before a new sign-in). */
    stop: stopAll,
    sendAhead,
    /** Records a first sync has not stored yet, fetched for the incidents about to be folded. */
    complete: (url: string, replica: RecordsDb, incidentIds: Iterable<string>) => firstSync.complete(url, replica, incidentIds),
    /** The rules the server at `url` enforces, as last read; null before they were. */
    async serverRules(url: string): Promise<LedgerRules | null> {
      const stored = await readConfig(deps.config, SERVER_RULES);
      return stored?.url === url ? stored.rules : null;
    },
  };
}

export type FirmReplication = ReturnType<typeof makeFirmReplication>;
