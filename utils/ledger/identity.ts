import type { Identity } from '../people';
import type { GrantedRemedy, Incident } from './types';

// Who the records say did something, and whether the extension could know it. Signed in to the firm
// ledger, what a person records is theirs (the server refuses a record in anyone else's name); else
// only an address IT set (managed storage `staffEmail`) is verified: a typed Your email is
// self-declared, and "Mark approved" is the requester's word that the approver said yes. Records
// from before this was kept carry no mark and read as unverified, so nothing unproven reads as proven.

/** How a grant's authority is known: the grantor's own identity, or the requester's word for an approval. */
export type GrantCheck = Identity | 'marked-by-requester' | 'approver-signed-in';

/** Who the user is for what they record now: signed in to the firm ledger as themselves, it is that. */
export function identityNow(base: Identity | undefined, signedInToLedger: boolean): Identity {
  return signedInToLedger ? 'firm-ledger' : base === 'managed' ? 'managed' : 'self-declared';
}

function known(identity: Identity | undefined): Identity {
  return identity === 'managed' || identity === 'firm-ledger' ? identity : 'self-declared';
}

export function creatorIdentity(incident: Pick<Incident, 'createdByIdentity'>): Identity {
  return known(incident.createdByIdentity);
}

export function requesterIdentity(remedy: Pick<GrantedRemedy, 'requestedByIdentity'>): Identity {
  return known(remedy.requestedByIdentity);
}

/** Who authorised a grant: the approver when it was approved, else whoever gave it. */
export function grantedBy(remedy: Pick<GrantedRemedy, 'decision' | 'approvedBy' | 'requestedBy'>): string {
  return remedy.decision === 'approved' ? (remedy.approvedBy ?? '') : remedy.requestedBy;
}

/** How the grant's authority is known. An approval is always the requester's word without the firm ledger. */
export function grantCheck(remedy: Pick<GrantedRemedy, 'decision' | 'requestedByIdentity' | 'approvedByIdentity'>): GrantCheck {
  if (remedy.decision !== 'approved') return requesterIdentity(remedy);
  // Only the approver's own act through the firm ledger, signed in as themselves, is known.
  return remedy.approvedByIdentity === 'approver-signed-in' ? 'approver-signed-in' : 'marked-by-requester';
}

export function isVerified(check: GrantCheck | undefined): boolean {
  return check === 'managed' || check === 'firm-ledger' || check === 'approver-signed-in';
}

/** The words for the CSV and the panel: "Verified: …" or "Unverified: …", never left to guess. */
export function checkText(check: GrantCheck): string {
  switch (check) {
    case 'managed':
      return 'Verified: email set by IT';
    case 'firm-ledger':
      return 'Verified: signed in to the firm ledger';
    case 'self-declared':
      return 'Unverified: self-declared email';
    case 'marked-by-requester':
      return 'Unverified: approval marked by the requester';
    case 'approver-signed-in':
      return 'Verified: approved by the approver, signed in to the firm ledger';
  }
}
