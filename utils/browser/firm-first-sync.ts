import { configKey, localKey, readConfig, readState, writeConfig } from '@/utils/browser/state';
import type { ConfigStore } from '@/utils/config-store';
import type { Ledger } from '@/utils/ledger/repository';
import type { Incident } from '@/utils/ledger/types';
import type { LedgerRecord } from '@/utils/firm-ledger/records';
import type { RecordsDb } from '@/utils/browser/firm-replica';
import { clientRecordsOnServer, serverSnapshot, snapshotManifest, snapshotParts } from '@/utils/browser/firm-replica';
import { snapshotFresh } from '@/utils/firm-ledger/built-snapshot';
import { foldIncident } from '@/utils/firm-ledger/fold';
import { FIRST_SYNC_PATH_KEY, FIRST_SYNC_PROGRESS_KEY } from '@/utils/firm-ledger/keys';
import { openedRecordId } from '@/utils/firm-ledger/ids';
import { againstHeld, loadSnapshot, pageIncidents, type SnapshotPass, type SnapshotProgress, type SnapshotSource } from '@/utils/firm-ledger/snapshot';
import type { HeldRead } from '@/utils/ledger/queries';

// A new browser's first sync of the firm ledger (utils/firm-ledger/snapshot.ts): the records the
// server holds (from the snapshot IT keeps beside the ledger when there is a fresh one,
// utils/firm-ledger/built-snapshot.ts, else from the server's `_all_docs`), read in pages and
// folded into this browser's ledger, then read again and stored in the replica, each page's fold
// checked against the ledger. Live replication starts, from the server's sequence read before the
// first page, as soon as the ledger's pass is over, and writes to the replica beside the replica's
// pass; so do this browser's commands. What they bring is never written over by the server's older
// picture (the ledger's pass writes only incidents the ledger lacks; an incident the replica's pass
// has not reached is completed from the server before it is folded). A load that stopped resumes
// where it was.

/** The first sync's progress for one ledger, and whether replication took over from it. */
const PROGRESS = configKey<Stored>(FIRST_SYNC_PROGRESS_KEY);
/**
 * Set by the benchmark only (see keys.ts): `"replication"` replicates record by record instead;
 * `"pages"` reads the server's pages even when a snapshot is kept.
 */
const PATH = localKey<'replication' | 'pages'>(FIRST_SYNC_PATH_KEY);
/** A replica already holding more records than this was filled by replication: it goes on so. */
const HELD_MAX = 1_000;
/** Records older than this are history, not news to notify. */
const NEWS_WINDOW_MS = 24 * 60 * 60 * 1000;
/** While loading, open pages are told of new incidents at most this often (each reloads what it shows). */
const ANNOUNCE_MS = 2_000;
/** How long a fold waits for an incident's records from the server before it goes on without them. */
const COMPLETE_WAIT_MS = 3_000;
/** The replica's pass stores this many records a transaction. */
const STORE_BATCH = 1_000;
/** How long the clients on screen may take before the load goes on without them first. */
const ON_SCREEN_WAIT_MS = 1_500;

interface Stored extends SnapshotProgress {
  url: string;
  /** The snapshot build this load reads; null: the server's pages. */
  build?: string | null;
  /** Replication has started from `seq` (its checkpoint holds it, or later). */
  handedOver: boolean;
  /** Live replication began during this load (after the ledger's pass), before the replica was full. */
  live?: boolean;
}

/** What a load asks of replication, which runs beside the replica's pass. */
export interface LoadHooks {
  /** The ledger holds every incident: live replication may start (from `since`), the replica still filling. */
  ledgerLoaded(): Promise<void>;
  /**
   * A load resumed after live replication had begun: records it wrote before the worker stopped
   * may never have been folded, so every incident is folded from the full replica once it is.
   */
  foldAll(): Promise<void>;
}

