import { csvBlocks, csvFileStem, csvHeader, csvProblem, isoDate, type CsvOptions } from './csv';
import { jsonFooter, jsonHeader, jsonIncidents, parseExport } from './export';
import { noteNumbersGiven, parseCreditNoteNumber, sequenceKey } from './credit-notes';
import type { LedgerDb } from './db';
import { mergeImported } from './merge';
import type { GrantedRemedy, Incident } from './types';
import { LedgerRefusal, storeIncidents, writeLedger } from './write';
import { incidentsOf } from './buckets';
import { readHeldBuckets } from './queries';
import { anyIn, countIn, creationSpan, incidentsIn, type Window } from './timeline';
import { buildExportEntry, isCurrent, keptCsvFile, weekOf, weekSpan, withCsvFile } from './export-cache';
import { t } from '../i18n';

// The ledger in and out of a file. The one export path: the options page reads the ledger's
// database itself (same extension origin) and builds the file there; the background takes no part,
// so no message has to carry the file. Import goes through the background, as every write does.

/** A run of incidents in export order: their JSON lines, and a CSV file's rows of them. */
export interface ExportChunk {
  count: number;
  /** How many incidents the whole export holds, as known when it began (for progress). */
  total: number;
  /** As `jsonIncidents(…, true)` writes them. */
  json: Blob;
  /** The CSV file's rows of these incidents, one Blob per block of its layout, when one was asked for. */
  csvBlocks?: Blob[];
}

/** A CSV file to write: its key among those kept, and how to write a run of incidents' rows. */
export interface CsvVariant {
  key: string;
  rows(incidents: Incident[]): string[];
}

/** What the export reads the ledger through (the ledger itself, opened by the page that exports). */
export interface ExportSource {
  /** The whole ledger in export order, a run at a time (utils/ledger/export-cache.ts). */
  exportChunks(csv?: CsvVariant): AsyncIterable<ExportChunk>;
  creditNoteSequences(): Promise<Record<string, number>>;
}

/** The JSON export, or a CSV layout (`'csv'`: the bookkeeper's file). */
export type ExportFormat = 'json' | 'csv' | Omit<CsvOptions, 'timeZone'>;

/**
 * The export file as parts for a Blob, read straight from the ledger a week of incidents at a time
 * (no message carries it: a 100,000-incident file is over 150 MB), from the text kept ready. A CSV
 * written in blocks (credit notes, then gifts) keeps each block's parts apart until the end.
 */
export async function exportFile(
  source: ExportSource,
  format: ExportFormat,
  timeZone: string,
  now: number,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ fileName: string; parts: BlobPart[] }> {
  const csv: CsvOptions | null =
    format === 'json' ? null : format === 'csv' ? { layout: 'bookkeeper', timeZone } : { ...format, timeZone };
  if (csv) {
    const problem = csvProblem(csv);
    if (problem) throw new Error(problem);
  }
  const parts: BlobPart[] = [csv ? csvHeader(csv.layout) : jsonHeader(now)];
  const blocks: Blob[][] = [];
  let done = 0;
  const variant = csv ? { key: JSON.stringify(csv), rows: (incidents: Incident[]) => csvBlocks(incidents, csv) } : undefined;
  for await (const chunk of source.exportChunks(variant)) {
    if (csv) chunk.csvBlocks?.forEach((blob, i) => (blocks[i] ??= []).push(blob));
    else parts.push(...(done === 0 ? [chunk.json] : [',', chunk.json]));
    done += chunk.count;
    onProgress(done, Math.max(chunk.total, done));
  }
  if (csv) parts.push(...blocks.flat());
  else parts.push(jsonFooter(await source.creditNoteSequences()));
  const stem = csv ? csvFileStem(csv.layout) : 'make-it-right-ledger';
  return { fileName: `${stem}-${isoDate(now, timeZone)}.${csv ? 'csv' : 'json'}`, parts };
}

