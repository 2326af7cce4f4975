import { openLedgerDb } from '../../../utils/ledger/db';
import { clientAfter, type ClientRecord } from '../../../utils/ledger/clients';
import { noteNumbersGiven } from '../../../utils/ledger/credit-notes';
import { weekOf } from '../../../utils/ledger/export-cache';
import { generateIncidents } from '../fixtures/incidents';
import { openLedger } from '../../../utils/ledger/repository';
import { exportFile } from '../../../utils/ledger/transfer';

// Fills a ledger database with the generated incidents in bulk, the way a long-used ledger looks
// on disk: incidents, the client records beside them and the credit note sequences. Runs in Node
// (fake-indexeddb) and, bundled, in the extension's service worker (Chromium's IndexedDB). Only
// incidents beyond those already stored are written, so a ledger can grow from one size to the next.
// It writes behind the product's back, so it drops the export text kept for each week it adds to,
// as every write of the product does (utils/ledger/write.ts).

const CHUNK = 5000;

export async function seedLedger(name: string, total: number, now: number): Promise<{ stored: number; ms: number }> {
  const started = performance.now();
  const db = await openLedgerDb(name);
  try {
    const already = await db.count('incidents');
    const incidents = generateIncidents(total, now);
    const clients = new Map<string, ClientRecord>();
    const sequences = new Map<string, number>();
    for (const incident of incidents) {
      clients.set(incident.clientKey, clientAfter(clients.get(incident.clientKey), incident));
      noteNumbersGiven(sequences, incident.remedies.map((r) => r.creditNoteNumber));
    }
    for (let from = already; from < incidents.length; from += CHUNK) {
      const tx = db.transaction(['incidents', 'exportCache'], 'readwrite');
      const weeks = new Set<number>();
      for (const incident of incidents.slice(from, from + CHUNK)) {
        void tx.objectStore('incidents').put(incident);
        weeks.add(weekOf(incident.createdAt));
      }
      for (const week of weeks) void tx.objectStore('exportCache').delete(week);
      await tx.done;
    }
    const tx = db.transaction(['clients', 'meta'], 'readwrite');
    for (const client of clients.values()) void tx.objectStore('clients').put(client);
    for (const [key, last] of sequences) void tx.objectStore('meta').put({ key, last });
    await tx.done;
    return { stored: await db.count('incidents'), ms: performance.now() - started };
  } finally {
    db.close();
  }
}

/** Per-call milliseconds of the product's client-history lookup, straight on the database. */
export async function timeClientHistory(name: string, clientKey: string, runs: number, now: number): Promise<number[]> {
  const ledger = await openLedger(name);
  try {
    await ledger.clientHistory(clientKey, now);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await ledger.clientHistory(clientKey, now);
      times.push(performance.now() - start);
    }
    return times;
  } finally {
    ledger.close();
  }
}

/** Where an export's time goes, in the page that exports: reading the week chunks, and making the file. */
export async function timeExportPhases(name: string, timeZone: string): Promise<Record<string, number>> {
  const ledger = await openLedger(name);
  try {
    const out: Record<string, number> = {};
    let t = performance.now();
    let chars = 0;
    for await (const chunk of ledger.exportChunks()) chars += chunk.json.size;
    out['read chunks'] = performance.now() - t;
    out['chars'] = chars;
    t = performance.now();
    for await (const chunk of ledger.exportChunks()) chars += chunk.count;
    out['read chunks again'] = performance.now() - t;
    t = performance.now();
    const json = await exportFile(ledger, 'json', timeZone, Date.now());
    out['json file parts'] = performance.now() - t;
    t = performance.now();
    const blob = new Blob(json.parts, { type: 'application/json' });
    out['json blob'] = performance.now() - t;
    out['blob MB'] = blob.size / 2 ** 20;
    t = performance.now();
    await exportFile(ledger, 'csv', timeZone, Date.now());
    out['csv file parts'] = performance.now() - t;
    t = performance.now();
    await exportFile(ledger, 'csv', timeZone, Date.now());
    out['csv file parts again'] = performance.now() - t;
    return out;
  } finally {
    ledger.close();
  }
}
