import type { InsertRequest, InsertResult } from './compose/insert';
import type { DetectedClient, TabClient } from './detect/types';
import type { DashboardData } from './dashboard/types';
import type { LedgerSummary } from './ledger/summary';
import type {
  ClientHistory,
  ClientRef,
  Incident,
  IncidentFilter,
  IncidentPage,
  RemedyProposal,
  StartIncidentInput,
} from './ledger/types';
import type { DetectorSpec, PolicyState } from './policy/types';
import type { LedgerStatus } from './firm-ledger/connection';
import type { WaitingApproval } from './firm-ledger/approvals';
import type { ApproverAway } from './firm-ledger/records';
import type { FirmGrant, ReplicaFreshness } from './firm-ledger/firm-authority';
import type { Settings, SettingsWithMe } from './settings';

// The one message protocol of the extension, declared once: message name → (data) → result, in three
// maps by who may send. Each background message's handler is in entrypoints/background/ (README, "How
// it works"); every handler judges the sender from what the browser sets (sender.id, sender.tab),
// never from the message.

/** Content scripts (and the extension's pages) → background: all a web page's tab may say. */
export interface ContentScriptProtocol {
  clientDetected(data: { client: DetectedClient | null; hasCompose: boolean }): void;
  /** Who "we" are, and the firm's own detectors (its content script picks those for its page). */
  detectContext(data: undefined): { selfEmails: string[]; firmDomains: string[]; detectors: DetectorSpec[] };
}

/** The extension's own pages (side panel, options) → background. */
export interface PageProtocol {
  // tab context
  getTabClient(data: { tabId?: number }): TabClient | null;
  searchClients(data: { query: string }): ClientRef[];

  // policy and settings
  getPolicyState(data: undefined): PolicyState;
  syncPolicy(data: undefined): PolicyState;
  setPolicyUrl(data: { url: string }): PolicyState;
  importPolicy(data: { text: string; fileName: string }): PolicyState;
  getSettings(data: undefined): SettingsWithMe;
  setSettings(data: Settings): SettingsWithMe;

  // ledger
  getClientHistory(data: { clientKey: string }): ClientHistory;
  startIncident(data: StartIncidentInput): Incident;
  tickStep(data: { incidentId: string; stepId: string; done: boolean }): Incident;
  grantRemedy(data: RemedyProposal): Incident;
  requestApproval(data: RemedyProposal): Incident;
  markApproved(data: { incidentId: string; grantId: string; approverEmail: string }): Incident;
  resolveIncident(data: { incidentId: string }): Incident;
  /** Undoes a Resolve, or opens a resolved incident again. */
  reopenIncident(data: { incidentId: string }): Incident;
  getIncident(data: { incidentId: string }): Incident | null;
  listIncidents(data: IncidentFilter): IncidentPage;
  /**
   * Merges an export file (or a part of one: the same envelope with some of its incidents). With
   * `check`, only validates it and changes nothing (the counts are zero).
   */
  importLedger(data: { text: string; check?: boolean }): { added: number; updated: number; unchanged: number };
  /** Figures over the incidents created in the last 365 days. */
  ledgerSummary(data: undefined): LedgerSummary;
  /**
   * The dashboard's incidents: created from `from` (inclusive) to `to` (exclusive), epoch ms, with
   * only what its figures read; and whether they are the whole firm's or this browser's.
   */
  dashboardData(data: { from: number; to: number }): DashboardData;

  // the firm ledger (entrypoints/background/firm-ledger-service.ts)
  getLedgerStatus(data: undefined): LedgerStatus;
  /** Signs in to the firm's CouchDB as Your email (its session cookie), then replicates. */
  ledgerSignIn(data: { password: string }): LedgerStatus;
  ledgerSignOut(data: undefined): LedgerStatus;
  /** Requests for approval waiting for me, oldest first. */
  listApprovals(data: undefined): WaitingApproval[];
  /** My own yes, recorded as mine; the credit note is numbered in my series. */
  approveRequest(data: { incidentId: string; requestId: string }): Incident;
  declineRequest(data: { incidentId: string; requestId: string; reason: string }): Incident;
  /** Who is away, by their own records in the firm ledger (none without one). */
  listAway(data: undefined): ApproverAway[];
  /** Marks me away until a time (null: back now), as my own ledger record; then who is away. */
  setAway(data: { until: number | null }): ApproverAway[];
  /** Every grant to the client by anyone in the firm in 365 days, and how current the replica is. */
  getFirmGrants(data: { clientKey: string }): { grants: FirmGrant[]; freshness: ReplicaFreshness };

  // compose windows (page → background → the tab's content script)
  insertIntoEmail(data: InsertRequest & { tabId: number }): InsertResult;
}

/** Everything the background answers. */
export type BackgroundProtocol = ContentScriptProtocol & PageProtocol;

/** Background → a tab's content script. */
export interface ContentProtocol {
  insertText(data: InsertRequest): InsertResult;
  redetect(data: undefined): void;
}

/**
 * Background → the extension's open pages: what changed, so a page that shows it asks again. An
 * event carries no authority: a page only reloads what it shows, by the messages above.
 */
export interface PageEvents {
  /** The policy in force, IT's settings or the user's changed. */
  configChanged: undefined;
  /** Records changed the incidents this browser holds (a colleague's arrived, a command settled). */
  ledgerChanged: undefined;
  /** The firm ledger's connection: signed in or out, connected, offline, an error. */
  ledgerStatus: undefined;
  /** The client a tab shows changed. */
  tabClient: { tabId: number };
}

export type MessageName<P> = keyof P & string;
export type MessageData<P, K extends keyof P> = P[K] extends (data: infer D) => unknown ? D : never;
export type MessageResult<P, K extends keyof P> = P[K] extends (data: never) => infer R ? R : never;
