import type { ServerDoc, SnapshotSource } from './snapshot';

// The ledger as the server held it at one sequence, kept beside the ledger by IT (`ledger:setup`,
// then `npm run ledger:snapshot`, e.g. nightly): the documents `_all_docs` gave (conflicts marked),
// in id order, as a few JSON attachments of a design document in a database of its own
// (`<ledger>-snapshot`). CouchDB serves an attachment as one compressed stream, some fifty times
// faster than the same documents one by one through `_all_docs`, so a new browser's first sync
// reads it instead of the server's pages (utils/firm-ledger/snapshot.ts), and replication carries
// on from its sequence.
//
// It is only a faster way to get the same records: only an admin may write a design document, as
// only an admin may write the rules; every record in it is folded, rules and all, as a replicated one
// is; and a part that is missing or not what its manifest says is read from `_all_docs` instead
// (the server holds at least what the snapshot held). It lives in a database of its own so that
// replication never carries it into a replica.

export const SNAPSHOT_DATABASE_SUFFIX = '-snapshot';
/** The manifest: which build is current, its sequence and its parts. */
export const SNAPSHOT_DOC_ID = '_design/snapshot';
/** Documents a part holds (about 14 MB of JSON, 1 MB as the server keeps it compressed). */
export const PART_DOCS = 20_000;
/**
 * A snapshot is used while the server has taken at most this share of its documents since (or
 * `STALE_MIN` changes): beyond it, replication's catch-up would cost more than the pages save.
 */
const STALE_SHARE = 0.25;
const STALE_MIN = 5_000;

export interface SnapshotPart {
  /** The attachment's name: `part-0001.json`… */
  name: string;
  /** Its first and last documents' ids. */
  first: string;
  last: string;
  docs: number;
}

export interface SnapshotManifest {
  /** One build's id; its parts are attachments of `_design/snapshot-<build>`. */
  build: string;
  /** The ledger's sequence read before its first page: replication carries on from it. */
  seq: number | string;
  builtAt: number;
  docs: number;
  parts: SnapshotPart[];
}

/** The snapshot's database beside the ledger's. */
export function snapshotDatabaseUrl(ledgerUrl: string): string {
  return `${ledgerUrl.replace(/\/+$/, '')}${SNAPSHOT_DATABASE_SUFFIX}`;
}

/** The design document holding one build's parts. */
export function buildDocId(build: string): string {
  return `${SNAPSHOT_DOC_ID}-${build}`;
}

/** Refuses every write but an admin's: the manifest and the parts are written by IT's tools only. */
export const SNAPSHOT_ONLY = [
  'function (newDoc, oldDoc, userCtx) {',
  "  if (!userCtx.roles || userCtx.roles.indexOf('_admin') === -1) throw({ forbidden: 'This database holds the ledger snapshot only: npm run ledger:snapshot writes it' });",
  '}',
].join('\n');

const PART_NAME = /^part-\d{4,}\.json$/;
const BUILD = /^[a-z0-9-]{1,64}$/;

/** The manifest as read, or null when it is not one (then the first sync reads the server's pages). */
export function parseManifest(value: unknown): SnapshotManifest | null {
  if (!value || typeof value !== 'object') return null;
  const m = value as Record<string, unknown>;
  if (typeof m.build !== 'string' || !BUILD.test(m.build)) return null;
  if (typeof m.seq !== 'string' && typeof m.seq !== 'number') return null;
  if (typeof m.builtAt !== 'number' || !Number.isSafeInteger(m.docs) || !Array.isArray(m.parts)) return null;
  const parts: SnapshotPart[] = [];
  let total = 0;
  for (const p of m.parts as unknown[]) {
    if (!p || typeof p !== 'object') return null;
    const { name, first, last, docs } = p as Record<string, unknown>;
    if (typeof name !== 'string' || !PART_NAME.test(name) || typeof first !== 'string' || typeof last !== 'string') return null;
    if (!Number.isSafeInteger(docs) || (docs as number) < 1 || first > last) return null;
    // In id order, none overlapping.
    const before = parts.at(-1);
    if (before && before.last >= first) return null;
    parts.push({ name, first, last, docs: docs as number });
    total += docs as number;
  }
  if (total !== m.docs) return null;
  return { build: m.build, seq: m.seq, builtAt: m.builtAt, docs: total, parts };
}

