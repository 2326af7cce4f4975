import { cleanEmail, cleanText } from './text';

// What a detector reports about the client on screen. Detectors are pure:
// `(url, document, context) => DetectedClient | null`, one file per tool in this folder.

export const CLIENT_SOURCES = [
  'gmail',
  'outlook',
  'hubspot',
  'salesforce',
  'pipedrive',
  'clio',
  'zoho',
  'dynamics',
  'custom',
] as const;
export type ClientSource = (typeof CLIENT_SOURCES)[number];

export type PageKind = 'thread' | 'compose' | 'record';

export interface DetectedClient {
  source: ClientSource;
  /** For `custom`: the policy detector's label; otherwise the tool's name ("Gmail"). */
  sourceLabel: string;
  /** Normalised (trimmed, lower-case). */
  email?: string;
  /** The CRM's record id from the URL. */
  recordId?: string;
  /** Display name as the page shows it (plain text, bounded length). */
  name: string;
  firstName: string;
  pageKind: PageKind;
  /** Which element or URL part the finding came from, for support and tests. */
  evidence: string;
}

/** What a detector must know that the page does not tell: who "we" are. */
export interface DetectContext {
  /** The user's own addresses (options) — never the client. */
  selfEmails: string[];
  /** The firm's domains (from the policy's staff emails) — never the client. */
  firmDomains: string[];
}

/** The client on screen in one tab, as the background keeps it. */
export interface TabClient {
  tabId: number;
  client: DetectedClient | null;
  url: string;
  /** The tab's webmail has an open compose window (insert goes straight in). */
  hasCompose: boolean;
}

/** A tab whose page can take an email's text or open a new email (Gmail, Outlook), unlike a CRM's. */
export function isWebmailTab(tab: TabClient): boolean {
  return tab.hasCompose || tab.client?.source === 'gmail' || tab.client?.source === 'outlook';
}

export type Detector = (url: URL, doc: Document, ctx: DetectContext) => DetectedClient | null;

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
