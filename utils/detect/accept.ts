import { cleanEmail, cleanText } from './text';
import { CLIENT_SOURCES, type ClientSource, type DetectedClient, type PageKind } from './types';

const PAGE_KINDS: readonly string[] = ['thread', 'compose', 'record'];

/**
 * A finding as the background accepts it from a content script: known source and page kind, every
 * string bounded and cleaned again, and the email in the one form the ledger stores, so a tampered
 * page process can neither store arbitrary data under a tab nor disguise a name.
 */
export function asDetectedClient(value: unknown): DetectedClient | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const str = (x: unknown, max: number): string | undefined =>
    typeof x === 'string' && x.length <= max ? x : undefined;
  const text = (x: unknown, max: number): string | undefined => {
    const raw = str(x, max);
    return raw === undefined ? undefined : cleanText(raw, max);
  };
  const source = str(v.source, 20);
  const pageKind = str(v.pageKind, 10);
  const name = text(v.name, 200);
  if (!source || !(CLIENT_SOURCES as readonly string[]).includes(source)) return null;
  if (!pageKind || !PAGE_KINDS.includes(pageKind) || name === undefined) return null;
  const rawEmail = str(v.email, 254);
  const email = rawEmail ? cleanEmail(rawEmail) : undefined;
  // An address that is not one is not quietly kept as something else.
  if (rawEmail && email === undefined) return null;
  const recordId = text(v.recordId, 200);
  if (!email && !recordId) return null;
  return {
    source: source as ClientSource,
    sourceLabel: text(v.sourceLabel, 100) || source,
    ...(email ? { email } : {}),
    ...(recordId ? { recordId } : {}),
    name,
    firstName: text(v.firstName, 60) ?? '',
    pageKind: pageKind as PageKind,
    evidence: text(v.evidence, 300) ?? '',
  };
}
