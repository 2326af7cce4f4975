import { minorToDecimalString } from '../money';
import { exportOrder } from './export';
import type { Incident } from './types';

// The bookkeeper's CSV: one row per remedy granted, incidents oldest first. RFC 4180 quoting, CRLF
// line ends, and cells a spreadsheet would run as a formula (client names come from web pages)
// defused with an apostrophe.

const CSV_COLUMNS = [
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

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of an instant in a time zone. */
export function isoDate(at: number, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  let year = '';
  let month = '';
  let day = '';
  for (const part of format.formatToParts(at)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year}-${month}-${day}`;
}

/** The header line. */
export function csvHeader(): string {
  return `${CSV_COLUMNS.map(csvCell).join(',')}\r\n`;
}

/**
 * The rows of a batch of incidents (already in export order: oldest first): each incident's granted
 * remedies in order of grant, dated in the firm's time zone.
 */
export function csvRows(batch: Iterable<Incident>, timeZone: string): string {
  let text = '';
  for (const incident of batch) {
    const granted = incident.remedies.filter((r) => r.status === 'granted' && r.grantedAt !== undefined);
    if (granted.length > 1) granted.sort((a, b) => a.grantedAt! - b.grantedAt!);
    for (const remedy of granted) {
      const cells = [
        isoDate(remedy.grantedAt!, timeZone),
        incident.clientName,
        incident.clientEmail ?? '',
        remedy.creditNoteNumber ?? '',
        minorToDecimalString(remedy.amount, remedy.currency),
        remedy.currency,
        remedy.label,
        remedy.approvedBy ?? '',
        incident.id,
      ];
      text += `${cells.map(csvCell).join(',')}\r\n`;
    }
  }
  return text;
}

/** The whole CSV in one pass: incidents oldest first (the chunked export writes the same bytes). */
export function remediesCsv(incidents: Iterable<Incident>, timeZone: string): string {
  return csvHeader() + csvRows([...incidents].sort(exportOrder), timeZone);
}
