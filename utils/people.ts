import { cleanText } from './detect/text';

// People as the product knows them: the user, colleagues, clients. One form of an email address,
// one check of it, one first name for greetings.

/**
 * How the extension knows who someone is. `managed`: IT set the address in managed storage.
 * `firm-ledger`: signed in to the firm's ledger as that address (the server holds every record to the
 * session that wrote it). `self-declared`: the person typed it under Your email, so anyone could have.
 */
export type Identity = 'managed' | 'firm-ledger' | 'self-declared';

/** The user as the policy knows them. role is null when the email is not in the staff list. */
export interface Me {
  email: string;
  name: string;
  role: string | null;
  /** Absent counts as self-declared: nothing unproven is ever taken as verified. */
  identity?: Identity;
}

/** Trimmed, lower-case: the one form of an email address the product stores and compares. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** name@domain.tld; the policy schema publishes it as the JSON Schema pattern for staff emails. */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True when the (normalised) text is an email address someone could type: name@domain.tld. */
export function isEmailAddress(text: string): boolean {
  return EMAIL_ADDRESS.test(text);
}

/** First name for a greeting: the name's first word, else the email's local part. */
export function firstNameOf(name: string, email?: string): string {
  const fromName = name.split(/[\s,]+/).find((word) => word !== '' && !word.includes('@'));
  if (fromName) return cleanText(fromName, 60);
  const local = email?.split('@')[0]?.split(/[._+-]/)[0] ?? '';
  return cleanText(local.charAt(0).toUpperCase() + local.slice(1), 60);
}

/** Edits (insert, delete, replace) between two short strings, or more than `max` when it is. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The staff member someone most likely meant by an address that is not on the staff list: one
 * within two typing slips, or the same name at another domain. Null when none is close, or more
 * than one is equally close (a guess would then pick someone's authority at random).
 */
export function didYouMean<T extends { email: string }>(typed: string, staff: readonly T[]): T | null {
  const email = normaliseEmail(typed);
  if (email === '' || staff.some((s) => s.email === email)) return null;
  const local = email.split('@')[0];
  const scored = staff
    .map((s) => ({ s, d: s.email.split('@')[0] === local ? 1 : editDistance(email, s.email, 2) }))
    .filter((x) => x.d <= 2)
    .sort((x, y) => x.d - y.d);
  if (scored.length === 0 || (scored.length > 1 && scored[1]!.d === scored[0]!.d)) return null;
  return scored[0]!.s;
}
