import { csvBlocks, csvFileStem, csvHeader, csvProblem, isoDate, type CsvOptions } from './csv';
import { jsonFooter, jsonHeader, jsonIncidents } from './export';
import type { Incident } from './types';

// The one export path: the options page reads the ledger's database itself (same extension origin)
// and builds the file there; the background takes no part, so no message has to carry the file.

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
