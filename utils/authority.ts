import type { GrantedRemedy, IncidentGrants } from './ledger/types';
import type { Policy, Role, StaffMember } from './policy/types';
import { formatMoney } from './money';
import { t, uiLanguage } from './i18n';

// "May I give this client this much, right now?" — the heart of the product, as one pure function.
// Money is integer minor units; a role's caps are `perIncident` (all money remedies granted in one
// incident) and `perClientPerYear` (all money remedies granted to the client in the rolling 365 days).

export const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** What the limit that stops a proposal is; null when nothing stops it. */
export type AuthorityBinding =
  | 'per-incident'
  | 'per-client-year'
  | 'remedy-max'
  | 'no-role'
  | 'invalid-amount'
  | null;

/** One cap as it stands for this proposal. Minor units; null limit = no cap. */
export interface LimitState {
  limit: number | null;
  /** Already granted against this cap before the proposal. */
  usedBefore: number;
  /** What was left before the proposal (never below 0); null when there is no cap. */
  remainingBefore: number | null;
  /** What would be left after it; negative = by how much the proposal goes over. */
  remainingAfter: number | null;
}

export interface Approver {
  name: string;
  email: string;
}

export interface AuthorityDecision {
  allowed: boolean;
  /** One line for the person on the call. */
  reason: string;
  binding: AuthorityBinding;
  perIncident: LimitState;
  perClientYear: LimitState;
  /** The remedy's own maximum, binding everyone; null when it has none. */
  remedyMax: number | null;
  /** Who approves above the requester's authority (after falling back up the chain to a role that
   * someone on the staff list holds); null when no approval can help (remedy maximum, bad amount). */
  approverRole: string | null;
  approverRoleLabel: string | null;
  approvers: Approver[];
  /**
   * Why the approver is not the requester's own approver, in one line: the sum with what was already
   * given crosses that role's limit, or no one holds it. Null when the nearest approver approves.
   */
  approverBecause: string | null;
  /** The money value the caps count (an apology counts 0), minor units. */
  value: number;
  currency: string;
  locale: string;
}

export interface AuthorityProposal {
  clientKey: string;
  /** The incident the remedy is for; its granted remedies add up against `perIncident`. */
  incidentId?: string;
  remedyId: string;
  /** Minor units. */
  amount: number;
}

/** Money a granted remedy counts against the caps: apologies cost nothing, pending or declined nothing. */
export function moneyValue(remedy: Pick<GrantedRemedy, 'status' | 'kind' | 'amount'>): number {
  if (remedy.status !== 'granted' || remedy.kind === 'apology') return 0;
  return remedy.amount;
}

export interface GrantedTotals {
  /** Granted to the client in the 365 days up to `now`, minor units. */
  clientLast365: number;
  /** Granted per incident of that client (whatever its age), minor units. */
  byIncident: Record<string, number>;
}

/**
 * The client's granted totals from their incidents (whole records, or what was granted in them);
 * incidents of other clients are ignored.
 */
export function grantedTotals(
  incidents: readonly IncidentGrants[],
  clientKey: string,
  now: number,
): GrantedTotals {
  const totals: GrantedTotals = { clientLast365: 0, byIncident: {} };
  for (const incident of incidents) {
    if (incident.clientKey !== clientKey) continue;
    let inIncident = 0;
    for (const remedy of incident.remedies) {
      const value = moneyValue(remedy);
      inIncident += value;
      // A grant dated after `now` (another machine's clock) still counts: never under-count.
      const at = remedy.grantedAt ?? remedy.requestedAt;
      if (now - at < YEAR_MS) totals.clientLast365 += value;
    }
    totals.byIncident[incident.id] = inIncident;
  }
  return totals;
}

/**
 * What the authority decision counts for a client, each incident once and whole records first: the
 * incidents the panel holds in full, then the history's summaries and earlier grants.
 */
export function incidentsOnce(
  full: readonly IncidentGrants[],
  ...rest: (readonly IncidentGrants[])[]
): IncidentGrants[] {
  const seen = new Set(full.map((i) => i.id));
  const out: IncidentGrants[] = [...full];
  for (const list of rest) {
    for (const item of list) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      out.push(item);
    }
  }
  return out;
}

/**
 * The roles that may approve above `role`'s authority, nearest first: its approver, that role's
 * approver, and so on. For someone without a role, the chain starts at the approver of the role with
 * the least per-incident authority: an unknown person is never treated better than the lowest role.
 */