export interface FirstSyncDeps {
  config: ConfigStore;
  ledger: () => Promise<Ledger>;
  refused: (url: string) => Promise<ReadonlyMap<string, string>>;
  noteUnopened: (url: string, folds: Iterable<[string, boolean]>) => Promise<void>;
  /** Incidents whose records in the replica still wait for their opening record. */
  unopened: (url: string) => Promise<ReadonlySet<string>>;
  /** One incident's records as the server holds them, for the replica to store as they are. */
  recordsOnServer: (url: string, incidentId: string, signal: AbortSignal) => Promise<Record<string, unknown>[]>;
  /** One incident's records in the replica. */
  incidentRecords: (replica: RecordsDb, incidentId: string) => Promise<LedgerRecord[]>;
  /** Runs `work` one at a time with commands and the fold of arriving records (firm-projection.ts). */
  serial: <T>(work: () => Promise<T>) => Promise<T>;
  /** The clients on screen, the active tab's first. */
  clientsOnScreen: () => Promise<string[]>;
  /** Incidents changed here: open pages reload what they show. */
  changed: () => Promise<void>;
  /** How many of the server's records are in so far, after each page (the options page says it). */
  onProgress: (records: number) => Promise<void>;
  /** After the load: pages reload, and what is news for me is notified. */
  afterLoad: (changed: number, news: LedgerRecord[], folded: Incident[]) => Promise<void>;
}

const NO_HOOKS: LoadHooks = { ledgerLoaded: async () => undefined, foldAll: async () => undefined };

