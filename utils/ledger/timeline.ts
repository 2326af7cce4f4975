import type { IDBPObjectStore, StoreNames } from 'idb';
import { bucketKey, byCreation, type Bucket, type BucketKey } from './buckets';
import type { LedgerSchema } from './db';
import type { Incident } from './types';
import { together } from './together';

// The ledger's incidents in creation order, read over its one time index, `by-status-created`
// (`[status, createdAt, id]`, an entry per incident): one range per status, merged. One index
// serves the lists by status and the whole timeline (the lists of every incident, the export's
// weeks, the dashboard, the summary), so a first sync writes two index entries per incident, not three.

/** The buckets' store, in a read or a write transaction. */
export type BucketStore = IDBPObjectStore<LedgerSchema, ArrayLike<StoreNames<LedgerSchema>>, 'buckets', IDBTransactionMode>;

const STATUSES: readonly Incident['status'][] = ['open', 'resolved'];

/**
 * A bound in creation order: `[t]` before every incident created at `t`, `[t, id]` at that incident,
 * `[t, []]` after every incident created at `t` (an array sorts after every string).
 */
export type CreationKey = [number] | [number, string] | [number, never[]];

export interface Window {
  /** From this key on (`fromOpen`: after it); from the first incident when absent. */
  from?: CreationKey;
  fromOpen?: boolean;
  /** Up to this key, not included; to the last incident when absent. */
  to?: CreationKey;
}

/** The index range of one status within a window. */
export function statusRange(status: string, window: Window = {}): IDBKeyRange {
  return IDBKeyRange.bound([status, ...(window.from ?? [-Infinity])], [status, ...(window.to ?? [Infinity])], window.fromOpen ?? false, true);
}

/** An index entry: the incident's id and creation time, and the key of the bucket holding it. */
export interface Entry {
  id: string;
  createdAt: number;
  at: BucketKey;
}

/**
 * The entries of a window in creation order (`prev`: newest first; ties by id), of one status or
 * of all, each status's range read by a key cursor of its own and merged: only what the caller
 * takes is read.
 */
export async function* entries(store: BucketStore, window: Window, direction: 'next' | 'prev', status?: Incident['status']): AsyncGenerator<Entry> {
  const index = store.index('by-status-created');
  const cursors = await Promise.all((status ? [status] : STATUSES).map((s) => index.openKeyCursor(statusRange(s, window), direction)));
  const entryOf = (cursor: NonNullable<(typeof cursors)[number]>): Entry => ({ createdAt: cursor.key[1], id: cursor.key[2], at: cursor.primaryKey });
  const sign = direction === 'next' ? 1 : -1;
  for (;;) {
    let best = -1;
    for (let i = 0; i < cursors.length; i++) {
      const cursor = cursors[i];
      if (!cursor) continue;
      const chosen = cursors[best];
      if (!chosen || sign * compareEntries(entryOf(cursor), entryOf(chosen)) < 0) best = i;
    }
    if (best < 0) return;
    yield entryOf(cursors[best]!);
    cursors[best] = await cursors[best]!.continue();
  }
}

const compareEntries = (a: Entry, b: Entry) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Buckets by their keys (each read once), keyed by `String(key)`. */
export async function readBuckets(store: BucketStore, keys: Iterable<BucketKey>): Promise<Map<string, Bucket>> {
  const distinct = new Map([...keys].map((key) => [String(key), key]));
  const read = await together([...distinct.values()].map((key) => () => store.get(key)));
  return new Map([...distinct.keys()].map((key, i) => [key, read[i]!]));
}

/** The incidents these entries name, in the entries' order. */
export async function incidentsAt(store: BucketStore, named: readonly Pick<Entry, 'id' | 'at'>[]): Promise<Incident[]> {
  const buckets = await readBuckets(store, named.map((e) => e.at));
  return named.map(({ id, at }) => buckets.get(String(at))!.incidents.find((i) => i.id === id)!);
}

/** How many of a range's first entries tell how its entries share buckets. */
const SAMPLE = 256;

/**
 * The buckets holding the first `limit` entries of a range of the time index (all without a
 * limit; one may come more than once, `incidentsIn` keeps each once). When most of the range's
 * first entries name a bucket of their own (buckets a first sync wrote, or a ledger of clients with
 * few incidents each), the buckets come in one request over the index; else (buckets of one week,
 * whose many entries would each repeat it) their keys come first and each bucket is read once.
 */
async function bucketsOfRange(store: BucketStore, range: IDBKeyRange, limit?: number): Promise<Bucket[]> {
  const index = store.index('by-status-created');
  const sample = await index.getAllKeys(range, Math.min(SAMPLE, limit ?? SAMPLE));
  if (new Set(sample.map(String)).size * 2 > sample.length) return index.getAll(range, limit);
  return [...(await readBuckets(store, await index.getAllKeys(range, limit))).values()];
}

/**
 * Every incident of one status (all when absent) in a window, in creation order: each bucket the
 * window's entries name read once, its incidents outside the window left. With `limit`, the first
 * `limit` of them only (each status's first `limit` entries read, merged).
 */
export async function incidentsIn(store: BucketStore, window: Window, status?: Incident['status'], limit?: number): Promise<Incident[]> {
  if (limit === 0) return [];
  const statuses = status ? [status] : STATUSES;
  const buckets = (await Promise.all(statuses.map((s) => bucketsOfRange(store, statusRange(s, window), limit)))).flat();
  const seen = new Set<string>();
  const range = statusRange('', window);
  const inWindow = (i: Incident) => statuses.includes(i.status) && range.includes(['', i.createdAt, i.id]);
  const found = buckets
    .filter((b) => !seen.has(String(bucketKey(b))) && seen.add(String(bucketKey(b))))
    .flatMap((b) => b.incidents.filter(inWindow))
    .sort(byCreation);
  return limit === undefined ? found : found.slice(0, limit);
}

/** How many incidents a window holds (IndexedDB walks the entries to count them). */
export async function countIn(store: BucketStore, window: Window): Promise<number> {
  const index = store.index('by-status-created');
  const counts = await Promise.all(STATUSES.map((s) => index.count(statusRange(s, window))));
  return counts.reduce((a, b) => a + b, 0);
}

/** Whether a window holds any incident: one seek per status, no walk. */
export async function anyIn(store: BucketStore, window: Window): Promise<boolean> {
  const index = store.index('by-status-created');
  const keys = await Promise.all(STATUSES.map((s) => index.getKey(statusRange(s, window))));
  return keys.some((key) => key !== undefined);
}

/** The creation times of the first and the last incident, or null when the ledger holds none. */
export async function creationSpan(store: BucketStore): Promise<{ first: number; last: number } | null> {
  const [first] = await take(entries(store, {}, 'next'), 1);
  const [last] = await take(entries(store, {}, 'prev'), 1);
  return first && last ? { first: first.createdAt, last: last.createdAt } : null;
}

/** Up to `n` items of an async sequence. */
export async function take<T>(items: AsyncIterable<T>, n: number): Promise<T[]> {
  const taken: T[] = [];
  if (n <= 0) return taken;
  for await (const item of items) {
    taken.push(item);
    if (taken.length >= n) break;
  }
  return taken;
}