/** A sequence's count of changes (CouchDB's `N-…`, or a number), or null. */
function seqCount(seq: number | string): number | null {
  const n = typeof seq === 'number' ? seq : Number.parseInt(seq, 10);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * Whether a first sync starts from the snapshot, given the server's sequence now: not when the
 * server has taken too much since (or holds less than it did: another database of the same name).
 */
export function snapshotFresh(manifest: SnapshotManifest, serverSeq: number | string): boolean {
  const then = seqCount(manifest.seq);
  const now = seqCount(serverSeq);
  if (then === null || now === null || now < then) return false;
  return now - then <= Math.max(STALE_MIN, manifest.docs * STALE_SHARE);
}

/** A part's documents, or why they are not what the manifest says. */
export function checkPart(part: SnapshotPart, value: unknown): ServerDoc[] {
  if (!Array.isArray(value) || value.length !== part.docs) throw new Error(`${part.name}: not ${part.docs} documents`);
  let previous: string | null = null;
  for (const doc of value as unknown[]) {
    const d = doc as Record<string, unknown> | null;
    if (!d || typeof d !== 'object' || typeof d._id !== 'string' || typeof d._rev !== 'string') throw new Error(`${part.name}: a document without _id or _rev`);
    if (previous !== null && d._id <= previous) throw new Error(`${part.name}: not in id order at ${d._id}`);
    previous = d._id;
  }
  const docs = value as ServerDoc[];
  if (docs[0]!._id !== part.first || docs.at(-1)!._id !== part.last) throw new Error(`${part.name}: not the ids its manifest names`);
  return docs;
}

/**
 * The server's documents as the snapshot holds them, a page at a time as `source` would give them
 * (`page(after, limit)`), each part read once (the next one fetched while one is used). A part that
 * cannot be read or is not what the manifest says makes this read the server's pages from there on.
 */
export function partsSource(manifest: SnapshotManifest, readPart: (part: SnapshotPart) => Promise<unknown>, server: SnapshotSource): SnapshotSource {
  const parts = manifest.parts;
  const loaded = new Map<number, Promise<ServerDoc[]>>();
  let broken = false;
  const load = (i: number): Promise<ServerDoc[]> => {
    let docs = loaded.get(i);
    if (!docs) {
      docs = readPart(parts[i]!).then((value) => checkPart(parts[i]!, value));
      docs.catch(() => undefined);
      loaded.set(i, docs);
    }
    return docs;
  };
  /** The index of the first document after `after` (binary search: ids are in order). */
  const startOf = (docs: readonly ServerDoc[], after: string | null): number => {
    if (after === null) return 0;
    let lo = 0;
    let hi = docs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid]!._id <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const fromParts = async (after: string | null, limit: number): Promise<ServerDoc[]> => {
    const page: ServerDoc[] = [];
    for (let i = parts.findIndex((p) => after === null || p.last > after); i >= 0 && i < parts.length && page.length < limit; i++) {
      const docs = await load(i);
      // Parts before this one are done with; the next is on its way.
      for (const k of loaded.keys()) if (k < i) loaded.delete(k);
      if (i + 1 < parts.length) void load(i + 1);
      const from = startOf(docs, page.length > 0 ? null : after);
      page.push(...docs.slice(from, from + limit - page.length));
    }
    return page;
  };
  return {
    seq: async () => manifest.seq,
    revisions: (id) => server.revisions(id),
    async page(after, limit) {
      if (!broken) {
        try {
          return await fromParts(after, limit);
        } catch {
          broken = true;
          loaded.clear();
        }
      }
      return server.page(after, limit);
    },
  };
}

/** The name of a build's `n`th part (from 1). */
export function partName(n: number): string {
  return `part-${String(n).padStart(4, '0')}.json`;
}
