import { approversOf, type AuthorityProposal } from '../authority';
import type { GrantedRemedy, Incident, IncidentGrants } from '../ledger/types';
import type { Me } from '../people';
import type { Policy, StaffMember } from '../policy/types';
import { awayUntil } from './away';
import type { ApproverAway } from './records';

// Who a request for approval waits for. It goes first to the nearest approvers whose own limits
// cover it (`approversOf`); each time the policy's escalation time passes unanswered, the next role
// up the chain is added. Pure: the background lists these for the Approvals tab and notifies.

/** Records older than this when they arrive are history catching up, not news to notify. */
export const NEWS_WINDOW_MS = 24 * 60 * 60 * 1000;

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

export interface RoutedApprover {
  email: string;
  name: string;
  role: string;
}

/** One step of a request's path: who it reaches, and how long after it is asked. */
export interface RouteStep {
  approvers: RoutedApprover[];
  /** Minutes after asking; 0 = at once. */
  afterMinutes: number;
}

/** An approver away when the request was asked: skipped at once, to `to` (their stand-in, or the next up). */
export interface RouteSkip {
  who: RoutedApprover;
  until: number;
  to: RoutedApprover[];
  standIn: boolean;
}

export interface Route {
  /** Nearest first; each step also asks the ones before it that are still there. */
  steps: RouteStep[];
  skipped: RouteSkip[];
}

/**
 * The path of a request, decided when it is asked (`askedAt`): the nearest approvers whose own limits
 * cover it (`approversOf`) first, each role further up after one more escalation time without an
 * answer. An approver away then (their own records, `away`) is skipped at once: to their stand-in if
 * the policy names one who may approve this request and is there, else to the next approver up, who
 * is then asked at once. The panel says this path before asking, and the Approvals tab of each
 * approver follows it: the one home of "who is asked, and when".
 */
export function routeOf(
  policy: Policy,
  requester: { email: string | null; role: string | null },
  clientIncidents: readonly IncidentGrants[],
  proposal: AuthorityProposal,
  askedAt: number,
  away: readonly ApproverAway[],
): Route {
  const eligible = approversOf(policy, requester.role, clientIncidents, proposal, askedAt).filter((s) => s.email !== requester.email);
  const person = (s: StaffMember): RoutedApprover => ({ email: s.email, name: s.name, role: s.role });
  const isAway = (email: string) => awayUntil(away, email, askedAt) !== null;
  const roles = [...new Set(eligible.map((s) => s.role))];
  const escalate = escalateAfterMs(policy) / 60_000;
  const steps: RouteStep[] = [];
  const skipped: RouteSkip[] = [];
  /** Skips without a stand-in, waiting for the next step's approvers. */
  let toNext: RouteSkip[] = [];
  const asked = new Set<string>();
  let after = 0;
  for (const role of roles) {
    const present: RoutedApprover[] = [];
    const add = (s: RoutedApprover) => {
      if (asked.has(s.email)) return;
      asked.add(s.email);
      present.push(s);
    };
    let pullNext = false;
    for (const member of eligible.filter((s) => s.role === role)) {
      const until = awayUntil(away, member.email, askedAt);
      if (until === null) {
        add(person(member));
        continue;
      }
      const standIn = member.standIn ? eligible.find((s) => s.email === member.standIn && !isAway(s.email)) : undefined;
      if (standIn) {
        add(person(standIn));
        skipped.push({ who: person(member), until, to: [person(standIn)], standIn: true });
      } else {
        pullNext = true;
        const skip: RouteSkip = { who: person(member), until, to: [], standIn: false };
        skipped.push(skip);
        toNext.push(skip);
      }
    }
    if (present.length > 0) {
      steps.push({ approvers: present, afterMinutes: after });
      for (const skip of toNext) skip.to = present;
      toNext = [];
    }
    // Someone here is away with no stand-in: the next role up is asked at once.
    if (!pullNext) after += escalate;
  }
  return { steps, skipped };
}

/**
 * One pending request's approvers now: the steps of its route reached by now (one more for each
 * escalation time passed since it was asked), and an approver it skipped once they are back.
 */
export function currentApprovers(
  policy: Policy,
  incident: Pick<Incident, 'id' | 'clientKey'>,
  remedy: GrantedRemedy,
  clientIncidents: readonly IncidentGrants[],
  now: number,
  away: readonly ApproverAway[] = [],
): { escalations: number; approvers: WaitingApproval['approvers'] } {
  const proposal: AuthorityProposal = {
    clientKey: incident.clientKey,
    incidentId: incident.id,
    remedyId: remedy.remedyId,
    amount: remedy.amount,
  };
  // Counted without the request itself: a pending request adds nothing to the caps.
  const route = routeOf(policy, { email: remedy.requestedBy, role: remedy.requestedByRole || null }, clientIncidents, proposal, remedy.requestedAt, away);
  const reached = route.steps.filter((step) => now - remedy.requestedAt >= step.afterMinutes * 60_000);
  const approvers = reached.flatMap((step) => step.approvers);
  for (const skip of route.skipped) {
    if (awayUntil(away, skip.who.email, now) === null && !approvers.some((a) => a.email === skip.who.email)) approvers.push(skip.who);
  }
  return { escalations: Math.max(0, reached.length - 1), approvers };
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
  away: readonly ApproverAway[] = [],
): WaitingApproval[] {
  const names = new Map(policy.staff.map((s) => [s.email, s.name]));
  const waiting: WaitingApproval[] = [];
  for (const incident of incidents) {
    for (const remedy of incident.remedies) {
      if (remedy.status !== 'pending' || remedy.requestedBy === me.email) continue;
      const { escalations, approvers } = currentApprovers(policy, incident, remedy, grantsOf(incident.clientKey), now, away);
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
