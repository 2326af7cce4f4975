import PouchDB, { type PouchDatabase } from 'pouchdb-core';
import IndexedDbAdapter from 'pouchdb-adapter-indexeddb';
import HttpAdapter from 'pouchdb-adapter-http';
import Replication from 'pouchdb-replication';
import type { LedgerRecord } from '../firm-ledger/records';

// PouchDB, as little of it as the firm ledger needs: this browser's replica of the firm's records in
// IndexedDB, and the firm's CouchDB over HTTP, signed in with the server's session cookie.

const Pouch = PouchDB.plugin(IndexedDbAdapter).plugin(HttpAdapter).plugin(Replication);

export type RecordsDb = PouchDatabase<LedgerRecord>;

/** The replica of one firm ledger (by its URL) in this browser's IndexedDB. */
export function openReplica(ledgerUrl: string): RecordsDb {
  return new Pouch<LedgerRecord>(`firm-ledger ${ledgerUrl}`, { adapter: 'indexeddb', auto_compaction: false });
}

/** The firm's database; requests carry the session cookie `_session` set. */
export function remoteLedger(ledgerUrl: string): RecordsDb {
  return new Pouch<LedgerRecord>(ledgerUrl, {
    adapter: 'http',
    skip_setup: true,
    fetch: (url: string, init: RequestInit) => fetch(url, { ...init, credentials: 'include' }),
  });
}
