import { describe, expect, it } from 'vitest';
import type { CsvLayout } from '@/utils/ledger/csv';
import { exportText, memorySource } from '../ledger/export-source';
import type { Incident } from '@/utils/ledger/types';

// Drill: formulas smuggled into the bookkeeper's CSV files (every layout: the bookkeeper's, Xero's,
// QuickBooks', the gifts). Client names and emails come from web pages and imported files, remedy
// labels and approvers from the policy and the ledger. Each hostile value is put in each of them,
// each file is opened as a spreadsheet opens it with each list separator in use
// (`,` in English locales, `;` in much of Europe, tab and `|` elsewhere), and no cell may start with
// what a spreadsheet runs as a formula. Read back with `,`, every value is there, whole.

const AT = Date.UTC(2026, 10, 25, 15, 0);

const HOSTILE = [
  '=1+1',
  '+1+1',
  '-1+1',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  ' =1+1',
  '＝1+1',
  'Bob;=1+1 Baker',
  'Bob; =1+1 Baker',
  'Bob,=1+1 Baker',
  'Bob|=1+1 Baker',
  'Bob\t=1+1 Baker',
  'Bob;+cmd|"/c calc"!A0',
  'Bob;-2+3',
  'Bob;@SUM(1)',
  'Bob";=1+1;"Baker',
  '"=HYPERLINK(""http://evil.example"")"',
  'a;b;c;=1;d,=2,e',
  '=cmd@client.example',
];

function incident(id: string, value: string): Incident {
  return {
    id,
    clientKey: `${id}@client.example`,
    clientName: value,
    clientEmail: value,
    source: { tool: 'manual', label: 'Manual' },
    category: 'c',
    summary: '',
    createdBy: 'a@b.example',
    createdByRole: '',
    createdAt: AT,
    updatedAt: AT,
    status: 'open',
    checklist: [],
    policyVersion: '1',
    remedies: (['credit', 'gift'] as const).map((kind) => ({
      id: `${id}-${kind}`,
      remedyId: 'r',
      label: value,
      kind,
      amount: 2050,
      currency: 'USD',
      status: 'granted',
      decision: 'approved',
      requestedBy: 'a@b.example',
      requestedByRole: '',
      requestedAt: AT,
      grantedAt: AT,
      approvedBy: value,
      ...(kind === 'credit' ? { creditNoteNumber: `CN-2026-${id}` } : { note: value }),
    })),
  } as Incident;
}

/** Cells as a spreadsheet splits them: quotes count only at the start of a cell. */
function openAsSpreadsheet(csv: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  while (i < csv.length) {
    const c = csv[i]!;
    if (atCellStart && c === '"') {
      i++;
      for (;;) {
        if (i >= csv.length) break;
        if (csv[i] === '"') {
          if (csv[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += csv[i++];
      }
      atCellStart = false;
      continue;
    }
    atCellStart = false;
    if (c === separator) {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      i++;
    } else {
      cell += c;
    }
    i++;
  }
  return rows;
}

const RUNS_AS_FORMULA = /^[\s]*[=+\-@＝＋－＠]/;

/** Per layout: the columns each hostile value is written to whole, and the amount's column and text. */
const LAYOUT_COLUMNS: Record<CsvLayout, { text: number[]; amount: [number, string] }> = {
  bookkeeper: { text: [4, 5, 6, 9], amount: [7, '20.50'] },
  xero: { text: [0, 1, 15], amount: [17, '-20.50'] },
  quickbooks: { text: [1, 3, 4], amount: [5, '20.50'] },
  gifts: { text: [1, 4, 5, 6, 8], amount: [2, '20.50'] },
};

describe('drill: formulas in the CSV export', () => {
  it('leaves no cell a spreadsheet would run, in any layout with any list separator, and loses no value', async () => {
    const incidents = HOSTILE.map((value, i) => incident(String(i).padStart(4, '0'), value));
    const separators = [',', ';', '\t', '|'];
    let cells = 0;
    let formulas = 0;
    let intact = 0;
    let written = 0;
    const found: string[] = [];
    for (const layout of Object.keys(LAYOUT_COLUMNS) as CsvLayout[]) {
      const csv = await exportText(
        memorySource(incidents),
        { layout, locale: 'en-US', xero: { accountCode: '=200', taxType: '@Tax Exempt' } },
        'America/New_York',
      );
      for (const separator of separators) {
        for (const row of openAsSpreadsheet(csv, separator).slice(1)) {
          for (const cell of row) {
            cells++;
            // A plain number (Xero's credit note lines are negative) is a number, not a formula.
            if (RUNS_AS_FORMULA.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell)) {
              formulas++;
              found.push(`${layout} ${JSON.stringify(separator)}: ${JSON.stringify(cell)}`);
            }
          }
        }
      }
      // Read with the separator it was written with: each value is in its text cells, whole (apart
      // from the apostrophes that defuse it), and the amount is still a number.
      const { text, amount } = LAYOUT_COLUMNS[layout];
      const rows = openAsSpreadsheet(csv, ',').slice(1);
      rows.forEach((row, i) => {
        const undo = (cell: string) => cell.replace(/'(?=[\s]*[=+\-@＝＋－＠\t\r])/g, '');
        written++;
        if (text.every((column) => undo(row[column] ?? '') === HOSTILE[i % HOSTILE.length])) intact++;
        expect(row[amount[0]]).toBe(amount[1]);
      });
    }

    console.log(
      `csv formulas: ${HOSTILE.length} hostile values in every text column of 4 layouts, opened with ${separators.length} list separators: ` +
        `${cells} cells, ${formulas} would run as a formula; ${intact} of ${written} rows read back whole`,
    );
    expect(found).toEqual([]);
    expect(written).toBe(HOSTILE.length * 5);
    expect(intact).toBe(written);
  });
});
