import type { IDBPTransaction } from 'idb';
import type { LedgerDb, LedgerSchema } from './db';
import { clientAfter } from './clients';
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
  const cache = tx.objectStore('exportCache');
  const week = weekOf(incident.createdAt);
  if (how === 'put') {
    const held = await store.get(incident.id);
    if (held && weekOf(held.createdAt) !== week) await cache.delete(weekOf(held.createdAt));
  }
  await (how === 'add' ? store.add(incident) : store.put(incident));
  await cache.delete(week);
}

/** Keeps the client search's record of the incident's client up to date, in the caller's transaction. */
export async function rememberClient(tx: WriteTx, incident: Incident): Promise<void> {
  const clients = tx.objectStore('clients');
  await clients.put(clientAfter(await clients.get(incident.clientKey), incident));
}

function storageProblem(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') return t('storageFull');
  if (name === 'InvalidStateError') return t('storageClosed');
  if (name === 'AbortError') return t('storageAborted');
  return errorText(error);
}
