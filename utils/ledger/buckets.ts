import type { Incident } from './types';
import { weekOf } from './export-cache';

// How the ledger keeps incidents: together by client, in buckets of up to `BUCKET_MAX`. Storage
// costs per request far more than per byte (a first sync writes a whole firm's incidents, and each
// record written costs the browser about 0.2 ms whatever it holds), so a client's incidents go in a
// few records instead of one each. Every incident still has its own index entries, taken from the
// bucket by multiEntry indexes over keys this file derives: by id, and by status and creation time
// (which also gives the whole timeline: timeline.ts). A client's incidents are one key range; a command rewrites one bucket.
//
// This file is the one home of the layout: what a bucket holds and how its keys are derived
// (`bucketOf`), and where an incident goes (`placeIncidents`). Reads over the indexes are in
// queries.ts, writes through write.ts.

/** The most incidents one bucket holds: a command rewrites at most this many. */
export const BUCKET_MAX = 200;
/**
 * A write of more new incidents than this (a first sync's page, an import) puts each client's new
 * ones in buckets of their own rather than reading each client's last bucket to fill it up.
 */
export const BULK_WRITE = 100;

/**
 * How many weeks of creation one bucket of a bulk write may span: wider buckets are fewer records
 * to write, but reading a period (the dashboard's 90 days, a week of the export) reads each bucket
 * it touches whole.
 */
export const BULK_WEEKS = 13;

/** `[clientKey, n]`: a client's buckets are one key range; `n` only tells them apart. */
export type BucketKey = [string, number];

export interface Bucket {
  clientKey: string;
  n: number;
  /** The client's incidents in this bucket, in no particular order. */
  incidents: Incident[];
  /** Index keys, one per incident, derived by `bucketOf` only. */
  ids: string[];
  /** `[status, createdAt, id]`: the lists, and every incident in creation order (timeline.ts). */
  statusCreated: [string, number, string][];
}

/** A bucket holding these incidents of one client, with its index keys. */
export function bucketOf(clientKey: string, n: number, incidents: readonly Incident[]): Bucket {
  return {
    clientKey,
    n,
    incidents: [...incidents],
    ids: incidents.map((i) => i.id),
    statusCreated: incidents.map((i) => [i.status, i.createdAt, i.id]),
  };
}

export const bucketKey = (bucket: Pick<Bucket, 'clientKey' | 'n'>): BucketKey => [bucket.clientKey, bucket.n];

/** Every bucket of one client. */
export const clientBuckets = (clientKey: string): IDBKeyRange => IDBKeyRange.bound([clientKey, -Infinity], [clientKey, Infinity]);

/** A client's incidents, oldest first (ties by id), from their buckets. */
export function incidentsOf(buckets: readonly Bucket[]): Incident[] {
  return buckets.flatMap((b) => b.incidents).sort(byCreation);
}

/** Creation order, ties by id: the export's order. */
export function byCreation(a: Incident, b: Incident): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * What a write does to the buckets: new ones to add, changed ones to put whole, emptied ones to
 * delete. An id is in one bucket only, so `first`, written before the rest, takes the incidents
 * whose client changed out of the buckets they leave (a bucket may lose one and gain another).
 */
export interface Placement {
  first: Bucket[];
  add: Bucket[];
  put: Bucket[];
  remove: BucketKey[];
}

/**
 * The `n` of a bulk write's new bucket, drawn at random so that no read of the client's buckets is
 * needed: two of one client's buckets draw the same one in 2^-52, and the bucket is added (never
 * put over another), so even that fails the write rather than losing a bucket. Below 2^52, so that
 * `n + 1` after it stays an exact integer.
 */
export const randomN = (): number => Math.floor(Math.random() * 2 ** 52);

/**
 * Where incidents go. `held`: each bucket holding one of them now (read by the caller, by id);
 * `last`: for a client with new incidents, its bucket with the highest `n` (unread in a bulk
 * write). An incident held stays in its bucket (moved if its client changed). A new one goes with
 * its client's incidents of the same week of creation, so that reading a week (the export's) or a
 * period reads little else: it fills its client's last bucket up to `BUCKET_MAX` when that holds
 * the same week, else new buckets follow (`n` above the last). In a bulk write (a first sync's page,
 * in id order, with every week in it) a client's new incidents go straight to new buckets of random
 * `n`, one per quarter (`BULK_WEEKS`) they were created in: a few records per thousand incidents is
 * what makes it fast.
 */
export function placeIncidents(
  incidents: readonly Incident[],
  held: ReadonlyMap<string, Bucket>,
  last: ReadonlyMap<string, Bucket>,
  bulk: boolean,
  nextN: () => number = randomN,
): Placement {
  const touched = new Map<string, Bucket>();
  const keyOf = (b: Pick<Bucket, 'clientKey' | 'n'>) => `${b.n} ${b.clientKey}`;
  const working = (b: Bucket) => touched.get(keyOf(b)) ?? b;
  const fresh: Incident[] = [];
  /** Buckets as they are once the incidents moving out have left, before any comes in. */
  const left = new Map<string, Bucket>();
  for (const incident of incidents) {
    const bucket = held.get(incident.id);
    if (bucket && bucket.clientKey === incident.clientKey) {
      const current = working(bucket);
      touched.set(keyOf(bucket), bucketOf(bucket.clientKey, bucket.n, current.incidents.map((i) => (i.id === incident.id ? incident : i))));
      continue;
    }
    if (bucket) {
      const current = working(bucket);
      touched.set(keyOf(bucket), bucketOf(bucket.clientKey, bucket.n, current.incidents.filter((i) => i.id !== incident.id)));
      left.set(keyOf(bucket), touched.get(keyOf(bucket))!);
    }
    fresh.push(incident);
  }
  // New incidents by client and by week of creation (by quarter in a bulk write).
  const groups = new Map<string, Incident[]>();
  for (const incident of fresh) {
    const period = bulk ? Math.floor(weekOf(incident.createdAt) / BULK_WEEKS) : weekOf(incident.createdAt);
    const key = `${period} ${incident.clientKey}`;
    groups.set(key, [...(groups.get(key) ?? []), incident]);
  }
  const add: Bucket[] = [];
  const lastN = new Map<string, number>();
  for (const added of groups.values()) {
    const clientKey = added[0]!.clientKey;
    const end = bulk ? undefined : last.get(clientKey);
    let n = lastN.get(clientKey) ?? end?.n ?? 0;
    let rest = added;
    const open = end ? working(end) : undefined;
    const sameWeek = open && open.incidents.length > 0 && weekOf(open.incidents[0]!.createdAt) === weekOf(added[0]!.createdAt);
    if (open && sameWeek && open.incidents.length < BUCKET_MAX) {
      const room = BUCKET_MAX - open.incidents.length;
      touched.set(keyOf(open), bucketOf(clientKey, open.n, [...open.incidents, ...rest.slice(0, room)]));
      rest = rest.slice(room);
    }
    for (let from = 0; from < rest.length; from += BUCKET_MAX) {
      n = bulk ? nextN() : n + 1;
      add.push(bucketOf(clientKey, n, rest.slice(from, from + BUCKET_MAX)));
    }
    lastN.set(clientKey, n);
  }
  const put = [...touched.values()].filter((b) => b.incidents.length > 0);
  const remove = [...touched.values()].filter((b) => b.incidents.length === 0).map(bucketKey);
  const first = [...left.values()].filter((b) => b.incidents.length > 0);
  return { first, add, put, remove };
}
