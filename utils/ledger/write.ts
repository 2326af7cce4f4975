import type { IDBPTransaction } from 'idb';
import type { LedgerDb, LedgerSchema } from './db';
import { clientAfter, type ClientRecord } from './clients';
import { weekOf } from './export-cache';
import type { Incident } from './types';
import { BULK_WRITE, clientBuckets, placeIncidents, type Bucket } from './buckets';
import { readHeldBuckets } from './queries';
import { together } from './together';
import { errorText } from '../error-text';
import { t } from '../i18n';

// Every change to the ledger is one readwrite transaction with strict durability: it either lands
// whole or not at all, and a failure surfaces as an Error to show (the wording lives here).

/** A refusal to show the person as it is ("This incident is resolved"); nothing was written. */
export class LedgerRefusal extends Error {
  override name = 'LedgerRefusal';
}

export type WriteTx = IDBPTransaction<LedgerSchema, ('buckets' | 'meta' | 'clients' | 'exportCache')[], 'readwrite'>;

/** Runs one user action as one transaction; on any failure the transaction is aborted whole. */
export async function writeLedger<T>(db: LedgerDb, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  let tx: WriteTx | undefined;
  try {
    tx = db.transaction(['buckets', 'meta', 'clients', 'exportCache'], 'readwrite', { durability: 'strict' });
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (error) {
    if (tx) {
      try {
        tx.abort();
      } catch {
        // Already aborted by the failed request, or already finished: nothing left to undo.
      }
      await tx.done.catch(() => undefined);
    }
    throw error instanceof LedgerRefusal ? error : new Error(t('refCouldNotSave', storageProblem(error)));
  }
}

/**
 * Every write of incidents: each put in its client's bucket (buckets.ts), the client search's
 * records kept up, and the export text of each week they are in dropped in the same transaction
 * (utils/ledger/export-cache.ts), so no export ever reads text older than the record; also the week
 * one was in before, should a replacing record (an import, the firm's copy) carry another creation
 * time, so that week's text never lists it twice. `held`: the buckets holding them now, by incident
 * id, when the caller has read them (one missing is new); else read here. The requests go out
 * together, and each bucket, client and week is written once.
 */
export async function storeIncidents(tx: WriteTx, written: readonly Incident[], held?: ReadonlyMap<string, Bucket>): Promise<void> {
  if (written.length === 0) return;
  const incidents = [...new Map(written.map((i) => [i.id, i])).values()];
  const store = tx.objectStore('buckets');
  const holding = held ?? (await readHeldBuckets(store, incidents.map((i) => i.id), 'each'));
  const fresh = incidents.filter((i) => holding.get(i.id)?.clientKey !== i.clientKey);
  const bulk = fresh.length > BULK_WRITE;
  // Each client's last bucket, to fill up: not read in a bulk write, which adds buckets of its own.
  const freshClients = bulk ? [] : [...new Set(fresh.map((i) => i.clientKey))];
  const lasts = await Promise.all(freshClients.map(async (clientKey) => (await store.openCursor(clientBuckets(clientKey), 'prev'))?.value));
  const last = new Map(freshClients.flatMap((clientKey, i) => (lasts[i] ? [[clientKey, lasts[i]] as const] : [])));
  const placement = placeIncidents(incidents, holding, last, bulk);
  const weeks = new Set(
    incidents.flatMap((incident) => {
      const before = holding.get(incident.id)?.incidents.find((i) => i.id === incident.id);
      return weeksTouched(incident, before);
    }),
  );
  const clientChanges = await clientsAfter(tx, incidents);
  // Requests run in the order sent, and an id is in one bucket only: a bucket an incident moved
  // out of (emptied, or rewritten without it) goes before the one it moved into.
  await together<unknown>([
    ...placement.remove.map((key) => () => store.delete(key)),
    ...placement.first.map((bucket) => () => store.put(bucket)),
    ...placement.put.map((bucket) => () => store.put(bucket)),
    ...placement.add.map((bucket) => () => store.add(bucket)),
    ...[...weeks].map((week) => () => tx.objectStore('exportCache').delete(week)),
    ...clientChanges.map((client) => () => tx.objectStore('clients').put(client)),
  ]);
}

/** The weeks whose export text a write makes stale: the incident's, and the one it was in before. */
function weeksTouched(incident: Incident, held: Incident | undefined): number[] {
  const week = weekOf(incident.createdAt);
  return held && weekOf(held.createdAt) !== week ? [week, weekOf(held.createdAt)] : [week];
}

/** Up to this many clients' records are read one by one; more, as one range. */
const CLIENTS_READ_APART = 50;

/** The client search's records these incidents change (the client's latest incident names them). */
async function clientsAfter(tx: WriteTx, incidents: readonly Incident[]): Promise<ClientRecord[]> {
  const clients = tx.objectStore('clients');
  const keys = [...new Set(incidents.map((i) => i.clientKey))].sort();
  // Many clients are read in one request (a first sync's page names most of the firm's).
  const span = keys.length > CLIENTS_READ_APART ? new Map((await clients.getAll(IDBKeyRange.bound(keys[0]!, keys.at(-1)!))).map((c) => [c.clientKey, c])) : null;
  const known = span ? keys.map((key) => span.get(key)) : await Promise.all(keys.map((key) => clients.get(key)));
  const after = new Map<string, ClientRecord | undefined>(keys.map((key, i) => [key, known[i]]));
  for (const incident of incidents) after.set(incident.clientKey, clientAfter(after.get(incident.clientKey), incident));
  // A client record no incident here is newer than is left as it is.
  return keys.flatMap((key, i) => (after.get(key) !== known[i] ? [after.get(key)!] : []));
}

function storageProblem(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') return t('storageFull');
  if (name === 'InvalidStateError') return t('storageClosed');
  if (name === 'AbortError') return t('storageAborted');
  return errorText(error);
}
