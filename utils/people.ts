import { cleanText } from './detect/text';

// People as the product knows them: the user, colleagues, clients. One form of an email address,
// one check of it, one first name for greetings.

/** The user as the policy knows them. role is null when the email is not in the staff list. */
export interface Me {
  email: string;
  name: string;
  role: string | null;
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
