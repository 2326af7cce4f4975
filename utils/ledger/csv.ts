import { minorToDecimalString } from '../money';
import { checkText, grantCheck, grantedBy } from './identity';
import type { GrantedRemedy, Incident } from './types';
import { t } from '../i18n';

// The bookkeeper's CSV files: only what was given with money value (an apology at $0 is no entry in
// the books), credit notes apart from gifts, and layouts that accounting packages import as they are.
// RFC 4180 quoting, CRLF line ends. Client names come from web pages and imported files, so every
// text cell is quoted and whatever a spreadsheet could run as a formula is defused with an
// apostrophe: at the start of the cell, and after any character a spreadsheet may split cells at
// (much of Europe opens CSV with `;` as the separator, which splits a quoted cell in two).

/**
 * - `bookkeeper`: everything given, in three blocks: credit notes (credits and refunds, each with
 *   its number), then fees waived, then gifts (expenses); kind, who granted it and how that is known.
 * - `xero`: credit notes in Xero's sales invoice import template (Business › Invoices › Import, the
 *   template Xero offers there, 27 columns): Xero imports a line with a negative amount as a credit
 *   note, numbered with the credit note's own number.
 * - `quickbooks`: credit notes for QuickBooks Online's credit note import (⚙ › Import data › Credit
 *   notes, in the regions where QuickBooks has credit notes: UK, Canada, Australia, …), whose wizard
 *   maps each column once. QuickBooks Online in the US imports no credit memos.
 * - `gifts`: gifts alone, to enter as expenses.
 */
export const CSV_LAYOUTS = ['bookkeeper', 'xero', 'quickbooks', 'gifts'] as const;
export type CsvLayout = (typeof CSV_LAYOUTS)[number];

export interface CsvOptions {
  layout: CsvLayout;
  /** The firm's: every date is the day in this zone. */
  timeZone: string;
  /** The firm's locale: Xero and QuickBooks read dates day first except in the US. */
  locale?: string;
  /** Xero's required account and tax rate, as the firm's Xero names them. */
  xero?: { accountCode: string; taxType: string };
}

/** Characters that start a formula (with their full-width forms), and what may come before them. */
const FORMULA_START = /^([\s]*)([=+\-@\uff1d\uff0b\uff0d\uff20\t\r])/;
const FORMULA_AFTER_SEPARATOR = /([,;|\t])([ \u00a0]*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])/g;

