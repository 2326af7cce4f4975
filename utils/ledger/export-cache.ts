import { jsonIncidents } from './export';
import type { GrantedRemedy, Incident } from './types';

// A long-used ledger is exported far faster from text kept ready than from 100,000 records read
// and formatted again. The ledger keeps, per week of creation, that week's incidents as the JSON
// export writes them and, for the CSV files, only what those need (the money given), each as a Blob:
// IndexedDB hands a stored Blob back without reading its bytes, and the export file is made of those
// Blobs, so a JSON export copies nothing through the page. Every write of an incident drops its
// week's entry (and the week it was in before, were its creation time to change) in the same
// transaction (`saveIncident`), so an entry that is there is the week as it is now: the export never
// counts the incidents to check it (IndexedDB counts by walking every entry, seconds for 100,000).
// A missing entry, or one of another version of the format, is rebuilt by the next export.

/** The span of creation times one entry covers. */
export const EXPORT_WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * Raised whenever the export's text for the same incidents changes, or entries kept before could be
 * out of date; older entries are rebuilt. 2: entries are trusted without counting their week, and
 * version 1 dropped no entry for the week a replaced incident left.
 */
export const EXPORT_CACHE_FORMAT = 2;

export interface ExportCacheEntry {
  /** Weeks since the epoch of the incidents' creation time. */
  week: number;
  /** Unique per build: CSV rows are kept only beside the very text they were written from. */
  built: string;
  format: number;
  /** How many incidents the week held when the entry was built. */
  count: number;
  /** The week's incidents in export order, as `jsonIncidents(…, true)` writes them. */
  json: Blob;
  /** JSON of the week's incidents cut to what the CSV files read (`csvSubset`), in export order. */
  csv: Blob;
  /** The week's rows of CSV files already written, by `csvVariantKey`: one Blob per block of the layout. */
  csvFiles?: Record<string, Blob[]>;
}

/** How many CSV variants (layout and options) an entry keeps; the oldest goes first. */
const CSV_VARIANTS_KEPT = 4;

/** The entry with a CSV variant's rows added (the oldest variant dropped past the bound). */
export function withCsvFile(entry: ExportCacheEntry, key: string, blocks: Blob[]): ExportCacheEntry {
  const kept = Object.entries(entry.csvFiles ?? {}).filter(([k]) => k !== key).slice(-(CSV_VARIANTS_KEPT - 1));
  return { ...entry, csvFiles: Object.fromEntries([...kept, [key, blocks]]) };
}

/** A CSV variant's rows kept in an entry, if they are there (and really Blobs). */
export function keptCsvFile(entry: ExportCacheEntry, key: string): Blob[] | null {
  const blocks = entry.csvFiles?.[key];
  return Array.isArray(blocks) && blocks.every((b) => b instanceof Blob) ? blocks : null;
}

export function weekOf(createdAt: number): number {
  return Math.floor(createdAt / EXPORT_WEEK_MS);
}

/** The creation times a week covers, for an IndexedDB key range: [from, to). */
export function weekSpan(week: number): { from: number; to: number } {
  return { from: week * EXPORT_WEEK_MS, to: (week + 1) * EXPORT_WEEK_MS };
}

type CsvRemedy = Pick<
  GrantedRemedy,
  | 'id' | 'label' | 'kind' | 'amount' | 'currency' | 'status' | 'decision' | 'requestedBy' | 'requestedByRole'
  | 'requestedByIdentity' | 'requestedAt' | 'grantedAt' | 'approvedBy' | 'approvedByIdentity' | 'creditNoteNumber' | 'note'
>;

/**
 * An incident with only what the CSV files read: the client, and the remedies granted with money
 * value. Null when it has none (it writes no row in any CSV file).
 */
export function csvSubset(incident: Incident): Incident | null {
  const remedies = incident.remedies.filter((r) => r.status === 'granted' && r.grantedAt !== undefined && r.amount > 0);
  if (remedies.length === 0) return null;
  const { id, clientKey, clientName, clientEmail, createdAt } = incident;
  return {
    id, clientKey, clientName, ...(clientEmail !== undefined ? { clientEmail } : {}), createdAt,
    remedies: remedies.map((r): CsvRemedy => ({ ...r })),
  } as Incident;
}

/** The entry for a week's incidents, given in export order. */
export function buildExportEntry(week: number, incidents: readonly Incident[]): ExportCacheEntry {
  const subset = incidents.map(csvSubset).filter((i): i is Incident => i !== null);
  return {
    week,
    built: crypto.randomUUID(),
    format: EXPORT_CACHE_FORMAT,
    count: incidents.length,
    json: new Blob([jsonIncidents(incidents, true)], { type: 'application/json' }),
    csv: new Blob([JSON.stringify(subset)], { type: 'application/json' }),
  };
}

/** Whether a kept entry can be used as it is (any change to its week has dropped it). */
export function isCurrent(entry: ExportCacheEntry | undefined): entry is ExportCacheEntry {
  return (
    entry !== undefined &&
    entry.format === EXPORT_CACHE_FORMAT &&
    // An IndexedDB that keeps no Blobs (Node's fake-indexeddb in the tests) gives back other objects.
    entry.json instanceof Blob &&
    entry.csv instanceof Blob
  );
}
