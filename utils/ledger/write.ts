import type { IDBPTransaction } from 'idb';
import type { LedgerDb, LedgerSchema } from './db';
import { clientAfter, type ClientRecord } from './clients';
import { weekOf } from './export-cache';
import type { Incident } from './types';
import { errorText } from '../error-text';
import { t } from '../i18n';

// Every change to the ledger is one readwrite transaction with strict durability: it either lands
// whole or not at all, and a failure surfaces as an Error to show (the wording lives here).

/** A refusal to show the person as it is ("This incident is resolved"); nothing was written. */
export class LedgerRefusal extends Error {
  override name = 'LedgerRefusal';
}

export type WriteTx = IDBPTransaction<LedgerSchema, ('incidents' | 'meta' | 'clients' | 'exportCache')[], 'readwrite'>;

/** Runs one user action as one transaction; on any failure the transaction is aborted whole. */
export async function writeLedger<T>(db: LedgerDb, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  let tx: WriteTx | undefined;
  try {
    tx = db.transaction(['incidents', 'meta', 'clients', 'exportCache'], 'readwrite', { durability: 'strict' });
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
 * Every write of an incident: the record, and its week's export text dropped in the same
 * transaction (utils/ledger/export-cache.ts), so no export ever reads text older than the record;
 * also the week it was in before, should a replacing record (an import, the firm's copy) carry
 * another creation time, so that week's text never lists it twice.
 */
export async function saveIncident(tx: WriteTx, incident: Incident, how: 'add' | 'put' = 'put'): Promise<void> {
  const store = tx.objectStore('incidents');
  const held = how === 'put' ? await store.get(incident.id) : undefined;
  await (how === 'add' ? store.add(incident) : store.put(incident));
  const cache = tx.objectStore('exportCache');
  for (const week of weeksTouched(incident, held)) await cache.delete(week);
}

/** The weeks whose export text a write makes stale: the incident's, and the one it was in before. */
function weeksTouched(incident: Incident, held: Incident | undefined): number[] {
  const week = weekOf(incident.createdAt);
  return held && weekOf(held.createdAt) !== week ? [week, weekOf(held.createdAt)] : [week];
}

/** Keeps the client search's record of the incident's client up to date, in the caller's transaction. */
export async function rememberClient(tx: WriteTx, incident: Incident): Promise<void> {
  const clients = tx.objectStore('clients');
  await clients.put(clientAfter(await clients.get(incident.clientKey), incident));
}

/**
 * `saveIncident` and `rememberClient` for many incidents in one transaction (a first replication
 * writes thousands), each given with what the store held for it: the requests go out together
 * instead of one after another, and each client and each week's export text is touched once.
 */
export async function saveIncidents(tx: WriteTx, writes: readonly { incident: Incident; held: Incident | undefined }[]): Promise<void> {
  const store = tx.objectStore('incidents');
  const clients = tx.objectStore('clients');
  const weeks = new Set(writes.flatMap(({ incident, held }) => weeksTouched(incident, held)));
  const keys = [...new Set(writes.map((w) => w.incident.clientKey))];
  const known = await Promise.all(keys.map((key) => clients.get(key)));
  const after = new Map<string, ClientRecord | undefined>(keys.map((key, i) => [key, known[i]]));
  for (const { incident } of writes) after.set(incident.clientKey, clientAfter(after.get(incident.clientKey), incident));
  // A client record no incident here is newer than is left as it is.
  const changed = keys.flatMap((key, i) => (after.get(key) !== known[i] ? [after.get(key)!] : []));
  await Promise.all([
    ...writes.map(({ incident }) => store.put(incident)),
    ...[...weeks].map((week) => tx.objectStore('exportCache').delete(week)),
    ...changed.map((client) => clients.put(client)),
  ]);
}

function storageProblem(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') return t('storageFull');
  if (name === 'InvalidStateError') return t('storageClosed');
  if (name === 'AbortError') return t('storageAborted');
  return errorText(error);
}
