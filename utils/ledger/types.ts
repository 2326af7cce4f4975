import type { RemedyKind } from '../policy/types';
import type { ClientSource } from '../detect/types';

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

export type RemedyStatus = 'granted' | 'pending' | 'declined';

export interface GrantedRemedy {
  id: string;
  remedyId: string;
  label: string;
  kind: RemedyKind;
  amount: number;
  currency: string;
  status: RemedyStatus;
  /** How it was decided: inside the requester's authority, or approved by someone above. */
  decision: 'within-authority' | 'approved' | 'needs-approval';
  requestedBy: string;
  /** '' when the requester had no role. */
  requestedByRole: string;
  requestedAt: number;
  grantedAt?: number;
  /** Email of the approver, when decision is "approved". */
  approvedBy?: string;
  creditNoteNumber?: string;
  note?: string;
}

export interface Incident {
  /** UUID. */
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
  createdAt: number;
  /** Last change; an import replaces a record only with a newer one. */
  updatedAt: number;
  status: 'open' | 'resolved';
  resolvedAt?: number;
  resolvedBy?: string;
  checklist: ChecklistProgress[];
  remedies: GrantedRemedy[];
  policyVersion: string;
}

/** What a client has had in the last 365 days, for the authority decision and the header. */
export interface ClientHistory {
  clientKey: string;
  incidents: Incident[];
  /** Sum of granted remedies with money value in the rolling 365 days, minor units. */
  givenLast365: number;
  openFollowUps: number;
}