export function makeFirstSync(deps: FirstSyncDeps) {
  async function stored(url: string): Promise<Stored | null> {
    const value = await readConfig(deps.config, PROGRESS);
    return value?.url === url ? value : null;
  }

  let writing: Promise<unknown> = Promise.resolve();
  /** Changes the stored progress, one change at a time (the load's and replication's). */
  function update(url: string, change: (progress: Stored | null) => Stored | null): Promise<void> {
    const next = writing.then(async () => {
      const value = change(await stored(url));
      if (value) await writeConfig(deps.config, PROGRESS, value);
    });
    writing = next.catch(() => undefined);
    return next;
  }

  /**
   * Where a load reads the server's records: a fresh snapshot when it begins, and the same build
   * when it resumes (a newer one could hold less than the sequence the load began at: then the
   * server's pages, which hold at least as much).
   */
  async function sourceOf(url: string, start: Stored | null): Promise<{ source: SnapshotSource; build: string | null }> {
    const server = { source: serverSnapshot(url), build: null };
    if ((start && !start.build) || (await readState(PATH)) === 'pages') return server;
    const manifest = await snapshotManifest(url);
    if (!manifest) return server;
    const usable = start ? manifest.build === start.build : snapshotFresh(manifest, await server.source.seq());
    return usable ? { source: snapshotParts(url, manifest), build: manifest.build } : server;
  }

  /** The ledger's pass is over (the ledger holds every incident). */
  const ledgerPassOver = (progress: Stored | null): progress is Stored => progress !== null && progress.ledgerAfter === undefined;

  return {
    /** Whether replication must wait for a first sync (a new browser, or one that stopped midway). */
    async pending(url: string, replica: RecordsDb): Promise<boolean> {
      const progress = await stored(url);
      if (progress) return !progress.done;
      if ((await readState(PATH)) === 'replication') return false;
      return (await replica.info()).doc_count <= HELD_MAX;
    },

    /** Whether a first sync of this ledger has begun and not ended. */
    async loading(url: string): Promise<boolean> {
      const progress = await stored(url);
      return progress !== null && !progress.done;
    },

    /**
     * Where replication starts once the ledger's pass is over, until it has taken over; undefined:
     * its own checkpoint.
     */
    async since(url: string): Promise<number | string | undefined> {
      const progress = await stored(url);
      return ledgerPassOver(progress) && !progress.handedOver ? progress.seq : undefined;
    },

    /** Replication started from the first sync's sequence: its own checkpoint goes on from there. */
    handedOver(url: string): Promise<void> {
      return update(url, (progress) => (ledgerPassOver(progress) && !progress.handedOver ? { ...progress, handedOver: true } : null));
    },

    /** Live replication started while this load fills the replica. */
    liveStarted(url: string): Promise<void> {
      return update(url, (progress) => (progress && !progress.done && !progress.live ? { ...progress, live: true } : null));
    },

    /**
     * While a load fills the replica: these incidents' records as the server holds them, stored in
     * the replica first, so a fold of one the load has not reached yet (a record replication brought,
     * a command) sees all its records. Offline, the fold goes on with what the replica holds, and
     * the load folds the incident again when it stores it.
     */
    async complete(url: string, replica: RecordsDb, incidentIds: Iterable<string>): Promise<void> {
      const progress = await stored(url);
      if (!progress || progress.done) return;
      const ids = [...incidentIds];
      if (ids.length === 0) return;
      // An incident whose opening the replica holds was stored by the pass (or made here): as it is.
      const openings = await replica.allDocs({ keys: ids.map(openedRecordId) });
      const missing = ids.filter((_, i) => {
        const row = openings.rows[i];
        return !row || 'error' in row || row.value.deleted;
      });
      for (const id of missing) {
        try {
          const docs = await deps.recordsOnServer(url, id, AbortSignal.timeout(COMPLETE_WAIT_MS));
          if (docs.length > 0) await replica.bulkDocs(docs as never[], { new_edits: false });
        } catch {
          return;
        }
      }
    },

    /** Loads the server's records (or the rest of them); true when all are in. */
    async load(url: string, replica: RecordsDb, stopped: () => boolean, hooks: LoadHooks = NO_HOOKS): Promise<boolean> {
      const ledger = await deps.ledger();
      const start = await stored(url);
      const { source, build } = await sourceOf(url, start);
      // What is news for me, by record, and the incidents it is in, as last folded.
      const news = new Map<string, LedgerRecord>();
      const recent = new Map<string, Incident>();
      let changed = 0;
      let announced = 0;
      /** Incidents written since open pages were last told. */
      let untold = false;
      /** Records folded in the ledger's pass of this run, for the progress shown. */
      let ahead = 0;
      let ledgerDone = false;
      const announce = async () => {
        announced = Date.now();
        untold = false;
        await deps.changed();
      };
      /**
       * Writes folded incidents: from the server's records alone, only those the ledger lacks (`add`:
       * one it holds may carry what was recorded here meanwhile, which the replica's pass checks);
       * from the replica's, whatever differs (`replace`).
       */
      const apply = async (incidents: Incident[], read: HeldRead, how: 'add' | 'replace') => {
        const n = incidents.length === 0 ? 0 : how === 'add' ? await ledger.addFirmIncidents(incidents, read) : await ledger.applyFirmIncidents(incidents, read);
        changed += n;
        untold ||= n > 0;
        // Open pages show the firm's incidents as they come, every few seconds.
        if (n > 0 && Date.now() - announced > ANNOUNCE_MS) await announce();
      };
      const foldAll = async (groups: readonly LedgerRecord[][]): Promise<Incident[]> => {
        const now = Date.now();
        const reasons = await deps.refused(url);
        const incidents: Incident[] = [];
        const opened: [string, boolean][] = [];
        for (const records of groups) {
          const incident = foldIncident(records, now, reasons);
          opened.push([records[0]!.incidentId, incident !== null]);
          if (!incident) continue;
          incidents.push(incident);
          const fresh = records.filter((r) => now - r.at < NEWS_WINDOW_MS);
          if (fresh.length > 0) {
            for (const record of fresh) news.set(record._id, record);
            recent.set(incident.id, incident);
          }
        }
        await deps.noteUnopened(url, opened);
        return incidents;
      };
      // One command at a time with this: a command's records, appended to the replica while these
      // are read, would otherwise be written over by an incident folded without them.
      const foldFromReplica = (ids: readonly string[]) =>
        deps.serial(async () => {
          const groups: LedgerRecord[][] = [];
          for (const id of ids) groups.push(await deps.incidentRecords(replica, id));
          await apply(await foldAll(groups.filter((g) => g.length > 0)), 'each', 'replace');
        });
      const fold = async (groups: readonly LedgerRecord[][], pass: SnapshotPass | 'on screen') => {
        // Read before this fold notes them opened: records that came without their opening (by
        // replication, before this pass stored the page), which only the replica holds.
        const waiting = pass === 'replica' ? new Set(await deps.unopened(url)) : null;
        const incidents = await foldAll(groups);
        if (pass === 'ledger') ahead += groups.reduce((n, g) => n + g.length, 0);
        if (pass !== 'replica') return apply(incidents, pass === 'ledger' ? 'span' : 'each', 'add');
        const held = await ledger.heldIncidents(incidents.map((i) => i.id), 'span');
        const { write, fromReplica } = againstHeld(incidents, held);
        await apply(write, 'span', 'add');
        const again = new Set([...fromReplica, ...incidents.filter((i) => waiting?.has(i.id)).map((i) => i.id)]);
        if (again.size > 0) await foldFromReplica([...again]);
      };
      // The clients on screen first: their panel shows the firm's totals while the rest loads (the
      // pages fold their incidents again, whole). Skipped when the server has no index or is slow,
      // and once the ledger's pass is over (the ledger holds every incident then).
      const resumedAfterLedger = ledgerPassOver(start);
      const onScreen = resumedAfterLedger ? [] : await deps.clientsOnScreen().catch(() => []);
      if (onScreen.length > 0) {
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), ON_SCREEN_WAIT_MS);
        try {
          for (const clientKey of onScreen.slice(0, 3)) {
            const docs = await clientRecordsOnServer(url, clientKey, abort.signal);
            await fold(pageIncidents(docs.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)), true).whole, 'on screen');
          }
          if (changed > 0) await announce();
        } catch {
          // No index (a server set up by an earlier version), or too slow: the pages bring them.
        } finally {
          clearTimeout(timer);
        }
      }
      // Resumed after the ledger's pass: replication goes on beside the replica's pass at once.
      if (resumedAfterLedger) await hooks.ledgerLoaded();
      // A load that stopped midway may have written incidents it had no time to tell open pages of
      // (a worker stopped between the two): they reload now, as this load goes on.
      if (start && changed === 0) await announce();
      const progress = await loadSnapshot(
        source,
        {
          store: async (docs) => {
            // In transactions of STORE_BATCH: replication, running beside this pass, writes to the
            // same replica, and each of its steps waits for the transaction before it.
            for (let from = 0; from < docs.length; from += STORE_BATCH) {
              const results = await replica.bulkDocs(docs.slice(from, from + STORE_BATCH) as never[], { new_edits: false });
              const failed = results.find((r) => r.error);
              if (failed) throw new Error(String(failed.message ?? failed.reason ?? failed.error));
            }
          },
          fold,
          foldFromReplica,
          progress: async (p) => {
            // Told before the load is noted done: a worker stopped right after would leave no one to tell them.
            if (p.done && untold) await announce();
            await update(url, (before) => ({ ...p, url, build, handedOver: before?.handedOver ?? false, ...(before?.live ? { live: true } : {}) }));
            // The ledger holds every incident once its pass is over: open pages show them all now,
            // and replication may start while the replica fills.
            if (p.ledgerAfter === undefined && !ledgerDone) {
              ledgerDone = true;
              if (changed > 0) await announce();
              if (!resumedAfterLedger) await hooks.ledgerLoaded();
            }
            if (!p.done) await deps.onProgress(Math.max(ahead, ledgerDone ? (await replica.info()).doc_count : 0));
          },
        },
        start,
        stopped,
      );
      if (progress.done && start?.live) await hooks.foldAll();
      if (progress.done) await deps.afterLoad(changed, [...news.values()], [...recent.values()]);
      return progress.done;
    },
  };
}
