import { approversOf, type AuthorityProposal } from '../authority';
import type { GrantedRemedy, Incident, IncidentGrants } from '../ledger/types';
import type { Me } from '../people';
import type { Policy } from '../policy/types';

// Who a request for approval waits for. It goes first to the nearest approvers whose own limits
// cover it (`approversOf`); each time the policy's escalation time passes unanswered, the next role
// up the chain is added. Pure: the background lists these for the Approvals tab and notifies.

export const DEFAULT_ESCALATE_AFTER_MINUTES = 30;

export interface WaitingApproval {
  incidentId: string;
  requestId: string;
  clientKey: string;
  clientName: string;
  remedyId: string;
  remedyLabel: string;
  kind: GrantedRemedy['kind'];
  /** Minor units. */
  amount: number;
  currency: string;
  requestedBy: string;
  requestedByName: string;
  /** Why they ask ('' when they said nothing). */
  reason: string;
  since: number;
  /** How many times it went up a role; 0 = still with the nearest approvers. */
  escalations: number;
  /** The staff it waits for now, nearest first. */
  approvers: { email: string; name: string; role: string }[];
}

function escalateAfterMs(policy: Policy): number {
  return (policy.ledger?.escalateAfterMinutes ?? DEFAULT_ESCALATE_AFTER_MINUTES) * 60_000;
}

/**
 * One pending request's approvers now: the roles of `approversOf` in order, one more for each
 * escalation time passed since it was asked.
 */
export function currentApprovers(
  policy: Policy,
  incident: Pick<Incident, 'id' | 'clientKey'>,
  remedy: GrantedRemedy,
  clientIncidents: readonly IncidentGrants[],
  now: number,
): { escalations: number; approvers: WaitingApproval['approvers'] } {
  const proposal: AuthorityProposal = {
    clientKey: incident.clientKey,
    incidentId: incident.id,
    remedyId: remedy.remedyId,
    amount: remedy.amount,
  };
  // Counted without the request itself: a pending request adds nothing to the caps.
  const staff = approversOf(policy, remedy.requestedByRole || null, clientIncidents, proposal, now).filter(
    (s) => s.email !== remedy.requestedBy,
  );
  const roles = [...new Set(staff.map((s) => s.role))];
  if (roles.length === 0) return { escalations: 0, approvers: [] };
  const passed = Math.max(0, Math.floor((now - remedy.requestedAt) / escalateAfterMs(policy)));
  const escalations = Math.min(passed, roles.length - 1);
  const reached = new Set(roles.slice(0, escalations + 1));
  return {
    escalations,
    approvers: staff.filter((s) => reached.has(s.role)).map((s) => ({ email: s.email, name: s.name, role: s.role })),
  };
}

/**
 * What waits for `me` among `incidents` (each with its client's grants, for the caps), oldest first.
 * `grantsOf` gives a client's incidents (or what was granted in them) for the yearly cap.
 */
export function waitingFor(
  me: Me,
  policy: Policy,
  incidents: readonly Incident[],
  grantsOf: (clientKey: string) => readonly IncidentGrants[],
  now: number,
): WaitingApproval[] {
  const names = new Map(policy.staff.map((s) => [s.email, s.name]));
  const waiting: WaitingApproval[] = [];
  for (const incident of incidents) {
    for (const remedy of incident.remedies) {
      if (remedy.status !== 'pending' || remedy.requestedBy === me.email) continue;
      const { escalations, approvers } = currentApprovers(policy, incident, remedy, grantsOf(incident.clientKey), now);
      if (!approvers.some((a) => a.email === me.email)) continue;
      waiting.push({
        incidentId: incident.id,
        requestId: remedy.id,
        clientKey: incident.clientKey,
        clientName: incident.clientName,
        remedyId: remedy.remedyId,
        // The policy's words for the remedy, never a record's own label.
        remedyLabel: policy.remedies.find((r) => r.id === remedy.remedyId)?.label ?? remedy.label,
        kind: remedy.kind,
        amount: remedy.amount,
        currency: remedy.currency,
        requestedBy: remedy.requestedBy,
        requestedByName: names.get(remedy.requestedBy) ?? remedy.requestedBy,
        reason: remedy.note ?? '',
        since: remedy.requestedAt,
        escalations,
        approvers,
      });
    }
  }
  return waiting.sort((a, b) => a.since - b.since);
}
