import { describe, expect, it } from 'vitest';
import { remediesCsv } from '@/utils/ledger/csv';
import type { Incident } from '@/utils/ledger/types';

// Drill: formulas smuggled into the bookkeeper's CSV. Client names and emails come from web pages and
// imported files, remedy labels and approvers from the policy and the ledger. Each hostile value is
// put in each of them, the CSV is opened as a spreadsheet opens it with each list separator in use
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
    remedies: [
      {
        id: `${id}-g`,
        remedyId: 'r',
        label: value,
        kind: 'credit',
        amount: 2050,
        currency: 'USD',
        status: 'granted',
        decision: 'within-authority',
        requestedBy: 'a@b.example',
        requestedByRole: '',
        requestedAt: AT,
        grantedAt: AT,
        approvedBy: value,
        creditNoteNumber: `CN-2026-${id}`,
      },
    ],
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

describe('drill: formulas in the CSV export', () => {
  it('leaves no cell a spreadsheet would run, with any list separator, and loses no value', () => {
    const incidents = HOSTILE.map((value, i) => incident(String(i).padStart(4, '0'), value));
    const csv = remediesCsv(incidents, 'America/New_York');
    const separators = [',', ';', '\t', '|'];
    let cells = 0;
    let formulas = 0;
    const found: string[] = [];
    for (const separator of separators) {
      for (const row of openAsSpreadsheet(csv, separator).slice(1)) {
        for (const cell of row) {
          cells++;
          if (RUNS_AS_FORMULA.test(cell)) {
            formulas++;
            found.push(`${JSON.stringify(separator)}: ${JSON.stringify(cell)}`);
          }
        }
      }
    }

    // Read with the separator it was written with: each value is in its four text cells, whole
    // (apart from the apostrophes that defuse it), and the amount is still a number.
    const rows = openAsSpreadsheet(csv, ',').slice(1);
    let intact = 0;
    rows.forEach((row, i) => {
      const undo = (cell: string) => cell.replace(/'(?=[\s]*[=+\-@＝＋－＠\t\r])/g, '');
      if ([row[1], row[2], row[6], row[7]].every((cell) => undo(cell ?? '') === HOSTILE[i])) intact++;
      expect(row[4]).toBe('20.50');
    });

    console.log(
      `csv formulas: ${HOSTILE.length} hostile values in 4 text columns, opened with ${separators.length} list separators: ` +
        `${cells} cells, ${formulas} would run as a formula; ${intact} of ${HOSTILE.length} values read back whole`,
    );
    expect(found).toEqual([]);
    expect(intact).toBe(HOSTILE.length);
  });
});
