import { decideAuthority, grantedTotals, moneyValue } from '../authority';
import type { LimitDraft } from '../editor/draft';
import type { IncidentGrants, RemedyLine } from '../ledger/types';
import type { Policy, Role } from '../policy/types';
import { byName, median } from './select';
import { answerOf, isRequest } from './waiting';
import type { DashboardIncident, DashboardRemedy } from './types';

// "What authority to give": where one role asks again and again for the same remedy and is nearly
// always told yes, the per-incident limit that would have let them give it on the first call; and
// where a role's limit goes unused. Each comes with the policy change to try in the editor. Whether
// a request would have been served is decided by the side panel's own rule, `decideAuthority`.

/** A pattern needs this many approvals before it is one. */
export const MIN_APPROVED = 3;
/** "Nearly always": this share of the answered requests approved, or more. */
export const NEARLY_ALWAYS = 0.9;
/** A limit counts as unused only after this many incidents of the role. */
export const MIN_OCCASIONS = 5;

export interface RaiseSuggestion {
  kind: 'raise';
  role: string;
  remedyId: string;
  asked: number;
  approved: number;
  declined: number;
  /** The largest amount approved, minor units. */
  largest: number;
  medianWaitMinutes: number;
  currentLimit: number;
  /** The per-incident limit that covers every approved request with what its incident already had. */
  proposedLimit: number;
  /** Approved requests the proposed limit would have let the asker give on the spot. */
  served: number;
  /** Their distinct clients. */
  servedClients: number;
  draft: LimitDraft;
}

/** A role that had incidents but neither gave money on the spot nor asked for approval. */
export interface UnusedSuggestion {
  kind: 'unused';
  role: string;
  /** Incidents someone of the role started in the period. */
  occasions: number;
  currentLimit: number;
  draft: LimitDraft;
}

export type Suggestion = RaiseSuggestion | UnusedSuggestion;

/** What a client had been given before `at`, as the authority decision counts it. */
function grantsBefore(clientIncidents: readonly DashboardIncident[], at: number, except: string): IncidentGrants[] {
  return clientIncidents.map((incident) => ({
    id: incident.id,
    clientKey: incident.clientKey,
    remedies: incident.remedies
      .filter((r) => r.id !== except && r.status === 'granted' && (r.grantedAt ?? r.requestedAt) < at)
      .map((r): RemedyLine => ({ kind: r.kind, amount: r.amount, status: r.status, requestedAt: r.requestedAt, grantedAt: r.grantedAt ?? r.requestedAt })),
  }));
}

/** Money the incident already had when the request was made. */
function usedBefore(incident: DashboardIncident, request: DashboardRemedy): number {
  let sum = 0;
  for (const r of incident.remedies) {
    if (r.id !== request.id && (r.grantedAt ?? r.requestedAt) < request.requestedAt) sum += moneyValue(r);
  }
  return sum;
}

function withLimit(policy: Policy, role: string, perIncident: number): Policy {
  return { ...policy, roles: policy.roles.map((r) => (r.id === role ? { ...r, perIncident } : r)) };
}

interface Asked {
  incident: DashboardIncident;
  remedy: DashboardRemedy;
}

/**
 * `incidents`: those counted (period and filters); `history`: every incident loaded, for what each
 * client had been given before a request (a yearly cap may bind where a per-incident limit does not).
 */