export function approvalChain(policy: Policy, staffRole: string | null): Role[] {
  const byId = new Map(policy.roles.map((r) => [r.id, r]));
  const own = staffRole === null ? undefined : byId.get(staffRole);
  const start = own ?? lowestRole(policy.roles);
  const chain: Role[] = [];
  const seen = new Set<string>();
  let next = start?.approverRole;
  if (!own && start && !start.approverRole) next = start.id;
  while (next !== undefined && !seen.has(next)) {
    seen.add(next);
    const role = byId.get(next);
    if (!role) break;
    chain.push(role);
    next = role.approverRole;
  }
  return chain;
}

/** True when someone of `role` approves for another role: some role's approval chain names it. */
export function isApproverRole(policy: Policy, role: string | null): boolean {
  if (role === null) return false;
  return policy.roles.some((r) => r.id !== role && approvalChain(policy, r.id).some((a) => a.id === role));
}

function lowestRole(roles: readonly Role[]): Role | undefined {
  let lowest: Role | undefined;
  for (const role of roles) {
    if (!lowest || (role.perIncident ?? Infinity) < (lowest.perIncident ?? Infinity)) lowest = role;
  }
  return lowest;
}

/** True when `role`'s own caps leave room for `value` on top of what was already granted. */
function withinCaps(role: Role, incidentUsed: number, clientLast365: number, value: number): boolean {
  return (
    (role.perIncident === null || incidentUsed + value <= role.perIncident) &&
    (role.perClientPerYear === null || clientLast365 + value <= role.perClientPerYear)
  );
}

function limitState(limit: number | null, usedBefore: number, value: number): LimitState {
  if (limit === null) return { limit, usedBefore, remainingBefore: null, remainingAfter: null };
  const remainingBefore = Math.max(0, limit - usedBefore);
  return { limit, usedBefore, remainingBefore, remainingAfter: remainingBefore - value };
}

/**
 * Decides a proposed remedy for a client. `clientIncidents` are the client's incidents (any age), or
 * at least the proposal's incident and every incident with a grant in the rolling 365 days; only
 * granted remedies count. A role missing from the policy, or no role at all, has zero authority.
 */
export function decideAuthority(
  policy: Policy,
  staffRole: string | null,
  clientIncidents: readonly IncidentGrants[],
  proposal: AuthorityProposal,
  now: number,
): AuthorityDecision {
  const { currency, locale } = policy.firm;
  const money = (minor: number) => formatMoney(minor, currency, uiLanguage());
  const remedy = policy.remedies.find((r) => r.id === proposal.remedyId);
  if (!remedy) throw new Error(t('notARemedy', proposal.remedyId));

  const role = staffRole === null ? undefined : policy.roles.find((r) => r.id === staffRole);
  const totals = grantedTotals(clientIncidents, proposal.clientKey, now);
  const incidentUsed = proposal.incidentId ? (totals.byIncident[proposal.incidentId] ?? 0) : 0;
  const validAmount = Number.isSafeInteger(proposal.amount) && proposal.amount >= 0;
  const value = !validAmount || remedy.kind === 'apology' ? 0 : proposal.amount;
  const perIncident = limitState(role ? role.perIncident : 0, incidentUsed, value);
  const perClientYear = limitState(role ? role.perClientPerYear : 0, totals.clientLast365, value);
  const remedyMax = remedy.maxAmount ?? null;

  // Only a role whose own caps cover the proposal can approve it: above a manager's limits, a partner.
  const chain = approvalChain(policy, role ? role.id : null).filter((r) =>
    withinCaps(r, incidentUsed, totals.clientLast365, value),
  );
  const approverRoleOf = chain.find((r) => policy.staff.some((s) => s.role === r.id)) ?? chain[0];
  const approvers = approverRoleOf
    ? policy.staff.filter((s) => s.role === approverRoleOf.id).map((s) => ({ name: s.name, email: s.email }))
    : [];
  const nearest = approvalChain(policy, role ? role.id : null)[0];
  const base = {
    perIncident,
    perClientYear,
    remedyMax,
    approverRole: approverRoleOf?.id ?? null,
    approverRoleLabel: approverRoleOf?.label ?? null,
    approvers,
    approverBecause:
      approverRoleOf && nearest && nearest.id !== approverRoleOf.id
        ? passedOver(policy, nearest, approverRoleOf, { incidentUsed, clientLast365: totals.clientLast365, value })
        : null,
    value,
    currency,
    locale,
  };
  const noApproval = { approverRole: null, approverRoleLabel: null, approvers: [], approverBecause: null };

  if (!validAmount) {
    return {
      ...base,
      ...noApproval,
      allowed: false,
      binding: 'invalid-amount',
      reason: t('reasonInvalidAmount'),
    };
  }
  if (remedyMax !== null && proposal.amount > remedyMax) {
    return {
      ...base,
      ...noApproval,
      allowed: false,
      binding: 'remedy-max',
      reason: t('reasonRemedyMax', money(remedyMax), remedy.label),
    };
  }
  const approval = approverRoleOf
    ? approvers.length > 0
      ? t('approvalMust', approverRoleOf.label)
      : t('approvalMustNobody', approverRoleOf.label)
    : t('approvalNoRole');

  if (value === 0) {
    return { ...base, allowed: true, binding: null, reason: nothingToPayReason(remedy.kind) };
  }
  if (!role) {
    const reason = staffRole === null ? t('reasonNotStaff', approval) : t('reasonUnknownRole', staffRole, approval);
    return { ...base, allowed: false, binding: 'no-role', reason };
  }

  const overIncident = perIncident.remainingAfter !== null && perIncident.remainingAfter < 0;
  const overYear = perClientYear.remainingAfter !== null && perClientYear.remainingAfter < 0;
  if (overIncident || overYear) {
    // When both caps are exceeded, the tighter one is the one the person can act on.
    const incidentBinds =
      overIncident && (!overYear || perIncident.remainingBefore! <= perClientYear.remainingBefore!);
    if (incidentBinds) {
      return {
        ...base,
        allowed: false,
        binding: 'per-incident',
        reason:
          incidentUsed > 0
            ? t('reasonOverIncidentLeft', money(perIncident.limit!), money(perIncident.remainingBefore!), approval)
            : t('reasonOverIncident', money(perIncident.limit!), approval),
      };
    }
    return {
      ...base,
      allowed: false,
      binding: 'per-client-year',
      reason: t('reasonOverYear', money(perClientYear.limit!), money(perClientYear.remainingBefore!), approval),
    };
  }

  const incidentPart =
    perIncident.limit === null
      ? t('noIncidentLimit')
      : t('withinIncidentLimit', money(perIncident.limit));
  const yearPart =
    perClientYear.remainingAfter === null
      ? t('noYearLimit')
      : t('leftThisYear', money(perClientYear.remainingAfter));
  return { ...base, allowed: true, binding: null, reason: t('reasonWithin', incidentPart, yearPart) };
}

