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

