// Credit note numbers: `<prefix>-<year>-<sequence>`, e.g. CN-2026-0001. The year is the firm's, in
// its own time zone, so a note given late on 31 December in New York is numbered for that year.

const SEQUENCE_DIGITS = 4;

/** The key of one prefix's sequence for one year in the ledger's meta store. */
export function sequenceKey(prefix: string, year: number): string {
  return `${prefix}-${year}`;
}

export function creditNoteYear(now: number, timeZone: string): number {
  const year = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(now);
  return Number(year);
}

export function formatCreditNoteNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** The parts of a number this ledger gave, or null for anything else. */
export function parseCreditNoteNumber(
  number: string,
): { prefix: string; year: number; sequence: number } | null {
  const match = /^(.+)-(\d{4})-(\d+)$/.exec(number);
  if (!match) return null;
  return { prefix: match[1]!, year: Number(match[2]), sequence: Number(match[3]) };
}