/** A CSV variant's rows of a week, as Blobs, from the text of the week's entry's `csv` subset. */
function csvOfWeek(subset: string, csv: CsvVariant): Blob[] {
  return csv.rows(JSON.parse(subset) as Incident[]).map((text) => new Blob([text], { type: 'text/csv' }));
}

/**
 * The ledger in export order, a week of creation at a time: each week's text kept ready, or built
 * now (and kept) when missing or out of date; with `csv`, that file's rows of the week, kept too.
 * It reads Blob handles, not their bytes, so memory stays small whatever the ledger's size, and it
 * counts only the weeks it has to build (IndexedDB counts by walking every entry).
 */
export async function* ledgerChunks(db: LedgerDb, csv?: CsvVariant): AsyncGenerator<ExportChunk> {
  const read = db.transaction(['buckets', 'exportCache'], 'readonly');
  const store = read.objectStore('buckets');
  const span = await creationSpan(store);
  if (!span) return;
  const weeksAll = Array.from({ length: weekOf(span.last) - weekOf(span.first) + 1 }, (_, i) => weekOf(span.first) + i);
  const windowOf = (week: number): Window => ({ from: [weekSpan(week).from], to: [weekSpan(week).to] });
  // Which weeks hold incidents (one seek each, not a walk), and every kept entry (they hold Blobs,
  // so this reads no text).
  const [held, kept] = await Promise.all([
    Promise.all(weeksAll.map((week) => anyIn(store, windowOf(week)))),
    read.objectStore('exportCache').getAll(),
  ]);
  const byWeek = new Map(kept.filter((entry) => isCurrent(entry)).map((entry) => [entry.week, entry]));
  const weeks = weeksAll.filter((_, i) => held[i]);
  const toBuild = weeks.filter((week) => !byWeek.has(week));
  const buildCounts = await Promise.all(toBuild.map((week) => countIn(store, windowOf(week))));
  const total = weeks.reduce((sum, week) => sum + (byWeek.get(week)?.count ?? 0), 0) + buildCounts.reduce((a, b) => a + b, 0);
  // A CSV layout not yet written for a kept week is written from the week's kept subset: all of
  // them read at once (the browser reads Blobs apart from this page's work), and each week's rows
  // kept in a transaction of its own that neither the next week nor the download waits for.
  const subsets = new Map(
    csv ? [...byWeek.values()].filter((entry) => !keptCsvFile(entry, csv.key)).map((entry) => [entry.week, entry.csv.text()] as const) : [],
  );
  // Keeps the text a failed read of one week would leave unread from being an unhandled rejection.
  for (const text of subsets.values()) text.catch(() => undefined);
  for (const week of weeks) {
    let entry = byWeek.get(week);
    if (!entry) {
      // Read and kept in one transaction, so a change made meanwhile is either in it or drops it.
      const tx = db.transaction(['buckets', 'exportCache'], 'readwrite');
      const incidents = await incidentsIn(tx.objectStore('buckets'), windowOf(week));
      // Emptied since the plan was made (no write removes incidents today): nothing to write.
      if (incidents.length === 0) continue;
      entry = buildExportEntry(week, incidents);
      await tx.objectStore('exportCache').put(entry);
      await tx.done;
    }
    if (!csv) {
      yield { count: entry.count, total, json: entry.json };
      continue;
    }
    let blocks = keptCsvFile(entry, csv.key);
    if (!blocks) {
      blocks = csvOfWeek(await (subsets.get(week) ?? entry.csv.text()), csv);
      void keepCsvFile(db, week, entry.built, csv.key, blocks).catch(() => undefined);
    }
    yield { count: entry.count, total, json: entry.json, csvBlocks: blocks };
  }
}

/**
 * Keeps a CSV layout's rows of a week just written, only beside the very text they were written
 * from (a change since has dropped that). Derived: lost if the page closes first, written again then.
 */