export function suggestions(
  incidents: readonly DashboardIncident[],
  history: readonly DashboardIncident[],
  policy: Policy,
): Suggestion[] {
  const roles = new Map<string, Role>(policy.roles.map((r) => [r.id, r]));
  const remedies = new Set(policy.remedies.map((r) => r.id));
  const groups = new Map<string, Asked[]>();
  const started = new Map<string, number>();
  /** Roles that gave money on the spot, or asked for approval: their limit came into play. */
  const limitInPlay = new Set<string>();
  for (const incident of incidents) {
    started.set(incident.createdByRole, (started.get(incident.createdByRole) ?? 0) + 1);
    for (const remedy of incident.remedies) {
      if (!isRequest(remedy)) {
        if (moneyValue(remedy) > 0) limitInPlay.add(remedy.requestedByRole);
        continue;
      }
      limitInPlay.add(remedy.requestedByRole);
      if (!roles.has(remedy.requestedByRole) || !remedies.has(remedy.remedyId)) continue;
      const key = `${remedy.requestedByRole}\u0000${remedy.remedyId}`;
      const list = groups.get(key);
      if (list) list.push({ incident, remedy });
      else groups.set(key, [{ incident, remedy }]);
    }
  }

  let byClient: Map<string, DashboardIncident[]> | null = null;
  const clientIncidents = (clientKey: string) => {
    if (!byClient) {
      byClient = new Map();
      for (const incident of history) {
        const list = byClient.get(incident.clientKey);
        if (list) list.push(incident);
        else byClient.set(incident.clientKey, [incident]);
      }
    }
    return byClient.get(clientKey) ?? [];
  };

  const raise: RaiseSuggestion[] = [];
  for (const asked of groups.values()) {
    const { requestedByRole: roleId, remedyId } = asked[0]!.remedy;
    const role = roles.get(roleId)!;
    if (role.perIncident === null) continue;
    const approved = asked.filter((a) => a.remedy.status === 'granted');
    const declined = asked.filter((a) => a.remedy.status === 'declined').length;
    if (approved.length < MIN_APPROVED || approved.length / (approved.length + declined) < NEARLY_ALWAYS) continue;
    const proposedLimit = approved.reduce((max, a) => Math.max(max, usedBefore(a.incident, a.remedy) + a.remedy.amount), 0);
    // Asked although under the per-incident limit: a yearly cap or the remedy's maximum bound.
    if (proposedLimit <= role.perIncident) continue;
    const draft = withLimit(policy, roleId, proposedLimit);
    const servedClients = new Set<string>();
    let served = 0;
    // The decision depends on the proposal and on the two totals it counts: decided once for each.
    const decided = new Map<string, boolean>();
    for (const { incident, remedy } of approved) {
      const grants = grantsBefore(clientIncidents(incident.clientKey), remedy.requestedAt, remedy.id);
      const totals = grantedTotals(grants, incident.clientKey, remedy.requestedAt);
      const key = `${remedy.amount}|${totals.byIncident[incident.id] ?? 0}|${totals.clientLast365}`;
      let allowed = decided.get(key);
      if (allowed === undefined) {
        const proposal = { clientKey: incident.clientKey, incidentId: incident.id, remedyId, amount: remedy.amount };
        allowed = decideAuthority(draft, roleId, grants, proposal, remedy.requestedAt).allowed;
        decided.set(key, allowed);
      }
      if (!allowed) continue;
      served += 1;
      servedClients.add(incident.clientKey);
    }
    if (served === 0) continue;
    raise.push({
      kind: 'raise',
      role: roleId,
      remedyId,
      asked: asked.length,
      approved: approved.length,
      declined,
      largest: approved.reduce((max, a) => Math.max(max, a.remedy.amount), 0),
      medianWaitMinutes: median(approved.map((a) => Math.max(0, answerOf(a.remedy)!.at - a.remedy.requestedAt) / 60_000))!,
      currentLimit: role.perIncident,
      proposedLimit,
      served,
      servedClients: servedClients.size,
      draft: { role: roleId, perIncident: proposedLimit, case: { remedyId, amount: approved.reduce((max, a) => Math.max(max, a.remedy.amount), 0) } },
    });
  }
  raise.sort((a, b) => b.served - a.served || b.asked - a.asked || byName(a.role, b.role));

  const unused: UnusedSuggestion[] = [];
  for (const role of policy.roles) {
    const occasions = started.get(role.id) ?? 0;
    if (role.perIncident === null || role.perIncident === 0 || occasions < MIN_OCCASIONS) continue;
    if (limitInPlay.has(role.id)) continue;
    unused.push({ kind: 'unused', role: role.id, occasions, currentLimit: role.perIncident, draft: { role: role.id, perIncident: 0 } });
  }
  return [...raise, ...unused];
}
