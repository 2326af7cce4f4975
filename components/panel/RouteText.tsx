import type { Route, RoutedApprover } from '@/utils/firm-ledger/approvals';
import type { Policy } from '@/utils/policy/types';
import { andList, t } from '@/utils/i18n';
import { formatMoment } from './time';

/** "Carla Meyer (Manager)": a colleague with their role's label. */
function withRole(policy: Policy, person: RoutedApprover): string {
  const role = policy.roles.find((r) => r.id === person.role)?.label;
  return role ? `${person.name} (${role})` : person.name;
}

/** Who is (or was) skipped because away, and who was asked instead: one sentence each. */
export function skipSentences(policy: Policy, route: Route, now: number): string[] {
  return route.skipped.map((skip) =>
    skip.to.length > 0
      ? t('routeAway', skip.who.name, formatMoment(skip.until, policy.firm, now), andList(skip.to.map((a) => a.name)))
      : t('routeAwayNobody', skip.who.name, formatMoment(skip.until, policy.firm, now)),
  );
}

/**
 * The escalation path before asking, from the rulebook's route (approvals.ts): who is asked first,
 * who next and after how long, and who is skipped because away.
 */
export function RouteText({ policy, route, now }: { policy: Policy; route: Route; now: number }) {
  const [first, ...rest] = route.steps;
  return (
    <span class="route" data-testid="route">
      {[
        ...skipSentences(policy, route, now),
        ...(first ? [t('routeFirst', andList(first.approvers.map((a) => withRole(policy, a))))] : []),
        ...rest.map((step) => t('routeThen', andList(step.approvers.map((a) => withRole(policy, a))), step.afterMinutes)),
      ].join(' ')}
    </span>
  );
}

/** After asking: who was asked, and why someone was skipped. */
export function askedSentence(policy: Policy, route: Route, now: number): string {
  const first = route.steps[0];
  return [
    ...skipSentences(policy, route, now),
    first ? t('askedThroughLedger', andList(first.approvers.map((a) => withRole(policy, a)))) : t('noOneCanApprove'),
  ].join(' ');
}
