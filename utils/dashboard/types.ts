import type { GrantedRemedy, Incident } from '../ledger/types';

// What the dashboard reads of the ledger: the incidents of a period, each with only the fields a
// figure needs. A whole `Incident` is one too, so the metrics take the ledger's records as they are.

export type DashboardRemedy = Pick<
  GrantedRemedy,
  | 'id'
  | 'remedyId'
  | 'kind'
  | 'amount'
  | 'status'
  | 'decision'
  | 'requestedBy'
  | 'requestedByRole'
  | 'requestedAt'
  | 'grantedAt'
  | 'approvedBy'
  | 'declinedBy'
  | 'declinedAt'
>;

export type DashboardIncident = Pick<
  Incident,
  'id' | 'clientKey' | 'clientName' | 'category' | 'createdBy' | 'createdByRole' | 'createdAt' | 'status'
> & { readonly remedies: readonly DashboardRemedy[] };

/** The incidents a figure covers: created from `from` (inclusive) to `to` (exclusive), epoch ms. */
export interface Period {
  from: number;
  to: number;
}

/** null = everyone, every category. */
export interface DashboardFilters {
  /** Who started the incident or asked for a remedy in it had this role ('' = no role). */
  role: string | null;
  /** Who started the incident or asked for a remedy in it (email). */
  person: string | null;
  category: string | null;
}

export const NO_FILTERS: DashboardFilters = { role: null, person: null, category: null };

/** Whose incidents the dashboard reads. */
export type DashboardCoverage = 'firm' | 'browser';

/** The answer to the `dashboardData` message. */
export interface DashboardData {
  /** Created in the asked range, oldest first. */
  incidents: DashboardIncident[];
  coverage: DashboardCoverage;
  /** With the firm ledger, when this browser's replica last caught up with it. */
  syncedAt: number | null;
}

/** Only what the dashboard needs of a ledger record (the message stays small at 100,000 incidents). */
export function dashboardIncident(incident: Incident): DashboardIncident {
  const { id, clientKey, clientName, category, createdBy, createdByRole, createdAt, status } = incident;
  return {
    id,
    clientKey,
    clientName,
    category,
    createdBy,
    createdByRole,
    createdAt,
    status,
    remedies: incident.remedies.map((r) => {
      const line: DashboardRemedy = {
        id: r.id,
        remedyId: r.remedyId,
        kind: r.kind,
        amount: r.amount,
        status: r.status,
        decision: r.decision,
        requestedBy: r.requestedBy,
        requestedByRole: r.requestedByRole,
        requestedAt: r.requestedAt,
      };
      if (r.grantedAt !== undefined) line.grantedAt = r.grantedAt;
      if (r.approvedBy !== undefined) line.approvedBy = r.approvedBy;
      if (r.declinedBy !== undefined) line.declinedBy = r.declinedBy;
      if (r.declinedAt !== undefined) line.declinedAt = r.declinedAt;
      return line;
    }),
  };
}
