import type { DashboardIncident, DashboardRemedy } from '@/utils/dashboard/types';

// Generated ledgers with known answers: each incident and remedy written out with only what a test
// is about, the rest plain defaults. Times are epoch ms, money cents.

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
/** Monday, November 2, 2026, 9:00 in New York (14:00 UTC). */
export const T0 = Date.UTC(2026, 10, 2, 14, 0);

export const ANA = 'ana.ruiz@harborpine.example';
export const BEN = 'ben.okafor@harborpine.example';
export const CARLA = 'carla.meyer@harborpine.example';
export const DEV = 'dev.patel@harborpine.example';

let next = 0;

export function remedy(over: Partial<DashboardRemedy> = {}): DashboardRemedy {
  const requestedAt = over.requestedAt ?? T0;
  next += 1;
  return {
    id: `r${next}`,
    remedyId: 'courier-credit',
    kind: 'credit',
    amount: 2000,
    status: 'granted',
    decision: 'within-authority',
    requestedBy: ANA,
    requestedByRole: 'front-desk',
    requestedAt,
    ...(over.status === 'pending' || over.status === 'declined' ? {} : { grantedAt: requestedAt }),
    ...over,
  };
}

/** A request approved by `approver` after `waitMinutes`. */
export function approved(waitMinutes: number, over: Partial<DashboardRemedy> = {}, approver = CARLA): DashboardRemedy {
  const requestedAt = over.requestedAt ?? T0;
  return remedy({ decision: 'approved', approvedBy: approver, requestedAt, grantedAt: requestedAt + waitMinutes * MIN, ...over });
}

export function declined(waitMinutes: number, over: Partial<DashboardRemedy> = {}, approver = CARLA): DashboardRemedy {
  const requestedAt = over.requestedAt ?? T0;
  return remedy({ status: 'declined', decision: 'needs-approval', declinedBy: approver, requestedAt, declinedAt: requestedAt + waitMinutes * MIN, ...over });
}

export function pending(over: Partial<DashboardRemedy> = {}): DashboardRemedy {
  return remedy({ status: 'pending', decision: 'needs-approval', ...over });
}

export function incident(over: Partial<DashboardIncident> = {}): DashboardIncident {
  next += 1;
  return {
    id: `i${next}`,
    clientKey: `client${next}@example.com`,
    clientName: `Client ${next}`,
    category: 'shipping-error',
    createdBy: ANA,
    createdByRole: 'front-desk',
    createdAt: T0,
    status: 'resolved',
    remedies: [],
    ...over,
  };
}
