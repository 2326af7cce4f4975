import { announce } from '@/utils/browser/messaging';
import { configKey, localKey, readConfig, readState, writeConfig, writeState } from '@/utils/browser/state';
import type { RecordsDb } from '@/utils/browser/firm-replica';
import type { ConfigStore } from '@/utils/config-store';
import type { Ledger } from '@/utils/ledger/repository';
import type { Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import type { FirmConfig } from '@/utils/firm-ledger/connection';
import type { LedgerRecord } from '@/utils/firm-ledger/records';
import { foldIncident } from '@/utils/firm-ledger/fold';
import { incidentRange } from '@/utils/firm-ledger/ids';
import { asLedgerRecord, ledgerRecords } from '@/utils/firm-ledger/replica';
import { byIncident, readWholeLater, wholeInBatch, type CatchUp } from '@/utils/firm-ledger/catch-up';
import { LEDGER_REVISION_KEY } from '@/utils/firm-ledger/keys';
import { NEWS_WINDOW_MS } from '@/utils/firm-ledger/approvals';
import { trackArrivals, type Arrivals } from '@/utils/browser/firm-arrivals';

// The incidents this browser shows, as the firm's records fold them: with a new browser's first sync
// (utils/browser/firm-first-sync.ts), the only writer of the firm's incidents into the local
// ledger. Records come from the replica (written by this browser's commands, by replication or by a
// first sync); each incident is folded from all its records, rules and all
// (utils/firm-ledger/fold.ts), with what the server refused shown refused.

/** When records last changed the incidents here (a figure the benchmark watches; pages hear `ledgerChanged`). */
const REVISION = localKey<number>(LEDGER_REVISION_KEY);
/** The replica's sequence up to which every record is folded: a restart need not look at them again. */
const FOLDED_SEQ = localKey<{ url: string; seq: number | string }>('firmLedgerSeq');
/**
 * Incidents whose records arrived without their opening record (records reach the server in the
 * order each browser sends them, not the order they were made): read whole when more of theirs come.
 */
const UNOPENED = configKey<{ url: string; ids: string[] }>('firmLedgerUnopened');
/**
 * The records the firm's server refused (or whose refusal this browser knew before sending, from
 * the server's own rules), by record id: the fold shows such a grant refused, never given.
 */
const REFUSED = configKey<{ url: string; reasons: Record<string, string> }>('firmLedgerRefused');
/** Records are read this many at a time when the whole replica is folded. */
const FOLD_PAGE = 2_000;

export interface FirmProjectionDeps {
  ledger: () => Promise<Ledger>;
  config: ConfigStore;
  current: () => Promise<FirmConfig | null>;
  /** Incidents here changed (badges, reminders). */
  onChange: () => Promise<void>;
  /** What among folded records is news for me (requests for me, answers to mine). */
  notifyArrivals: (reader: { me: Me; policy: Policy }, records: readonly LedgerRecord[], folded: readonly Incident[]) => Promise<void>;
  /** A fold failed: said where the ledger's status is. */
  failed: (error: unknown) => Promise<void>;
  /**
   * Before these incidents are folded from the replica: their records the replica may still lack
   * (a first sync filling it) fetched from the server and stored.
   */
  complete: (url: string, replica: RecordsDb, incidentIds: Iterable<string>) => Promise<void>;
}

/** One incident's records in the replica; a record it holds in two versions comes marked (`conflicted`). */
export async function incidentRecordsIn(replica: RecordsDb, incidentId: string): Promise<LedgerRecord[]> {
  const all = await replica.allDocs({ ...incidentRange(incidentId), include_docs: true, conflicts: true });
  return ledgerRecords(all.rows.map((row) => row.doc));
}

export function makeFirmProjection(deps: FirmProjectionDeps) {
  let queue: Promise<unknown> = Promise.resolve();
  /** Commands and the fold of arriving records run one at a time, so neither overwrites the other. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  let unopened: { url: string; ids: Set<string> } | null = null;
  async function unopenedIn(url: string): Promise<Set<string>> {
    if (unopened?.url !== url) {
      const stored = await readConfig(deps.config, UNOPENED);
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
    if (changed) await writeConfig(deps.config, UNOPENED, { url, ids: [...ids] });
  }

  let refused: { url: string; reasons: Map<string, string> } | null = null;
  /** What the firm's server refused, by record id. */
  async function refusedIn(url: string): Promise<Map<string, string>> {
    if (refused?.url !== url) {
      const stored = await readConfig(deps.config, REFUSED);
      refused = { url, reasons: new Map(stored?.url === url ? Object.entries(stored.reasons) : []) };
    }
    return refused.reasons;
  }

  async function noteRefused(url: string, entries: readonly [string, string][]): Promise<void> {
    if (entries.length === 0) return;
    const reasons = await refusedIn(url);
    for (const [id, reason] of entries) reasons.set(id, reason);
    await writeConfig(deps.config, REFUSED, { url, reasons: Object.fromEntries(reasons) });
  }

  async function lastSeq(url: string): Promise<number | string> {
    const stored = await readState(FOLDED_SEQ);
    return stored?.url === url ? stored.seq : 0;
  }

  /** Records changed the incidents here: open pages reload what they show. */
  async function changedHere(): Promise<void> {
    await writeState(REVISION, Date.now());
    announce('ledgerChanged');
  }

  /** After a fold: open pages reload when incidents changed, and what is for me is notified. */
  async function afterFold(cfg: FirmConfig, changed: number, news: LedgerRecord[], folded: Incident[]): Promise<void> {
    if (changed > 0) {
      await changedHere();
      await deps.onChange().catch(() => undefined);
    }
    await deps.notifyArrivals(cfg, news, folded).catch(() => undefined);
  }

  /**
   * Folds the incidents of the records that arrived (`ids`; null: too many to read one by one), and
   * those to read whole (`whole`), then notifies what among them is for me.
   */
  async function foldArrived(replica: RecordsDb, ids: Set<string> | null, whole: Set<string>, seq: number | string): Promise<void> {
    const cfg = await deps.current();
    if (!cfg) return;
    const ledger = await deps.ledger();
    const folded: Incident[] = [];
    const news: LedgerRecord[] = [];
    let changed = 0;
    if (ids) {
      const arrived = ids.size === 0 ? [] : (await replica.allDocs({ keys: [...ids], include_docs: true })).rows;
      const incidents = new Set(whole);
      for (const row of arrived) {
        const record = asLedgerRecord(row.doc);
        if (record) incidents.add(record.incidentId);
      }
      const opened: [string, boolean][] = [];
      const reasons = await refusedIn(cfg.url);
      await deps.complete(cfg.url, replica, incidents);
      for (const id of incidents) {
        const records = await incidentRecordsIn(replica, id);
        news.push(...records.filter((r) => ids.has(r._id) || whole.has(r.incidentId)));
        const incident = foldIncident(records, Date.now(), reasons);
        if (incident) folded.push(incident);
        if (records.length > 0) opened.push([id, incident !== null]);
      }
      await noteUnopened(cfg.url, opened);
      changed = folded.length > 0 ? await ledger.applyFirmIncidents(folded) : 0;
    } else {
      changed = await foldWholeReplica(cfg.url, replica, ledger, news, folded);
    }
    await writeState(FOLDED_SEQ, { url: cfg.url, seq });
    await afterFold(cfg, changed, news, folded);
  }

  /** One batch of a catch-up: the incidents it holds whole, folded now; the rest left for later. */
  async function foldBatch(state: CatchUp, docs: readonly unknown[]): Promise<void> {
    const cfg = await deps.current();
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
   * A first replication or a long time offline: one pass over the replica in id order, where each
   * incident's records sit together, instead of one read per incident. Records recent enough to be
   * news go to `news`, and their incidents to `kept`, for the notifications.
   */
  async function foldWholeReplica(url: string, replica: RecordsDb, ledger: Ledger, news: LedgerRecord[], kept: Incident[]): Promise<number> {
    const now = Date.now();
    const reasons = await refusedIn(url);
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

  return {
    serial,
    refused: refusedIn,
    noteRefused,
    noteUnopened,
    changed: changedHere,

    /** Starts folding what is written to this replica, as it is written. */
    track(url: string, replica: RecordsDb): Arrivals {
      return trackArrivals(replica, {
        serial,
        lastSeq: () => lastSeq(url),
        fold: (ids, whole, seq) => foldArrived(replica, ids, whole, seq),
        foldBatch,
        failed: deps.failed,
      });
    },

    /**
     * The incident as its records in the replica fold it, kept in the ledger: what the panel shows
     * after a command is what the firm's records say (a grant the server's rules refuse, refused).
     * Null for an incident whose records are not in the replica (kept before the ledger).
     */
    async settle(url: string, replica: RecordsDb, incidentId: string): Promise<Incident | null> {
      await deps.complete(url, replica, [incidentId]);
      const incident = foldIncident(await incidentRecordsIn(replica, incidentId), Date.now(), await refusedIn(url));
      if (incident) await (await deps.ledger()).applyFirmIncidents([incident]);
      return incident;
    },

    /** An incident the replica cannot fold (kept before the ledger), kept as a command left it. */
    async keep(incident: Incident): Promise<Incident> {
      await (await deps.ledger()).applyFirmIncidents([incident]);
      return incident;
    },

    /** Incidents whose records in the replica still wait for their opening record. */
    unopened: unopenedIn as (url: string) => Promise<ReadonlySet<string>>,

    /**
     * Every incident folded again from the whole replica, after whatever waits to be folded (a first
     * sync resumed after live replication had written records a stopped worker never folded).
     */
    refoldAll(replica: RecordsDb): Promise<void> {
      return serial(async () => foldArrived(replica, null, new Set(), (await replica.info()).update_seq));
    },

    /** A first sync folded every record the replica holds: noted, and the pages and notifications told. */
    async loaded(cfg: FirmConfig, replica: RecordsDb, changed: number, news: LedgerRecord[], folded: Incident[]): Promise<void> {
      await writeState(FOLDED_SEQ, { url: cfg.url, seq: (await replica.info()).update_seq });
      await afterFold(cfg, changed, news, folded);
    },
  };
}

export type FirmProjection = ReturnType<typeof makeFirmProjection>;
