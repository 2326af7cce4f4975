import { minorToDecimalString } from '../money';
import type { Incident } from './types';

// The bookkeeper's CSV: one row per remedy granted. RFC 4180 quoting, CRLF line ends, and cells a
// spreadsheet would run as a formula (client names come from web pages) defused with an apostrophe.

export const CSV_COLUMNS = [
  'Date',
  'Client',
  'Client email',
  'Credit note number',
  'Amount',
  'Currency',
  'Remedy',
  'Approved by',
  'Incident id',
] as const;

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function isoDate(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Granted remedies in order of grant, dated in the firm's time zone. */
export function remediesCsv(incidents: Iterable<Incident>, timeZone: string): string {
  const rows: { at: number; cells: string[] }[] = [];
  for (const incident of incidents) {
    for (const remedy of incident.remedies) {
      if (remedy.status !== 'granted' || remedy.grantedAt === undefined) continue;
      rows.push({
        at: remedy.grantedAt,
        cells: [
          isoDate(remedy.grantedAt, timeZone),
          incident.clientName,
          incident.clientEmail ?? '',
          remedy.creditNoteNumber ?? '',
          minorToDecimalString(remedy.amount, remedy.currency),
          remedy.currency,
          remedy.label,
          remedy.approvedBy ?? '',
          incident.id,
        ],
      });
    }
  }
  rows.sort((a, b) => a.at - b.at);
  return [CSV_COLUMNS as readonly string[], ...rows.map((r) => r.cells)]
    .map((cells) => cells.map(csvCell).join(','))
    .join('\r\n')
    .concat('\r\n');
}
