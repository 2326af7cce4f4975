// Credit note numbers: `<prefix>-<year>-<sequence>`, e.g. CN-2026-0001, or with the staff member's
// code from the policy, one series per person: CN-2026-AR-0007. A person's browser numbers only in
// their own series, so numbers stay unique across the firm even offline (invoicing rules allow
// several series), and none is reused or skipped within a series. The year is the firm's, in its own
// time zone, so a note given late on 31 December in New York is numbered for that year.

const SEQUENCE_DIGITS = 4;

/** The remedies a credit note goes with: what reduces what the client owes. */
export function takesCreditNote(kind: string): boolean {
  return kind === 'credit' || kind === 'refund';
}

/** The key of one series for one year in the ledger's meta store: "CN-2026", "CN-2026-AR". */
export function sequenceKey(prefix: string, year: number, code?: string): string {
  return code ? `${prefix}-${year}-${code}` : `${prefix}-${year}`;
}

export function creditNoteYear(now: number, timeZone: string): number {
  const year = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(now);
  return Number(year);
}

export function formatCreditNoteNumber(prefix: string, year: number, sequence: number, code?: string): string {
  return `${sequenceKey(prefix, year, code)}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** The parts of a number this ledger gave, or null for anything else. */
export function parseCreditNoteNumber(
  number: string,
): { prefix: string; year: number; code?: string; sequence: number } | null {
  const match = /^(.+)-(\d{4})-(?:([A-Z][A-Z0-9]{0,5})-)?(\d+)$/.exec(number);
  if (!match) return null;
  const [, prefix, year, code, sequence] = match;
  return { prefix: prefix!, year: Number(year), ...(code ? { code } : {}), sequence: Number(sequence) };
}

/** Raises each series in `sequences` to at least the numbers already given, so none is given twice. */
export function noteNumbersGiven(sequences: Map<string, number>, numbers: Iterable<string | undefined>): void {
  for (const number of numbers) {
    const parsed = number ? parseCreditNoteNumber(number) : null;
    if (!parsed) continue;
    const key = sequenceKey(parsed.prefix, parsed.year, parsed.code);
    sequences.set(key, Math.max(sequences.get(key) ?? 0, parsed.sequence));
  }
}
