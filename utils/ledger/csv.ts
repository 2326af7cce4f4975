import { minorToDecimalString } from '../money';
import { exportOrder } from './export';
import { checkText, grantCheck } from './identity';
import type { Incident } from './types';

// The bookkeeper's CSV: one row per remedy granted, incidents oldest first. RFC 4180 quoting, CRLF
// line ends. Client names come from web pages and imported files, so every text cell is quoted and
// whatever a spreadsheet could run as a formula is defused with an apostrophe: at the start of the
// cell, and after any character a spreadsheet may split cells at (much of Europe opens CSV with `;`
// as the separator, which splits a quoted cell in two).

const CSV_COLUMNS = [
  'Date',
  'Client',
  'Client email',
  'Credit note number',
  'Amount',
  'Currency',
  'Remedy',
  'Approved by',
  'Verification',
  'Incident id',
] as const;

/** Characters that start a formula (with their full-width forms), and what may come before them. */
const FORMULA_START = /^([\s]*)([=+\-@\uff1d\uff0b\uff0d\uff20\t\r])/;
const FORMULA_AFTER_SEPARATOR = /([,;|\t])([ \u00a0]*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])/g;

/** A text cell: always quoted, formulas defused. */
export function csvCell(value: string): string {
  const safe = value.replace(FORMULA_START, "$1'$2").replace(FORMULA_AFTER_SEPARATOR, "$1$2'");
  return `"${safe.replace(/"/g, '""')}"`;
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
  return `${CSV_COLUMNS.join(',')}\r\n`;
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
      // The date and the amount are written by the extension, digits and separators only, so a
      // spreadsheet reads them as a date and a number; every other cell is text.
      const cells = [
        isoDate(remedy.grantedAt!, timeZone),
        csvCell(incident.clientName),
        csvCell(incident.clientEmail ?? ''),
        csvCell(remedy.creditNoteNumber ?? ''),
        minorToDecimalString(remedy.amount, remedy.currency),
        csvCell(remedy.currency),
        csvCell(remedy.label),
        csvCell(remedy.approvedBy ?? ''),
        csvCell(checkText(grantCheck(remedy))),
        csvCell(incident.id),
      ];
      text += `${cells.join(',')}\r\n`;
    }
  }
  return text;
}

/** The whole CSV in one pass: incidents oldest first (the chunked export writes the same bytes). */
export function remediesCsv(incidents: Iterable<Incident>, timeZone: string): string {
  return csvHeader() + csvRows([...incidents].sort(exportOrder), timeZone);
}
