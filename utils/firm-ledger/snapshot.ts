import { asLedgerRecord } from './replica';
import type { LedgerRecord } from './records';

// A new browser's first sync of the firm ledger: the records the server already holds, read in pages
// of `_all_docs` (in id order, where each incident's records sit together whatever shard holds
// them), stored in the replica as the server holds them (revisions and conflicts kept) and folded
// page by page; then replication carries on from the server's sequence read before the first page.
// The snapshot is only a faster way to get the records: each one is folded, rules and all, exactly
// as a replicated one would be (a conflicted record comes marked, for the fold to set aside).
//
// Resumable: the progress says which records are stored and folded; a worker stopped or a server
// gone midway starts again from there, with the same sequence (whatever the server took after it
// comes by replication; storing a record twice is harmless, the replica keeps its revision once).

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
  /** Folds incidents, each given with all its records. */
  fold(incidents: readonly LedgerRecord[][]): Promise<void>;
  /** Folds incidents from their records in the replica (records that came apart in the id order). */
  foldFromReplica(incidentIds: readonly string[]): Promise<void>;
  /** The progress so far, kept where a restarted worker finds it. */
  progress(progress: SnapshotProgress): Promise<void>;
}

export interface SnapshotProgress {
  /** The server's sequence read before the first page: replication continues from it. */
  seq: number | string;
  /** Every document up to this id is stored and folded (null: none yet). */
  after: string | null;
  done: boolean;
}

export const SNAPSHOT_PAGE = 10_000;

/** The documents of a page as the replica stores them: the server's own fields stripped. */
export function storable(doc: ServerDoc): Record<string, unknown> {
  const { _conflicts, ...rest } = doc;
  void _conflicts;
  return rest;
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
 * Loads the server's records into the replica and the ledger, from `start` (a load that stopped
 * midway) or from the beginning; `stopped` is asked between pages. Returns the progress reached.
 */
export async function loadSnapshot(
  source: SnapshotSource,
  sink: SnapshotSink,
  start: SnapshotProgress | null,
  stopped: () => boolean,
  pageSize = SNAPSHOT_PAGE,
): Promise<SnapshotProgress> {
  const progress: SnapshotProgress = start ? { ...start } : { seq: await source.seq(), after: null, done: false };
  if (!start) await sink.progress(progress);
  /** Incidents folded so far in this run: one seen again later is folded from the replica at the end. */
  const folded = new Set<string>();
  const apart = new Set<string>();
  let carried: LedgerRecord[] = [];
  /** Where the carried incident's records begin: every id before it is stored and folded. */
  let carriedAfter: string | null = null;
  let cursor = progress.after;
  let next = source.page(cursor, pageSize);
  for (;;) {
    const docs = await next;
    if (stopped()) return progress;
    const last = docs.length < pageSize;
    const pageAfter = cursor;
    cursor = docs.length > 0 ? docs.at(-1)!._id : cursor;
    // The next page is on its way while this one is stored and folded.
    if (!last) next = source.page(cursor, pageSize);
    next.catch(() => undefined);

    const conflicted = docs.filter((doc) => Array.isArray(doc._conflicts) && doc._conflicts.length > 0);
    const leaves = conflicted.length > 0 ? await Promise.all(conflicted.map((doc) => source.revisions(doc._id))) : [];
    const conflictedIds = new Set(conflicted.map((doc) => doc._id));
    const stored = [...docs.filter((doc) => !conflictedIds.has(doc._id)).map(storable), ...leaves.flat().map(storable)];

    const { whole, carried: rest, carriedFrom } = pageIncidents(docs, last);
    const groups = [...whole];
    let restAfter = carriedFrom ?? pageAfter;
    // The incident the previous page ended on goes on here, or ended there.
    if (carried.length > 0) {
      const id = carried[0]!.incidentId;
      if (whole[0]?.[0]?.incidentId === id) groups[0] = [...carried, ...groups[0]!];
      else if (whole.length === 0 && rest[0]?.incidentId === id) {
        rest.unshift(...carried);
        restAfter = carriedAfter;
      } else groups.unshift(carried);
    }
    const fresh: LedgerRecord[][] = [];
    for (const group of groups) {
      const id = group[0]!.incidentId;
      if (folded.has(id)) apart.add(id);
      else fresh.push(group);
      folded.add(id);
    }
    // The replica and the ledger are two databases: written at the same time.
    await Promise.all([sink.store(stored), fresh.length > 0 ? sink.fold(fresh) : undefined]);
    carried = rest;
    carriedAfter = restAfter;
    // Stored and folded up to the carried incident, which the next page (or a restart) completes.
    progress.after = rest.length > 0 ? restAfter : cursor;
    if (last) break;
    await sink.progress(progress);
    if (stopped()) return progress;
  }
  if (apart.size > 0) await sink.foldFromReplica([...apart]);
  progress.done = true;
  await sink.progress(progress);
  return progress;
}
