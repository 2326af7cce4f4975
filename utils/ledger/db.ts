import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPObjectStore,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import type { Incident } from './types';
import { clientAfter, type ClientRecord } from './clients';
import { BUCKET_MAX, bucketOf, type Bucket, type BucketKey } from './buckets';
import { noteNumbersGiven } from './credit-notes';
import { weekOf } from './export-cache';
import type { ExportCacheEntry } from './export-cache';

// The ledger's IndexedDB schema and its migration chain. Each version's step runs once, in order,
// inside the upgrade transaction; a test per step opens a database written by the previous version.

export const LEDGER_DB_NAME = 'make-it-right';
export const LEDGER_DB_VERSION = 6;

/** A credit note sequence: the last number used for one prefix and year. */
export interface SequenceRecord {
  /** `<prefix>-<year>`, e.g. "CN-2026". */
  key: string;
  last: number;
}

export interface LedgerSchema extends DBSchema {
  /** Incidents kept together by client (utils/ledger/buckets.ts), each with its own index entries. */
  buckets: {
    key: BucketKey;
    value: Bucket;
    indexes: {
      'by-id': string;
      /** The paged lists, and every incident in creation order (utils/ledger/timeline.ts). */
      'by-status-created': [string, number, string];
    };
  };
  meta: { key: string; value: SequenceRecord };
  clients: {
    key: string;
    value: ClientRecord;
    indexes: { 'by-word': string };
  };
  /** Each week's export text, kept ready (utils/ledger/export-cache.ts); derived, rebuilt when missing. */
  exportCache: { key: number; value: ExportCacheEntry };
}

/** The last version that kept one record per incident (`LegacySchema`). */
export const LEGACY_VERSION = 5;

/** Versions 1 to 5 kept one record per incident (still built when a test opens one of those versions). */
export interface LegacySchema extends DBSchema {
  incidents: {
    key: string;
    value: Incident;
    indexes: { 'by-created': number; 'by-status-created': [string, number]; 'by-client-created': [string, number] };
  };
  meta: LedgerSchema['meta'];
  clients: LedgerSchema['clients'];
  exportCache: LedgerSchema['exportCache'];
}

export type LedgerDb = IDBPDatabase<LedgerSchema>;

type LegacyDb = IDBPDatabase<LegacySchema>;
type UpgradeTx = IDBPTransaction<LegacySchema, StoreNames<LegacySchema>[], 'versionchange'>;
type UpgradeStore<N extends StoreNames<LegacySchema>> = IDBPObjectStore<
  LegacySchema,
  StoreNames<LegacySchema>[],
  N,
  'versionchange'
>;

export interface OpenCallbacks {
  /** The browser closed the connection (storage cleared, disk error): open a new one. */
  onClose?: () => void;
}

/** Opens (and migrates) the ledger database; `version` below the latest is for migration tests. */
export function openLedgerDb(
  name = LEDGER_DB_NAME,
  version = LEDGER_DB_VERSION,
  callbacks: OpenCallbacks = {},
): Promise<LedgerDb> {
  let opened: LedgerDb | undefined;
  return openDB<LedgerSchema>(name, version, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion === 0 && version >= 6) createLatest(db);
      else migrate(db as unknown as LegacyDb, oldVersion, version, tx as unknown as UpgradeTx);
    },
    blocking() {
      // A newer version of the extension wants to upgrade: step aside rather than block it.
      opened?.close();
      callbacks.onClose?.();
    },
    terminated() {
      callbacks.onClose?.();
    },
  }).then((db) => (opened = db));
}

/** Indexes of versions 1 to 4 that v5 dropped (still built when a test opens one of those versions). */
const RETIRED_BY_CLIENT = 'by-client' as never;
const RETIRED_BY_STATUS = 'by-status' as never;

/** A new database: the latest schema at once. */
function createLatest(db: LedgerDb): void {
  createBuckets(db);
  db.createObjectStore('meta', { keyPath: 'key' });
  db.createObjectStore('clients', { keyPath: 'clientKey' }).createIndex('by-word', 'words', { multiEntry: true });
  db.createObjectStore('exportCache', { keyPath: 'week' });
}

function createBuckets(db: LedgerDb): void {
  const buckets = db.createObjectStore('buckets', { keyPath: ['clientKey', 'n'] });
  buckets.createIndex('by-id', 'ids', { unique: true, multiEntry: true });
  buckets.createIndex('by-status-created', 'statusCreated', { multiEntry: true });
}