/**
 * Why `nearest`, the requester's own approver, does not approve and `approver` does: the proposal
 * with what was already given crosses one of `nearest`'s caps (the per-incident one first, as the
 * person can act on it by starting a separate incident), or no one on the staff list holds it.
 */
function passedOver(
  policy: Policy,
  nearest: Role,
  approver: Role,
  used: { incidentUsed: number; clientLast365: number; value: number },
): string {
  const money = (minor: number) => formatMoney(minor, policy.firm.currency, uiLanguage());
  const { incidentUsed, clientLast365, value } = used;
  if (nearest.perIncident !== null && incidentUsed + value > nearest.perIncident) {
    return incidentUsed > 0
      ? t('passedIncidentWith', money(incidentUsed), money(incidentUsed + value), nearest.label, money(nearest.perIncident), approver.label)
      : t('passedIncident', money(value), nearest.label, money(nearest.perIncident), approver.label);
  }
  if (nearest.perClientPerYear !== null && clientLast365 + value > nearest.perClientPerYear) {
    return t('passedYear', money(clientLast365), money(clientLast365 + value), nearest.label, money(nearest.perClientPerYear), approver.label);
  }
  return t('passedNobody', nearest.label, approver.label);
}

function nothingToPayReason(kind: string): string {
  return kind === 'apology'
    ? t('apologyFree')
    : t('nothingToPay');
}

/**
 * Who may approve a request above the requester's authority, nearest first: the staff of each role up
 * the chain whose own limits cover it (above a manager's limits, a partner). The panel offers these
 * people and the ledger accepts only them.
 */
export function approversOf(
  policy: Policy,
  requesterRole: string | null,
  clientIncidents: readonly IncidentGrants[],
  proposal: AuthorityProposal,
  now: number,
): StaffMember[] {
  if (!policy.remedies.some((r) => r.id === proposal.remedyId)) return [];
  return approvalChain(policy, requesterRole)
    .filter((role) => decideAuthority(policy, role.id, clientIncidents, proposal, now).allowed)
    .flatMap((role) => policy.staff.filter((s) => s.role === role.id));
}
