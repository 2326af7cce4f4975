import type { GrantedRemedy } from '../ledger/types';

// An approver's answer to a pending request, one home for it: what approving or declining changes on
// the request, whether the answer is given in the extension (utils/ledger/commands.ts) or on the
// phone page (components/phone/), and so which record the fold and the server read (fold.ts,
// `answerRecord`). The checks of who may answer stay with their callers' rulebook (approvals.ts).

/** The longest reason a decline keeps. */
export const DECLINE_REASON_MAX = 2000;

/** The reason as kept: trimmed and bounded; '' when nothing was said. */
export function declineReasonText(reason: string): string {
  return reason.trim().slice(0, DECLINE_REASON_MAX);
}

export interface Approval {
  approver: string;
  at: number;
  /** The approver's own signed-in act; otherwise recorded on the requester's word by `markedBy`. */
  ownAct: boolean;
  markedBy?: string;
  /** Taken in the series of whoever records it, for a remedy that takes one (`takesCreditNote`). */
  creditNoteNumber?: string;
}

/** Marks a pending request approved. */
export function approvePending(pending: GrantedRemedy, approval: Approval): void {
  pending.status = 'granted';
  pending.decision = 'approved';
  pending.approvedBy = approval.approver;
  if (approval.ownAct) {
    pending.approvedByIdentity = 'approver-signed-in';
  } else {
    pending.approvedByIdentity = 'marked-by-requester';
    pending.approvalMarkedBy = approval.markedBy ?? pending.requestedBy;
  }
  pending.grantedAt = approval.at;
  if (approval.creditNoteNumber !== undefined) pending.creditNoteNumber = approval.creditNoteNumber;
}

/** Marks a pending request declined by `by`, with the reason (already `declineReasonText`). */
export function declinePending(pending: GrantedRemedy, by: string, reason: string, at: number): void {
  pending.status = 'declined';
  pending.declinedBy = by;
  pending.declinedAt = at;
  pending.declineReason = reason;
}
