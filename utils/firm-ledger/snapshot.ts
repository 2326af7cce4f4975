import { asLedgerRecord } from './replica';
import type { LedgerRecord } from './records';
import type { Incident } from '../ledger/types';
import { sameJson } from '../ledger/canonical-json';

// A new browser's first sync of the firm ledger: the records the server already holds, read in pages
// of `_all_docs` (in id order, where each incident's records sit together whatever shard holds
// them), in two passes. The ledger's pass folds each page into this browser's ledger (the incidents
// it lacks: one it holds may carry what was recorded here meanwhile), so the panel,
// the lists and the dashboard have every incident as soon as the pages have been read. The
// replica's pass then takes the pages again (kept from the first pass, up to `KEPT_MAX` documents,
// the rest read from the server again), stores them in the replica as the server holds them
// (revisions and conflicts kept) and checks each page's fold against the ledger: what differs (a
// record the server took between the passes, or one this browser recorded meanwhile, which only
// the replica holds) is folded again. Then replication carries on from the server's sequence read
// before the first page. The snapshot is only a faster way to get the records: each one is folded,
// rules and all, exactly as a replicated one would be (a conflicted record comes marked, for the
// fold to set aside).
//
// Resumable: the progress says how far each pass is; a worker stopped or a server gone midway
// starts again from there, with the same sequence (whatever the server took after it comes by
// replication; storing a record twice is harmless, the replica keeps its revision once).

/** A document as the server returns it (a record, the design document, anything). */
export type ServerDoc = { _id: string; _rev: string; _conflicts?: string[] } & Record<string, unknown>;

export interface SnapshotSource {
  /** The server's update sequence now: replication continues from it. */
  seq(): Promise<number | string>;
  /** Up to `limit` documents after the id `after` (null: from the first), in id order. */
  page(after: string | null, limit: number): Promise<ServerDoc[]>;
  /** Every leaf revision of a conflicted document, with its revision history (`_revisions`). */
  revisions(id: string): Promise<ServerDoc[]>;
}

export interface SnapshotSink {
  /** Stores documents in the replica as the server holds them (`new_edits: false`). */
  store(docs: readonly Record<string, unknown>[]): Promise<void>;
  /**
   * Folds incidents, each given with all its records, into the ledger: in the ledger's pass, before
   * the replica holds them; in the replica's pass, once their records are stored, as a check of
   * what the ledger's pass wrote (`againstHeld`).
   */
  fold(incidents: readonly LedgerRecord[][], pass: SnapshotPass): Promise<void>;
  /** Folds incidents from their records in the replica (records that came apart in the id order). */
  foldFromReplica(incidentIds: readonly string[]): Promise<void>;
  /** The progress so far, kept where a restarted worker finds it. */
  progress(progress: SnapshotProgress): Promise<void>;
}

export type SnapshotPass = 'ledger' | 'replica';

export interface SnapshotProgress {
  /** The server's sequence read before the first page: replication continues from it. */
  seq: number | string;
  /** While the ledger's pass goes on: every incident up to this id is folded (null: none yet). */
  ledgerAfter?: string | null;
  /** Every document up to this id is stored and folded (null: none yet). */
  after: string | null;
  done: boolean;
}

/**
 * A page's incidents go into buckets by client and quarter (utils/ledger/buckets.ts): the larger
 * the page, the fuller its buckets and the fewer the ledger writes (at 100,000 incidents, 50,000
 * records a page wrote 24,800 buckets and took 14 s; 20,000 a page, 40,800 and 16.5 s).
 */
export const SNAPSHOT_PAGE = 50_000;
/**
 * The first page of a pass is small and each next one twice as large, up to `SNAPSHOT_PAGE`: the
 * fold starts early, and each page is read while the one before it is folded.
 */
export const FIRST_PAGE = 1_000;
/** How many documents the ledger's pass keeps for the replica's, which reads the rest from the server again. */
export const KEPT_MAX = 50_000;

/** An answer of `_all_docs` or of a view with `include_docs`. */
export interface DocRows {
  rows: { id: string; doc?: ServerDoc | null }[];
}

/**
 * The address, under the ledger's, of one page of the server's documents: up to `limit` after the
 * id `after` (null: from the first), conflicts marked. What a new browser reads, and what the
 * snapshot for new browsers holds.
 */