async function keepCsvFile(db: LedgerDb, week: number, built: string, key: string, blocks: Blob[]): Promise<void> {
  const tx = db.transaction('exportCache', 'readwrite');
  const current = await tx.store.get(week);
  if (isCurrent(current) && current.built === built) await tx.store.put(withCsvFile(current, key, blocks));
  await tx.done;
}

/** The same chunks from incidents held in memory (sorted in export order here): nothing is kept. */
export async function* memoryChunks(incidents: readonly Incident[], csv?: CsvVariant): AsyncGenerator<ExportChunk> {
  const sorted = [...incidents].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let from = 0; from < sorted.length; ) {
    const week = weekOf(sorted[from]!.createdAt);
    let to = from;
    while (to < sorted.length && weekOf(sorted[to]!.createdAt) === week) to++;
    const entry = buildExportEntry(week, sorted.slice(from, to));
    yield { count: entry.count, total: sorted.length, json: entry.json, ...(csv ? { csvBlocks: csvOfWeek(await entry.csv.text(), csv) } : {}) };
    from = to;
  }
}

/**
 * Merges an export into the ledger by incident id: new incidents are added, a newer version of a
 * known one replaces it, anything else is left alone. Credit note sequences only ever move up.
 */
export async function importFile(
  db: LedgerDb,
  fileText: string,
  now = Date.now(),
): Promise<{ added: number; updated: number; unchanged: number }> {
  const file = parseExport(fileText, now);
  return writeLedger(db, async (tx) => {
    const store = tx.objectStore('buckets');
    const meta = tx.objectStore('meta');
    const counts = { added: 0, updated: 0, unchanged: 0 };
    const sequences = new Map(Object.entries(file.sequences));
    /** What the file adds or changes, written together at the end; the last version of an incident wins. */
    const writes = new Map<string, Incident>();
    const heldBuckets = await readHeldBuckets(store, file.incidents.map((i) => i.id), 'each');
    // Numbers this ledger holds, read only if an added remedy's number is one it may have given.
    let held: Set<string> | null = null;
    const checkFree = async (added: readonly GrantedRemedy[]) => {
      for (const { creditNoteNumber: number } of added) {
        const parsed = number ? parseCreditNoteNumber(number) : null;
        if (!number || !parsed) continue;
        const last = (await meta.get(sequenceKey(parsed.prefix, parsed.year, parsed.code)))?.last ?? 0;
        if (parsed.sequence > last) continue;
        held ??= new Set(incidentsOf(await store.getAll()).flatMap((i) => i.remedies.map((r) => r.creditNoteNumber ?? '')));
        const written = [...writes.values()].some((i) => i.remedies.some((r) => r.creditNoteNumber === number));
        if (held.has(number) || written) throw new LedgerRefusal(t('refNoteHeld', number));
      }
    };
    for (const incident of file.incidents) {
      const existing = writes.get(incident.id) ?? heldBuckets.get(incident.id)?.incidents.find((i) => i.id === incident.id);
      if (!existing) {
        await checkFree(incident.remedies);
        writes.set(incident.id, incident);
        counts.added += 1;
        noteNumbersGiven(sequences, incident.remedies.map((r) => r.creditNoteNumber));
        continue;
      }
      const merged = mergeImported(existing, incident);
      if (!merged) {
        counts.unchanged += 1;
        continue;
      }
      const addedRemedies = merged.remedies.slice(existing.remedies.length);
      await checkFree(addedRemedies);
      writes.set(incident.id, merged);
      counts.updated += 1;
      noteNumbersGiven(sequences, addedRemedies.map((r) => r.creditNoteNumber));
    }
    await storeIncidents(tx, [...writes.values()], heldBuckets);
    for (const [key, last] of sequences) {
      const current = await meta.get(key);
      if (!current || current.last < last) await meta.put({ key, last });
    }
    return counts;
  });
}
