import type { DetectedClient } from './detect/types';
import type { DetectorSpec, Policy, PolicyState } from './policy/types';
import type { ClientHistory, Incident } from './ledger/types';
import type { LedgerSummary } from './ledger/summary';
import type { AuthorityDecision } from './authority';

// The one message protocol of the extension, declared once: message name → (data) → result.
// Background handlers live in entrypoints/background/; every handler judges the sender from what the
// browser sets (sender.id, sender.tab), never from the message.

export interface Settings {
  /** Who I am: the user's own email, matched against the policy's staff list. */
  selfEmail: string;
}

/** The user as the policy knows them. role is null when the email is not in the staff list. */
export interface Me {
  email: string;
  name: string;
  role: string | null;
}

export interface ClientRef {
  clientKey: string;
  name: string;
  email?: string;
}

export interface TabClient {
  tabId: number;
  client: DetectedClient | null;
  url: string;
  /** The tab's webmail has an open compose window (insert goes straight in). */
  hasCompose: boolean;
}

export interface StartIncidentInput {
  client: ClientRef & { source: Incident['source'] };
  category: string;
  summary: string;
}

export interface RemedyProposal {
  incidentId: string;
  remedyId: string;
  /** Minor units. */
  amount: number;
  note?: string;
}

export interface RemedyQuote {
  decision: AuthorityDecision;
}

export interface IncidentPage {
  incidents: Incident[];
  /** Cursor for the next page (createdAt of the last item), null at the end. */
  next: number | null;
}

export interface IncidentFilter {
  status?: 'open' | 'resolved';
  clientKey?: string;
  before?: number;
  limit?: number;
}

export interface InsertResult {
  ok: boolean;
  /** What happened, for the panel: "Inserted into the reply to Alice", "No compose window is open". */
  message: string;
}

/** UI and content scripts → background. */
export interface BackgroundProtocol {
  // client detection (content scripts)
  clientDetected(data: { client: DetectedClient | null; hasCompose: boolean }): void;
  /** Who "we" are, and the firm's own detectors (its content script picks those for its page). */
  detectContext(data: undefined): { selfEmails: string[]; firmDomains: string[]; detectors: DetectorSpec[] };

  // tab context (UI)
  getTabClient(data: { tabId?: number }): TabClient | null;
  searchClients(data: { query: string }): ClientRef[];

  // policy and settings (UI)
  getPolicyState(data: undefined): PolicyState;
  syncPolicy(data: undefined): PolicyState;
  setPolicyUrl(data: { url: string }): PolicyState;
  importPolicy(data: { text: string; fileName: string }): PolicyState;
  getSettings(data: undefined): Settings & { me: Me | null };
  setSettings(data: Settings): Settings & { me: Me | null };

  // ledger (UI)
  getClientHistory(data: { clientKey: string }): ClientHistory;
  startIncident(data: StartIncidentInput): Incident;
  tickStep(data: { incidentId: string; stepId: string; done: boolean }): Incident;
  quoteRemedy(data: RemedyProposal): RemedyQuote;
  grantRemedy(data: RemedyProposal): Incident;
  requestApproval(data: RemedyProposal): Incident;
  markApproved(data: { incidentId: string; grantId: string; approverEmail: string }): Incident;
  resolveIncident(data: { incidentId: string }): Incident;
  getIncident(data: { incidentId: string }): Incident | null;
  listIncidents(data: IncidentFilter): IncidentPage;
  /**
   * The ledger export a chunk at a time (a large ledger is far over one message's size limit):
   * call without a cursor for the first chunk, then with each reply's `next` until it is null; the
   * chunks in order are the file.
   */
  exportLedger(data: { format: 'json' | 'csv'; cursor?: ExportCursor }): ExportChunk;
  /**
   * Merges an export file (or a part of one: the same envelope with some of its incidents). With
   * `check`, only validates it and changes nothing (the counts are zero).
   */
  importLedger(data: { text: string; check?: boolean }): { added: number; updated: number; unchanged: number };
  /** Figures over the incidents created in the last 365 days. */
  ledgerSummary(data: undefined): LedgerSummary;

  // compose windows (UI → background → the tab's content script)
  insertIntoEmail(data: { tabId: number; subject: string; body: string; to?: string[] }): InsertResult;
}

/** Where a chunked export goes on from: the last incident written, and progress. */
export interface ExportCursor {
  /** The file's name and time, fixed by the first chunk. */
  fileName: string;
  exportedAt: number;
  /** The last incident written (export order: created at, then id); null before the first. */
  after: { createdAt: number; id: string } | null;
  /** Incidents written so far, and in the ledger when the export began. */
  done: number;
  total: number;
}

export interface ExportChunk {
  fileName: string;
  chunk: string;
  /** Pass it back for the next chunk; null when this chunk ends the file. */
  next: ExportCursor | null;
  done: number;
  total: number;
}

/** Background → a tab's content script. */
export interface ContentProtocol {
  insertText(data: { subject: string; body: string; to?: string[] }): InsertResult;
  redetect(data: undefined): void;
}

export type MessageName<P> = keyof P & string;
export type MessageData<P, K extends keyof P> = P[K] extends (data: infer D) => unknown ? D : never;
export type MessageResult<P, K extends keyof P> = P[K] extends (data: never) => infer R ? R : never;

export interface Envelope {
  /** Marks our own messages; anything else on the channel is ignored. */
  mir: 1;
  name: string;
  data: unknown;
}

export type Reply = { ok: true; value: unknown } | { ok: false; error: string };

export function isEnvelope(value: unknown): value is Envelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Envelope).mir === 1 &&
    typeof (value as Envelope).name === 'string'
  );
}

export function envelope(name: string, data: unknown): Envelope {
  return { mir: 1, name, data };
}

/** Unwraps a handler's reply; a refused or failed message becomes an Error with its message. */
export function unwrapReply<T>(reply: unknown, name: string): T {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new Error(`No answer to "${name}" (the extension may have been updated; reload the page)`);
  }
  const r = reply as Reply;
  if (!r.ok) throw new Error(r.error);
  return r.value as T;
}
