import PouchDB, { type PouchDatabase } from 'pouchdb-core';
import IndexedDbAdapter from 'pouchdb-adapter-indexeddb';
import HttpAdapter from 'pouchdb-adapter-http';
import Replication from 'pouchdb-replication';
import type { LedgerRecord } from '../firm-ledger/records';
import { asServerHolds, pagePath, rowDocs, type DocRows, type ServerDoc, type SnapshotSource } from '../firm-ledger/snapshot';
import { incidentRange } from '../firm-ledger/ids';
import { clientRecordsPath } from '../firm-ledger/client-index';
import { buildDocId, parseManifest, partsSource, snapshotDatabaseUrl, SNAPSHOT_DOC_ID, type SnapshotManifest } from '../firm-ledger/built-snapshot';
import { revsDiffFromCurrent, type CurrentRevs, type RevsMissing, type RevsRequest } from '../firm-ledger/revs-diff';

// PouchDB, as little of it as the firm ledger needs: this browser's replica of the firm's records in
// IndexedDB, and the firm's CouchDB over HTTP, signed in with the server's session cookie.

const Pouch = PouchDB.plugin(IndexedDbAdapter).plugin(HttpAdapter).plugin(Replication);

export type RecordsDb = PouchDatabase<LedgerRecord>;

/** The replica of one firm ledger (by its URL) in this browser's IndexedDB. */
export function openReplica(ledgerUrl: string): RecordsDb {
  const replica = new Pouch<LedgerRecord>(`firm-ledger ${ledgerUrl}`, { adapter: 'indexeddb', auto_compaction: false });
  return withBatchedRevsDiff(replica);
}

/**
 * Replication asks the replica which of a batch's revisions it lacks. PouchDB answers with one
 * IndexedDB transaction per record (thousands per batch of a first replication); this answers the
 * usual case from one read of the batch's current revisions and asks PouchDB only about the rest.
 */
export function withBatchedRevsDiff(replica: RecordsDb): RecordsDb {
  const perRecord = replica.revsDiff.bind(replica);
  replica.revsDiff = async (request: RevsRequest): Promise<RevsMissing> => {
    const ids = Object.keys(request);
    if (ids.length === 0) return {};
    const { rows } = await replica.allDocs({ keys: ids });
    const current: CurrentRevs = new Map();
    for (const row of rows) {
      if (row.error === 'not_found') current.set(row.key, null);
      else if (!row.error && !row.value.deleted) current.set(row.key, row.value.rev);
    }
    const { missing, undecided } = revsDiffFromCurrent(request, current);
    if (undecided.length === 0) return missing;
    const rest = await perRecord(Object.fromEntries(undecided.map((id) => [id, request[id]!])));
    return { ...missing, ...rest };
  };
  return replica;
}

/** The firm's database; requests carry the session cookie `_session` set. */
export function remoteLedger(ledgerUrl: string): RecordsDb {
  return new Pouch<LedgerRecord>(ledgerUrl, {
    adapter: 'http',
    skip_setup: true,
    fetch: (url: string, init: RequestInit) => fetch(url, { ...init, credentials: 'include' }),
  });
}

/** A refusal of the server's, with its HTTP status (401: the session lapsed). */
export class LedgerHttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { credentials: 'include', headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
  if (!response.ok) throw new LedgerHttpError(response.status, `HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as T;
}

/** One client's records on the server, through the index `ledger:setup` writes (utils/firm-ledger/client-index.ts). */
export async function clientRecordsOnServer(ledgerUrl: string, clientKey: string, signal: AbortSignal): Promise<ServerDoc[]> {
  return rowDocs(await getJson<DocRows>(`${ledgerUrl}/${clientRecordsPath(clientKey)}`, signal));
}

/**
 * One incident's records as the server holds them, each version of a conflicted one with its
 * history, ready for the replica to store as they are (`new_edits: false`).
 */
export async function incidentRecordsOnServer(ledgerUrl: string, incidentId: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
  const { startkey, endkey } = incidentRange(incidentId);
  const body = await getJson<DocRows>(
    `${ledgerUrl}/_all_docs?include_docs=true&conflicts=true&startkey=${encodeURIComponent(JSON.stringify(startkey))}&endkey=${encodeURIComponent(JSON.stringify(endkey))}`,
    signal,
  );
  return asServerHolds(serverSnapshot(ledgerUrl), rowDocs(body));
}

/** The firm's records as its server holds them, in pages of `_all_docs` (utils/firm-ledger/snapshot.ts). */
export function serverSnapshot(ledgerUrl: string): SnapshotSource {
  return {
    async seq() {
      return (await getJson<{ update_seq: number | string }>(ledgerUrl)).update_seq;
    },
    async page(after, limit) {
      return rowDocs(await getJson<DocRows>(`${ledgerUrl}/${pagePath(after, limit)}`));
    },
    async revisions(id) {
      const leaves = await getJson<{ ok?: ServerDoc }[]>(`${ledgerUrl}/${encodeURIComponent(id)}?open_revs=all&revs=true`);
      return leaves.flatMap((leaf) => (leaf.ok ? [leaf.ok] : []));
    },
  };
}

/** The snapshot IT keeps beside the ledger (utils/firm-ledger/built-snapshot.ts), or null when there is none to use. */
export async function snapshotManifest(ledgerUrl: string): Promise<SnapshotManifest | null> {
  try {
    return parseManifest(await getJson<unknown>(`${snapshotDatabaseUrl(ledgerUrl)}/${SNAPSHOT_DOC_ID}`));
  } catch {
    return null;
  }
}

/** The firm's records as the snapshot holds them, the server's pages where a part fails. */
export function snapshotParts(ledgerUrl: string, manifest: SnapshotManifest): SnapshotSource {
  const build = `${snapshotDatabaseUrl(ledgerUrl)}/${buildDocId(manifest.build)}`;
  return partsSource(manifest, (part) => getJson<unknown>(`${build}/${part.name}`), serverSnapshot(ledgerUrl));
}