export function pagePath(after: string | null, limit: number): string {
  const from = after === null ? '' : `&startkey=${encodeURIComponent(JSON.stringify(after))}&skip=1`;
  return `_all_docs?include_docs=true&conflicts=true&limit=${limit}${from}`;
}

/** The documents of an answer's rows (a row without one, e.g. a deleted document's, left out). */
export function rowDocs(body: DocRows): ServerDoc[] {
  return body.rows.flatMap((row) => (row.doc ? [row.doc] : []));
}

/** The documents of a page as the replica stores them: the server's own fields stripped. */
function storable(doc: ServerDoc): Record<string, unknown> {
  const { _conflicts, ...rest } = doc;
  void _conflicts;
  return rest;
}

/**
 * Documents as the replica stores them to hold what the server holds: a conflicted one as every one
 * of its versions, each with its history (so it stays a conflict), the rest as they came.
 */
export async function asServerHolds(source: Pick<SnapshotSource, 'revisions'>, docs: readonly ServerDoc[]): Promise<Record<string, unknown>[]> {
  const conflicted = docs.filter((doc) => Array.isArray(doc._conflicts) && doc._conflicts.length > 0);
  const leaves = conflicted.length > 0 ? await Promise.all(conflicted.map((doc) => source.revisions(doc._id))) : [];
  const conflictedIds = new Set(conflicted.map((doc) => doc._id));
  return [...docs.filter((doc) => !conflictedIds.has(doc._id)).map(storable), ...leaves.flat().map(storable)];
}

/**
 * A page's records by incident, in id order, and the incident whose records may go on in the next
 * page (the page's last), unless it is the last page.
 */
export function pageIncidents(docs: readonly ServerDoc[], last: boolean): { whole: LedgerRecord[][]; carried: LedgerRecord[]; carriedFrom: string | null } {
  const whole: LedgerRecord[][] = [];
  let group: LedgerRecord[] = [];
  let groupFrom: string | null = null;
  let previousId: string | null = null;
  for (const doc of docs) {
    const record = asLedgerRecord(doc);
    if (record) {
      if (group.length > 0 && group[0]!.incidentId !== record.incidentId) {
        whole.push(group);
        group = [];
      }
      if (group.length === 0) groupFrom = previousId;
      group.push(record);
    }
    previousId = doc._id;
  }
  if (last || group.length === 0) {
    if (group.length > 0) whole.push(group);
    return { whole, carried: [], carriedFrom: null };
  }
  return { whole, carried: group, carriedFrom: groupFrom };
}

/**
 * The replica's pass against what the ledger's pass wrote, for the incidents a page folds to: one
 * the ledger lacks is written as folded; one the ledger holds otherwise is folded again from the
 * replica, which holds the page's records now and any record this browser added meanwhile.
 */
export function againstHeld(folded: readonly Incident[], held: ReadonlyMap<string, Incident>): { write: Incident[]; fromReplica: string[] } {
  const write: Incident[] = [];
  const fromReplica: string[] = [];
  for (const incident of folded) {
    const kept = held.get(incident.id);
    if (!kept) write.push(incident);
    else if (!sameJson(kept, incident)) fromReplica.push(incident.id);
  }
  return { write, fromReplica };
}

interface Page {
  docs: ServerDoc[];
  /** The page's incidents with all their records (the one the previous page ended on joined). */
  incidents: LedgerRecord[][];
  /** Every document up to this id is in these incidents or before them (null: none yet). */
  after: string | null;
  last: boolean;
}

/**
 * The server's documents from the id `from` on, a page at a time, each page's incidents whole: the
 * incident a page ends on is carried into the next. The next page is on its way while one is used.
 */
