import type { Policy } from '../policy/types';
import { byCategory, byMonth, byRole, nearCapClients, repeatClients, type CategoryRow, type MonthRow, type NearCapClient, type RepeatClient, type RoleRow } from './costs';
import { firstCall, type FirstCall } from './first-call';
import { matchesFilters, selectIncidents } from './select';
import { suggestions, type Suggestion } from './suggestions';
import type { DashboardFilters, DashboardIncident, Period } from './types';
import { waiting, type Waiting } from './waiting';

// Every figure of the dashboard from the incidents read, in one pass per section: what the page
// shows, prints and exports. Pure; the page computes it again when the period or a filter changes.

export interface DashboardFigures {
  /** Incidents in the period that pass the filters. */
  counted: number;
  firstCall: FirstCall;
  waiting: Waiting;
  byCategory: CategoryRow[];
  byMonth: MonthRow[];
  byRole: RoleRow[];
  /** In the 365 days up to the period's end (or now, when sooner), filters applied. */
  repeatClients: RepeatClient[];
  /** Same 365 days, every grant: a cap counts what anyone gave. */
  nearCap: NearCapClient[];
  suggestions: Suggestion[];
}

/** The moment the client lists look back 365 days from: the period's end, or now when it is sooner. */
export function asOf(period: Period, now: number): number {
  return Math.min(period.to - 1, now);
}

/**
 * `incidents`: what was read (the period, and the 365 days before its end for the client lists).
 */
export function dashboardFigures(
  incidents: readonly DashboardIncident[],
  policy: Policy,
  period: Period,
  filters: DashboardFilters,
  now: number,
): DashboardFigures {
  const counted = selectIncidents(incidents, period, filters);
  const end = asOf(period, now);
  return {
    counted: counted.length,
    firstCall: firstCall(counted),
    waiting: waiting(counted, policy, now),
    byCategory: byCategory(counted),
    byMonth: byMonth(counted, period, policy.firm.timeZone),
    byRole: byRole(counted),
    repeatClients: repeatClients(
      incidents.filter((i) => matchesFilters(i, filters)),
      end,
    ),
    nearCap: nearCapClients(incidents, policy, end),
    suggestions: suggestions(counted, incidents, policy),
  };
}
