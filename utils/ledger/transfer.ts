import { csvBlocks, csvFileStem, csvHeader, csvProblem, isoDate, type CsvOptions } from './csv';
import { jsonFooter, jsonHeader, jsonIncidents, parseExport } from './export';
import { noteNumbersGiven, parseCreditNoteNumber, sequenceKey } from './credit-notes';
import type { LedgerDb } from './db';
import { mergeImported } from './merge';
import type { GrantedRemedy, Incident } from './types';
import { LedgerRefusal, rememberClient, writeLedger } from './write';
import { t } from '../i18n';

// The ledger in and out of a file. The one export path: the options page reads the ledger's
// database itself (same extension origin) and builds the file there; the background takes no part,
// so no message has to carry the file. Import goes through the background, as every write does.

/** What the export reads the ledger through (the ledger itself, opened by the page that exports). */
export interface ExportSource {
  /** The next `limit` incidents in export order after `after` (from the start when null). */
  incidentsAfter(after: { createdAt: number; id: string } | null, limit: number): Promise<Incident[]>;
  incidentCount(): Promise<number>;
  creditNoteSequences(): Promise<Record<string, number>>;
}

/** The JSON export, or a CSV layout (`'csv'`: the bookkeeper's file). */
export type ExportFormat = 'json' | 'csv' | Omit<CsvOptions, 'timeZone'>;

/** Incidents read and formatted per batch: a few MB, so progress moves and memory stays flat. */
const EXPORT_BATCH = 4000;

/**
 * The export file as parts for a Blob, read straight from the ledger a key range at a time (no
 * message carries it: a 100,000-incident file is over 150 MB). The next batch is read while this
 * one is formatted. A CSV written in blocks (credit notes, then gifts) keeps each block's parts
 * apart until the end.
 */
export async function exportFile(
  source: ExportSource,
  format: ExportFormat,
  timeZone: string,
  now: number,
  onProgress: (done: number, total: number) => void = () => undefined,
  batchSize = EXPORT_BATCH,
): Promise<{ fileName: string; parts: string[] }> {
  const csv: CsvOptions | null =
    format === 'json' ? null : format === 'csv' ? { layout: 'bookkeeper', timeZone } : { ...format, timeZone };
  if (csv) {
    const problem = csvProblem(csv);
    if (problem) throw new Error(problem);
  }
  const parts = [csv ? csvHeader(csv.layout) : jsonHeader(now)];
  const blocks: string[][] = [];
  let total = await source.incidentCount();
  let done = 0;
  let pending = source.incidentsAfter(null, batchSize);
  for (;;) {
    const batch = await pending;
    const last = batch.at(-1);
    const more = batch.length === batchSize && last !== undefined;
    if (more) pending = source.incidentsAfter({ createdAt: last.createdAt, id: last.id }, batchSize);
    if (csv) csvBlocks(batch, csv).forEach((text, i) => (blocks[i] ??= []).push(text));
    else parts.push(jsonIncidents(batch, done === 0));
    done += batch.length;
    total = Math.max(total, done);
    onProgress(done, total);
    if (!more) break;
  }
  if (csv) parts.push(...blocks.flat());
  else parts.push(jsonFooter(await source.creditNoteSequences()));
  const stem = csv ? csvFileStem(csv.layout) : 'make-it-right-ledger';
  return { fileName: `${stem}-${isoDate(now, timeZone)}.${csv ? 'csv' : 'json'}`, parts };
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
    const store = tx.objectStore('incidents');
    const meta = tx.objectStore('meta');
    const counts = { added: 0, updated: 0, unchanged: 0 };
    const sequences = new Map(Object.entries(file.sequences));
    // Numbers this ledger holds, read only if an added remedy's number is one it may have given.
    let held: Set<string> | null = null;
    const checkFree = async (added: readonly GrantedRemedy[]) => {
      for (const { creditNoteNumber: number } of added) {
        const parsed = number ? parseCreditNoteNumber(number) : null;
        if (!number || !parsed) continue;
        const last = (await meta.get(sequenceKey(parsed.prefix, parsed.year, parsed.code)))?.last ?? 0;
        if (parsed.sequence > last) continue;
        held ??= new Set((await store.getAll()).flatMap((i) => i.remedies.map((r) => r.creditNoteNumber ?? '')));
        if (held.has(number)) throw new LedgerRefusal(t('refNoteHeld', number));
      }
    };
    for (const incident of file.incidents) {
      const existing = await store.get(incident.id);
      if (!existing) {
        await checkFree(incident.remedies);
        await store.add(incident);
        await rememberClient(tx, incident);
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
      await store.put(merged);
      counts.updated += 1;
      noteNumbersGiven(sequences, addedRemedies.map((r) => r.creditNoteNumber));
    }
    for (const [key, last] of sequences) {
      const current = await meta.get(key);
      if (!current || current.last < last) await meta.put({ key, last });
    }
    return counts;
  });
}