async function* pagesFrom(source: SnapshotSource, from: string | null, pageSize: number): AsyncGenerator<Page> {
  let carried: LedgerRecord[] = [];
  /** Where the carried incident's records begin: every id before it is in pages given already. */
  let carriedAfter: string | null = null;
  let cursor = from;
  let size = Math.min(FIRST_PAGE, pageSize);
  let next = source.page(cursor, size);
  for (;;) {
    const docs = await next;
    const last = docs.length < size;
    const pageAfter = cursor;
    cursor = docs.length > 0 ? docs.at(-1)!._id : cursor;
    size = Math.min(size * 2, pageSize);
    if (!last) {
      next = source.page(cursor, size);
      next.catch(() => undefined);
    }
    const { whole, carried: rest, carriedFrom } = pageIncidents(docs, last);
    const incidents = [...whole];
    let restAfter = carriedFrom ?? pageAfter;
    // The incident the previous page ended on goes on here, or ended there.
    if (carried.length > 0) {
      const id = carried[0]!.incidentId;
      if (whole[0]?.[0]?.incidentId === id) incidents[0] = [...carried, ...incidents[0]!];
      else if (whole.length === 0 && rest[0]?.incidentId === id) {
        rest.unshift(...carried);
        restAfter = carriedAfter;
      } else incidents.unshift(carried);
    }
    carried = rest;
    carriedAfter = restAfter;
    yield { docs, incidents, after: rest.length > 0 ? restAfter : cursor, last };
    if (last) return;
  }
}

/**
 * The pages the ledger's pass reads (`keeping`), kept up to `max` documents for the replica's pass
 * (`reading`), which reads from the server only the pages not kept.
 */
function keptPages(source: SnapshotSource, max: number): { keeping: SnapshotSource; reading: SnapshotSource } {
  const kept = new Map<string, ServerDoc[]>();
  let keptDocs = 0;
  const key = (after: string | null, limit: number) => `${limit} ${after ?? ''}`;
  return {
    keeping: {
      ...source,
      page: async (after, limit) => {
        const docs = await source.page(after, limit);
        if (keptDocs + docs.length <= max) {
          kept.set(key(after, limit), docs);
          keptDocs += docs.length;
        }
        return docs;
      },
    },
    reading: {
      ...source,
      page: async (after, limit) => {
        const docs = kept.get(key(after, limit));
        kept.delete(key(after, limit));
        return docs ?? source.page(after, limit);
      },
    },
  };
}

/**
 * Loads the server's records into the ledger, then into the replica, from `start` (a load that
 * stopped midway) or from the beginning; `stopped` is asked between pages. Returns the progress reached.
 */
export async function loadSnapshot(
  source: SnapshotSource,
  sink: SnapshotSink,
  start: SnapshotProgress | null,
  stopped: () => boolean,
  pageSize = SNAPSHOT_PAGE,
  keptMax = KEPT_MAX,
): Promise<SnapshotProgress> {
  const progress: SnapshotProgress = start ? { ...start } : { seq: await source.seq(), ledgerAfter: null, after: null, done: false };
  if (!start) await sink.progress(progress);

  const { keeping, reading } = keptPages(source, keptMax);

  if (progress.ledgerAfter !== undefined) {
    /** Incidents folded so far in this pass: one seen again later (come apart) is left to the replica's pass. */
    const folded = new Set<string>();
    for await (const page of pagesFrom(keeping, progress.ledgerAfter, pageSize)) {
      if (stopped()) return progress;
      const fresh = page.incidents.filter((group) => !folded.has(group[0]!.incidentId));
      for (const group of fresh) folded.add(group[0]!.incidentId);
      if (fresh.length > 0) await sink.fold(fresh, 'ledger');
      if (page.last) delete progress.ledgerAfter;
      else progress.ledgerAfter = page.after;
      await sink.progress(progress);
      if (stopped()) return progress;
    }
  }

  /** Incidents folded so far in this pass: one seen again later is folded from the replica at the end. */
  const folded = new Set<string>();
  const apart = new Set<string>();
  for await (const page of pagesFrom(reading, progress.after, pageSize)) {
    if (stopped()) return progress;
    const stored = await asServerHolds(source, page.docs);
    const fresh: LedgerRecord[][] = [];
    for (const group of page.incidents) {
      const id = group[0]!.incidentId;
      if (folded.has(id)) apart.add(id);
      else fresh.push(group);
      folded.add(id);
    }
    // Stored first: what differs from the ledger's pass is folded again from the replica.
    await sink.store(stored);
    if (fresh.length > 0) await sink.fold(fresh, 'replica');
    // Stored and folded up to the carried incident, which the next page (or a restart) completes.
    progress.after = page.after;
    if (page.last) break;
    await sink.progress(progress);
    if (stopped()) return progress;
  }
  if (apart.size > 0) await sink.foldFromReplica([...apart]);
  progress.done = true;
  await sink.progress(progress);
  return progress;
}
