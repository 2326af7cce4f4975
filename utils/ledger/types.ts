import type { RemedyKind } from '../policy/types';
import type { ClientSource } from '../detect/types';
import type { Identity } from '../people';

// The incident ledger's records. Money is integer minor units; times are epoch milliseconds.

export interface ChecklistProgress {
  stepId: string;
  label: string;
  /** createdAt + dueWithinMinutes; absent when the step has no due time. */
  dueAt?: number;
  doneAt?: number;
  /** Email of who ticked it. */
  doneBy?: string;
}

/** 'refused': the firm's server refused its record — never given, whatever this browser decided. */
export type RemedyStatus = 'granted' | 'pending' | 'declined' | 'refused';

export interface GrantedRemedy {
  id: string;
  remedyId: string;
  label: string;
  kind: RemedyKind;
  amount: number;
  currency: string;
  status: RemedyStatus;
  /** Why the firm's server refused it (status "refused"), in the server's words. */
  refusedReason?: string;
  /** How it was decided: inside the requester's authority, or approved by someone above. */
  decision: 'within-authority' | 'approved' | 'needs-approval';
  requestedBy: string;
  /** '' when the requester had no role. */
  requestedByRole: string;
  /** How the requester's identity was known; absent (records from before it was kept) = self-declared. */
  requestedByIdentity?: Identity;
  requestedAt: number;
  grantedAt?: number;
  /** Email of the approver, when decision is "approved". */
  approvedBy?: string;
  /**
   * "Mark approved": the requester's browser recorded the approver's yes on the requester's word.
   * Absent on an approval kept before this was written: read as the same (it was the only way).
   */
  approvedByIdentity?: 'marked-by-requester' | 'approver-signed-in';
  /** Who clicked Mark approved. */
  approvalMarkedBy?: string;
  /** Who declined a request, when, and why (status "declined", firm ledger). */
  declinedBy?: string;
  declinedAt?: number;
  declineReason?: string;
  creditNoteNumber?: string;
  note?: string;
}

/** A record of the firm ledger that the fold did not apply, and why (utils/firm-ledger/fold.ts). */
export interface SetAsideRecord {
  recordId: string;
  author: string;
  reason: string;
}

export interface Incident {
  /** `<author's email>:<UUID>` (a UUID alone before ids belonged to their author). */
  id: string;
  /** Normalised email, else `<crm>:<record id>`. */
  clientKey: string;
  clientName: string;
  clientEmail?: string;
  source: { tool: ClientSource | 'manual'; label: string; url?: string };
  category: string;
  summary: string;
  createdBy: string;
  /** The creator's role when the incident started; '' when they had none. */
  createdByRole: string;
  /** How the creator's identity was known; absent (records from before it was kept) = self-declared. */
  createdByIdentity?: Identity;
  createdAt: number;
  /** Last change; an import replaces a record only with a newer one. */
  updatedAt: number;
  status: 'open' | 'resolved';
  resolvedAt?: number;
  resolvedBy?: string;
  checklist: ChecklistProgress[];
  remedies: GrantedRemedy[];
  policyVersion: string;
  /** Firm ledger: records of this incident that prove nothing or were tampered with, not applied. */
  setAside?: SetAsideRecord[];
}

/** A remedy as the authority decision and the client's history count it. */
export type RemedyLine = Pick<GrantedRemedy, 'kind' | 'amount' | 'status' | 'requestedAt' | 'grantedAt'>;

/** What the authority decision needs of an incident: whose it is and what was given in it. */
export interface IncidentGrants {
  id: string;
  clientKey: string;
  remedies: readonly RemedyLine[];
}

/** One line of a client's past incidents; the whole record comes from `getIncident`. */
export interface IncidentSummary extends IncidentGrants {
  createdAt: number;
  category: string;
  summary: string;
  status: Incident['status'];
  /** Only the granted remedies. */
  remedies: readonly RemedyLine[];
}

/** How many of a client's latest incidents the history lists. */
export const HISTORY_LATEST = 20;

/**
 * What a client has had, for the authority decision and the header: small whatever the client's
 * past, so the panel gets it quickly. Every grant that counts against the yearly cap is in it.
 */
export interface ClientHistory {
  clientKey: string;
  /** As the client's latest incident names them. */
  clientName?: string;
  clientEmail?: string;
  /** All the client's incidents, open or resolved. */
  incidentCount: number;
  /** The latest incidents (at most `HISTORY_LATEST`), newest first, open ones included. */
  incidents: IncidentSummary[];
  /** Every open incident of the client in full (the panel works on them), newest first. */
  openIncidents: Incident[];
  /** Incidents older than those listed with money granted in the rolling 365 days: those grants. */
  earlierGrants: IncidentGrants[];
  /** Sum of granted remedies with money value in the rolling 365 days, minor units. */
  givenLast365: number;
}

/** A client as the ledger knows them: the key incidents are filed under, and how to greet them. */
export interface ClientRef {
  clientKey: string;
  name: string;
  email?: string;
}

export interface StartIncidentInput {
  client: ClientRef & { source: Incident['source'] };
  category: string;
  summary: string;
}

/** A remedy someone proposes to give in an incident. */
export interface RemedyProposal {
  incidentId: string;
  remedyId: string;
  /** Minor units. */
  amount: number;
  note?: string;
}

export interface IncidentFilter {
  status?: 'open' | 'resolved';
  clientKey?: string;
  before?: number;
  limit?: number;
}

export interface IncidentPage {
  incidents: Incident[];
  /** Cursor for the next page (createdAt of the last item), null at the end. */
  next: number | null;
}
