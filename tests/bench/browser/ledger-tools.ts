import { openLedgerDb } from '../../../utils/ledger/db';
import { noteNumbersGiven } from '../../../utils/ledger/credit-notes';
import { storeIncidents, writeLedger } from '../../../utils/ledger/write';
import { generateIncidents } from '../fixtures/incidents';
import { openLedger } from '../../../utils/ledger/repository';

// Fills a ledger database with the generated incidents in bulk, the way a long-used ledger looks
// on disk: incidents, the client records beside them and the credit note sequences. Runs in Node
// (fake-indexeddb) and, bundled, in the extension's service worker (Chromium's IndexedDB). Only
// incidents beyond those already stored are written, so a ledger can grow from one size to the next.
// The incidents go through the product's own write (utils/ledger/write.ts), in bulk.

const CHUNK = 5000;

export async function seedLedger(name: string, total: number, now: number): Promise<{ stored: number; ms: number }> {
  const started = performance.now();
  const db = await openLedgerDb(name);
  try {
    // The generated incidents already there (ids 00000000-0000-4000-8000-…): others the bench made
    // through the extension's own commands do not count.
    const already = await db.countFromIndex('buckets', 'by-id', IDBKeyRange.bound('00000000-0000-4000-8000-', '00000000-0000-4000-8000-\uffff'));
    const incidents = generateIncidents(total, now);
    const sequences = new Map<string, number>();
    for (const incident of incidents) noteNumbersGiven(sequences, incident.remedies.map((r) => r.creditNoteNumber));
    // The product's own write of new incidents, in bulk: buckets by client, the client records, and
    // each week's export text dropped.
    for (let from = already; from < incidents.length; from += CHUNK) {
      await writeLedger(db, (tx) => storeIncidents(tx, incidents.slice(from, from + CHUNK), new Map()));
    }
    const tx = db.transaction('meta', 'readwrite');
    for (const [key, last] of sequences) void tx.store.put({ key, last });
    await tx.done;
    return { stored: await db.countFromIndex('buckets', 'by-id'), ms: performance.now() - started };
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

/** Page-clock moments (ms) of one export, as `watchExportPhases` notes them. */
export interface ExportMarks {
  /** The click on Export. */
  click?: number;
  /** The first and the last answer of the ledger's database. */
  firstRead?: number;
  lastRead?: number;
  /** The whole file's Blob handed to the browser (its object URL made). */
  fileHanded?: number;
  requests: number;
  bytes?: number;
}

declare global {
  // eslint-disable-next-line no-var
  var mirExportMarks: ExportMarks | undefined;
}

/**
 * Where a click on Export spends its time, in the options page: installed before the click (the
 * page is reloaded before each export), it notes on the page's clock the click, every answer of the
 * ledger's database and the moment the file's Blob is handed to the browser. The product's code is
 * left as it is: the database's requests and URL.createObjectURL are watched, not changed.
 */
export function watchExportPhases(): void {
  const marks: ExportMarks = { requests: 0 };
  globalThis.mirExportMarks = marks;
  // Capturing, and the first only: the download link's own click comes later.
  document.addEventListener('click', () => void (marks.click ??= performance.now()), { capture: true });
  const methods = ['get', 'getAll', 'getAllKeys', 'getKey', 'count', 'openCursor', 'openKeyCursor', 'put', 'delete'];
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Record<string, (...args: unknown[]) => IDBRequest>[]) {
    for (const method of methods) {
      const original = proto[method];
      if (!original) continue;
      proto[method] = function (this: unknown, ...args: unknown[]) {
        const request = original.apply(this, args);
        request.addEventListener('success', () => {
          // What the export reads before the file is handed over (its kept rows are written after).
          if (marks.fileHanded !== undefined) return;
          marks.firstRead ??= performance.now();
          marks.lastRead = performance.now();
          marks.requests += 1;
        });
        return request;
      };
    }
  }
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob: Blob | MediaSource) => {
    marks.fileHanded = performance.now();
    if (blob instanceof Blob) marks.bytes = blob.size;
    return createObjectURL(blob);
  };
}

/**
 * Resolves once every write begun on the ledger's kept export text is done (the CSV rows an export
 * keeps after the download has started): IndexedDB starts a readwrite transaction only after the
 * ones begun before it on the same store. Lets the next export begin from what a user who stayed on
 * the page would have.
 */
export async function keptTextSettled(name: string): Promise<void> {
  const db = await openLedgerDb(name);
  try {
    await db.transaction('exportCache', 'readwrite').done;
  } finally {
    db.close();
  }
}