function migrate(db: LegacyDb, oldVersion: number, target: number, tx: UpgradeTx): void {
  if (oldVersion < 1 && target >= 1) {
    // v1: incidents by client and by creation time. Records carried no status or updatedAt field
    // (an incident was resolved when it had resolvedAt), and credit note sequences lived nowhere but
    // in the numbers already given.
    const incidents = db.createObjectStore('incidents', { keyPath: 'id' });
    if (target < 5) incidents.createIndex(RETIRED_BY_CLIENT, 'clientKey');
    incidents.createIndex('by-created', 'createdAt');
  }
  if (oldVersion < 2 && target >= 2) {
    // v2: status and updatedAt on every record, indexes for the paged lists, and the sequence store
    // seeded from the numbers v1 gave so that none is ever given twice.
    const incidents = tx.objectStore('incidents');
    if (target < 5) incidents.createIndex(RETIRED_BY_STATUS, 'status');
    incidents.createIndex('by-status-created', ['status', 'createdAt']);
    incidents.createIndex('by-client-created', ['clientKey', 'createdAt']);
    db.createObjectStore('meta', { keyPath: 'key' });
  }
  if (oldVersion < 3 && target >= 3) {
    // v3: a client record per client key, searchable by the words of the name.
    const clients = db.createObjectStore('clients', { keyPath: 'clientKey' });
    clients.createIndex('by-word', 'words', { multiEntry: true });
  }
  if (oldVersion < 4 && target >= 4) {
    // v4: the export's text per week of incidents, built by the first export that needs it.
    db.createObjectStore('exportCache', { keyPath: 'week' });
  }
  if (oldVersion < 5 && target >= 5) {
    // v5: incidents by client and by status alone go: the client's and the status's ranges of
    // `by-client-created` and `by-status-created` answer the same, and every incident written (a
    // first sync writes a whole firm's) costs two index entries fewer.
    const incidents = tx.objectStore('incidents');
    for (const name of [RETIRED_BY_CLIENT, RETIRED_BY_STATUS]) {
      if (incidents.indexNames.contains(name)) incidents.deleteIndex(name);
    }
  }
  if (oldVersion < 6 && target >= 6) {
    // v6: incidents kept together by client (utils/ledger/buckets.ts): a first sync writes a few
    // records per thousand incidents instead of one each. Filled below, then the old store goes.
    createBuckets(db as unknown as LedgerDb);
  }
  // Records are rewritten after the schema changes, one version after another. The upgrade
  // transaction stays open while this awaits only its own requests; a failure aborts the whole
  // upgrade, so the database stays at its old version rather than half-migrated.
  void (async () => {
    if (oldVersion < 2 && target >= 2) await backfillV2(tx.objectStore('incidents'), tx.objectStore('meta'));
    if (oldVersion < 3 && target >= 3) await backfillV3(tx.objectStore('incidents'), tx.objectStore('clients'));
    if (oldVersion < 6 && target >= 6) {
      await backfillV6(tx.objectStore('incidents'), (tx as unknown as IDBPTransaction<LedgerSchema, StoreNames<LedgerSchema>[], 'versionchange'>).objectStore('buckets'));
      db.deleteObjectStore('incidents');
    }
  })().catch(() => {
    // A record the back-fill cannot read throws in script, which IndexedDB does not see: without an
    // abort the upgrade would commit with the records after it never rewritten.
    tx.done.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // Already finished: nothing left to undo.
    }
  });
}

type V1Incident = Omit<Incident, 'status' | 'updatedAt'> & Partial<Pick<Incident, 'status' | 'updatedAt'>>;

async function backfillV2(
  incidents: UpgradeStore<'incidents'>,
  meta: UpgradeStore<'meta'>,
): Promise<void> {
  const sequences = new Map<string, number>();
  let cursor = await incidents.openCursor();
  while (cursor) {
    const old = cursor.value as V1Incident;
    const stamps = [old.createdAt, old.resolvedAt ?? 0];
    for (const step of old.checklist) stamps.push(step.doneAt ?? 0);
    for (const r of old.remedies) stamps.push(r.requestedAt, r.grantedAt ?? 0);
    noteNumbersGiven(sequences, old.remedies.map((r) => r.creditNoteNumber));
    const upgraded: Incident = {
      ...old,
      status: old.status ?? (old.resolvedAt === undefined ? 'open' : 'resolved'),
      updatedAt: old.updatedAt ?? Math.max(...stamps),
    };
    await cursor.update(upgraded);
    cursor = await cursor.continue();
  }
  for (const [key, last] of sequences) await meta.put({ key, last });
}

async function backfillV3(incidents: UpgradeStore<'incidents'>, clients: UpgradeStore<'clients'>): Promise<void> {
  const records = new Map<string, ClientRecord>();
  let cursor = await incidents.openCursor();
  while (cursor) {
    records.set(cursor.value.clientKey, clientAfter(records.get(cursor.value.clientKey), cursor.value));
    cursor = await cursor.continue();
  }
  for (const record of records.values()) await clients.put(record);
}

/** Each client's incidents in buckets by week, walking the old store by client and time so memory holds one bucket. */
async function backfillV6(
  incidents: UpgradeStore<'incidents'>,
  buckets: IDBPObjectStore<LedgerSchema, StoreNames<LedgerSchema>[], 'buckets', 'versionchange'>,
): Promise<void> {
  let held: Incident[] = [];
  let n = 0;
  const flush = async () => {
    if (held.length > 0) await buckets.add(bucketOf(held[0]!.clientKey, ++n, held));
    held = [];
  };
  let cursor = await incidents.index('by-client-created').openCursor();
  while (cursor) {
    const incident = cursor.value;
    if (held.length > 0 && held[0]!.clientKey !== incident.clientKey) {
      await flush();
      n = 0;
    }
    // A bucket holds one week of the client's incidents (utils/ledger/buckets.ts).
    if (held.length > 0 && weekOf(held[0]!.createdAt) !== weekOf(incident.createdAt)) await flush();
    held.push(incident);
    if (held.length === BUCKET_MAX) await flush();
    cursor = await cursor.continue();
  }
  await flush();
}
