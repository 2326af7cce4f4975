import type { RemedyKind } from '../policy/types';
import type { Identity } from '../people';

// The firm ledger's records as they travel to and live on the firm's CouchDB: append-only events,
// each its own document, never edited or deleted, each id its author's (ids.ts), so two browsers
// never write the same document and the ledger is its own audit trail. Money is integer minor units
// of the policy's currency; times are epoch milliseconds.

export const LEDGER_RECORD_TYPES = [
  'incident-opened',
  'step-ticked',
  'step-unticked',
  'remedy-granted',
  'approval-requested',
  'approval-approved',
  'approval-declined',
  'incident-resolved',
  'incident-reopened',
  'approver-away',
] as const;
export type LedgerRecordType = (typeof LEDGER_RECORD_TYPES)[number];

/**
 * The record format this version writes; the server refuses any other. Records of format 1 (ids
 * not yet their author's) are still read, never written.
 */
export const LEDGER_RECORD_VERSION = 2;
export type LedgerRecordVersion = 1 | typeof LEDGER_RECORD_VERSION;

interface RecordBase<T extends Exclude<LedgerRecordType, 'approver-away'>> {
  _id: string;
  type: T;
  v: LedgerRecordVersion;
  incidentId: string;
  clientKey: string;
  /** Staff email of who did it: the signed-in CouchDB user who wrote the record. */
  author: string;
  at: number;
  /** Set by the reader, never written: the replica holds this record in two versions. */
  conflicted?: true;
}

export interface IncidentOpened extends RecordBase<'incident-opened'> {
  /** The author's role then; '' when they had none. */
  role: string;
  clientName: string;
  clientEmail?: string;
  source: { tool: string; label: string; url?: string };
  category: string;
  summary: string;
  policyVersion: string;
  checklist: { stepId: string; label: string; dueAt?: number }[];
  /** How the author's browser knew who they were (IT set it, or typed); the server knows the sign-in. */
  identity?: Identity;
}

export interface StepTicked extends RecordBase<'step-ticked' | 'step-unticked'> {
  stepId: string;
}

/** A remedy given inside the author's own authority. */
export interface RemedyGranted extends RecordBase<'remedy-granted'> {
  /** The author's role then; '' when they had none. */
  role: string;
  grantId: string;
  remedyId: string;
  label: string;
  kind: RemedyKind;
  amount: number;
  currency: string;
  creditNoteNumber?: string;
  note?: string;
  /** When it was asked for, if before `at`. */
  requestedAt?: number;
  identity?: Identity;
}

/** Above the author's authority: addressed to the roles that may approve it. */
export interface ApprovalRequested extends RecordBase<'approval-requested'> {
  /** The requester's role then; '' when they had none. */
  role: string;
  requestId: string;
  remedyId: string;
  label: string;
  kind: RemedyKind;
  amount: number;
  currency: string;
  /** Why the requester asks. */
  reason: string;
  /** Format 1 named the role it was addressed to; the approvers are the rulebook's (approvals.ts). */
  toRole?: string;
  identity?: Identity;
}

/** The approver's own act: it grants the requested remedy, numbered in the approver's series. */
export interface ApprovalApproved extends RecordBase<'approval-approved'> {
  requestId: string;
  requestedBy: string;
  remedyId: string;
  kind: RemedyKind;
  amount: number;
  currency: string;
  creditNoteNumber?: string;
  /** 'approver-signed-in': the approver's own act; 'marked-by-requester': an emailed yes recorded by `markedBy`. */
  identity?: 'marked-by-requester' | 'approver-signed-in';
  markedBy?: string;
}

export interface ApprovalDeclined extends RecordBase<'approval-declined'> {
  requestId: string;
  requestedBy: string;
  /** What was asked, as the request's id names it (format 1 records lack them). */
  remedyId?: string;
  amount?: number;
  reason: string;
}

export type IncidentResolved = RecordBase<'incident-resolved'>;

/**
 * A resolved incident opened again (Reopen, or Undo of a Resolve): it names the resolve records it
 * undoes, so the order the records arrive in, or clocks that disagree, never change the outcome.
 */
export interface IncidentReopened extends RecordBase<'incident-reopened'> {
  reopens: string[];
}

/**
 * An approver away until a time (`until` at or before `at`: back now). About no incident: its id is
 * `away/<author>:…`, so it sits apart from every incident's records and only its author can write it.
 * The latest of a person's records (by `at`) says whether they are away; requests skip them meanwhile.
 */
export interface ApproverAway {
  _id: string;
  type: 'approver-away';
  v: typeof LEDGER_RECORD_VERSION;
  author: string;
  at: number;
  until: number;
}

export type LedgerRecord =
  | IncidentOpened
  | StepTicked
  | RemedyGranted
  | ApprovalRequested
  | ApprovalApproved
  | ApprovalDeclined
  | IncidentResolved
  | IncidentReopened;
