import { csvCell } from '../ledger/csv';

// Each table of the dashboard as a CSV file: text quoted with formulas defused (client names come
// from web pages), numbers as they are, money as a plain decimal of the firm's currency. CRLF ends.

export type CsvValue = string | number;

export function tableCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const line = (cells: readonly CsvValue[]) => cells.map((c) => (typeof c === 'number' ? String(c) : csvCell(c))).join(',');
  return [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}