/** A text cell: always quoted, formulas defused. */
export function csvCell(value: string): string {
  const safe = value.replace(FORMULA_START, "$1'$2").replace(FORMULA_AFTER_SEPARATOR, "$1$2'");
  return `"${safe.replace(/"/g, '""')}"`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateParts(at: number, timeZone: string): { year: string; month: string; day: string } {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  const parts = { year: '', month: '', day: '' };
  for (const part of format.formatToParts(at)) {
    if (part.type === 'year' || part.type === 'month' || part.type === 'day') parts[part.type] = part.value;
  }
  return parts;
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function isoDate(at: number, timeZone: string): string {
  const { year, month, day } = dateParts(at, timeZone);
  return `${year}-${month}-${day}`;
}

/** The date as an accounting package of the firm's region reads it: MM/DD/YYYY in the US, else DD/MM/YYYY. */
function regionalDate(at: number, options: CsvOptions): string {
  const { year, month, day } = dateParts(at, options.timeZone);
  return /-US$/i.test(options.locale ?? '') ? `${month}/${day}/${year}` : `${day}/${month}/${year}`;
}

/** Which block of the bookkeeper's file a remedy belongs in; null for what is no entry in the books. */
function block(remedy: GrantedRemedy): 0 | 1 | 2 | null {
  if (remedy.amount <= 0) return null;
  switch (remedy.kind) {
    case 'credit':
    case 'refund':
      return 0;
    case 'fee-waiver':
      return 1;
    case 'gift':
      return 2;
    case 'apology':
      return null;
  }
}

const BOOK_AS = ['Credit note', 'Fee waived', 'Expense (gift)'] as const;

interface Layout {
  header: readonly string[];
  /** The file's name before the date. */
  fileStem: string;
  /** Blocks the file is written in, in order; each row goes to one. */
  blocks: number;
  /** The block a granted remedy goes in, or null when it is not in this file. */
  blockOf(remedy: GrantedRemedy): number | null;
  cells(incident: Incident, remedy: GrantedRemedy, options: CsvOptions): string[];
}

// The date and the amount are written by the extension, digits and separators only, so a
// spreadsheet reads them as a date and a number; every other cell is text.
const amountOf = (remedy: GrantedRemedy) => minorToDecimalString(remedy.amount, remedy.currency);

const XERO_HEADER = [
  '*ContactName', 'EmailAddress', 'POAddressLine1', 'POAddressLine2', 'POAddressLine3', 'POAddressLine4', 'POCity',
  'PORegion', 'POPostalCode', 'POCountry', '*InvoiceNumber', 'Reference', '*InvoiceDate', '*DueDate', 'InventoryItemCode',
  '*Description', '*Quantity', '*UnitAmount', 'Discount', '*AccountCode', '*TaxType', 'TrackingName1', 'TrackingOption1',
  'TrackingName2', 'TrackingOption2', 'Currency', 'BrandingTheme',
] as const;

const isCreditNote = (remedy: GrantedRemedy) => (block(remedy) === 0 && remedy.creditNoteNumber ? 0 : null);

const LAYOUTS: Record<CsvLayout, Layout> = {
  bookkeeper: {
    header: [
      'Date', 'Book as', 'Kind', 'Credit note number', 'Client', 'Client email', 'Remedy', 'Amount', 'Currency',
      'Granted by', 'Requested by', 'Verification', 'Incident id',
    ],
    fileStem: 'make-it-right-ledger',
    blocks: 3,
    blockOf: block,
    cells: (incident, remedy, options) => [
      isoDate(remedy.grantedAt!, options.timeZone),
      csvCell(BOOK_AS[block(remedy)!]),
      csvCell(remedy.kind),
      csvCell(remedy.creditNoteNumber ?? ''),
      csvCell(incident.clientName),
      csvCell(incident.clientEmail ?? ''),
      csvCell(remedy.label),
      amountOf(remedy),
      csvCell(remedy.currency),
      csvCell(grantedBy(remedy)),
      csvCell(remedy.requestedBy),
      csvCell(checkText(grantCheck(remedy))),
      csvCell(incident.id),
    ],
  },
  xero: {
    header: XERO_HEADER,
    fileStem: 'make-it-right-xero-credit-notes',
    blocks: 1,
    blockOf: isCreditNote,
    cells: (incident, remedy, options) => {
      const date = regionalDate(remedy.grantedAt!, options);
      const row: Record<(typeof XERO_HEADER)[number], string> = {
        '*ContactName': csvCell(incident.clientName),
        EmailAddress: csvCell(incident.clientEmail ?? ''),
        POAddressLine1: '""', POAddressLine2: '""', POAddressLine3: '""', POAddressLine4: '""', POCity: '""',
        PORegion: '""', POPostalCode: '""', POCountry: '""',
        '*InvoiceNumber': csvCell(remedy.creditNoteNumber!),
        Reference: csvCell(`Make It Right incident ${incident.id}`),
        '*InvoiceDate': date,
        '*DueDate': date,
        InventoryItemCode: '""',
        '*Description': csvCell(remedy.label),
        '*Quantity': '1',
        // Negative: Xero makes the line a credit note.
        '*UnitAmount': `-${amountOf(remedy)}`,
        Discount: '',
        '*AccountCode': csvCell(options.xero?.accountCode ?? ''),
        '*TaxType': csvCell(options.xero?.taxType ?? ''),
        TrackingName1: '""', TrackingOption1: '""', TrackingName2: '""', TrackingOption2: '""',
        Currency: csvCell(remedy.currency),
        BrandingTheme: '""',
      };
      return XERO_HEADER.map((column) => row[column]);
    },
  },
  quickbooks: {
    header: ['Credit Note No', 'Customer', 'Credit Note Date', 'Email', 'Description', 'Amount', 'Currency', 'Memo'],
    fileStem: 'make-it-right-quickbooks-credit-notes',
    blocks: 1,
    blockOf: isCreditNote,
    cells: (incident, remedy, options) => [
      csvCell(remedy.creditNoteNumber!),
      csvCell(incident.clientName),
      regionalDate(remedy.grantedAt!, options),
      csvCell(incident.clientEmail ?? ''),
      csvCell(remedy.label),
      amountOf(remedy),
      csvCell(remedy.currency),
      csvCell(`Make It Right incident ${incident.id}; granted by ${grantedBy(remedy)}; ${checkText(grantCheck(remedy))}`),
    ],
  },
  gifts: {
    header: ['Date', 'Gift', 'Amount', 'Currency', 'For client', 'Client email', 'Granted by', 'Verification', 'Note', 'Incident id'],
    fileStem: 'make-it-right-gifts',
    blocks: 1,
    blockOf: (remedy) => (block(remedy) === 2 ? 0 : null),
    cells: (incident, remedy, options) => [
      isoDate(remedy.grantedAt!, options.timeZone),
      csvCell(remedy.label),
      amountOf(remedy),
      csvCell(remedy.currency),
      csvCell(incident.clientName),
      csvCell(incident.clientEmail ?? ''),
      csvCell(grantedBy(remedy)),
      csvCell(checkText(grantCheck(remedy))),
      csvCell(remedy.note ?? ''),
      csvCell(incident.id),
    ],
  },
};

/** Why a layout cannot be written with these options, or null. */
export function csvProblem(options: CsvOptions): string | null {
  if (options.layout === 'xero' && !(options.xero?.accountCode.trim() && options.xero.taxType.trim())) {
    return t('xeroNeedsBoth');
  }
  return null;
}

export function csvFileStem(layout: CsvLayout): string {
  return LAYOUTS[layout].fileStem;
}

/** The header line. */
export function csvHeader(layout: CsvLayout = 'bookkeeper'): string {
  return `${LAYOUTS[layout].header.join(',')}\r\n`;
}

/**
 * The rows of a batch of incidents (already in export order: oldest first), one text per block of
 * the layout: each incident's remedies in order of grant, dated in the firm's time zone.
 */
export function csvBlocks(batch: Iterable<Incident>, options: CsvOptions): string[] {
  const layout = LAYOUTS[options.layout];
  const texts = Array.from({ length: layout.blocks }, () => '');
  for (const incident of batch) {
    const granted = incident.remedies.filter((r) => r.status === 'granted' && r.grantedAt !== undefined);
    if (granted.length > 1) granted.sort((a, b) => a.grantedAt! - b.grantedAt!);
    for (const remedy of granted) {
      const at = layout.blockOf(remedy);
      if (at === null) continue;
      texts[at] += `${layout.cells(incident, remedy, options).join(',')}\r\n`;
    }
  }
  return texts;
}
