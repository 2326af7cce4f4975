import { moneyValue, YEAR_MS } from '../authority';
import type { Policy } from '../policy/types';
import { firmMonth, monthsOf } from './clock';
import { byName } from './select';
import type { DashboardIncident, Period } from './types';

// "What goes wrong and what it costs": incidents and the money given in them (integer minor units;
// an apology, a pending or a declined request cost nothing) by category, month and role, and the
// clients who come back or come near a yearly cap.

export interface CountAndAmount {
  incidents: number;
  /** Minor units. */
  amount: number;
}

export interface CategoryRow extends CountAndAmount {
  category: string;
}

export interface MonthRow extends CountAndAmount {
  /** `YYYY-MM` on the firm's clock. */
  month: string;
}

export interface RoleRow {
  /** '' = no role. */
  role: string;
  /** Incidents someone of this role started. */
  started: number;
  /** Given by someone of this role (as its requester), minor units. */
  given: number;
}

/** Money given in an incident, minor units. */
export function incidentAmount(incident: DashboardIncident): number {
  let sum = 0;
  for (const remedy of incident.remedies) sum += moneyValue(remedy);
  return sum;
}

function byLargest<T extends CountAndAmount>(rows: T[], key: (row: T) => string): T[] {
  return rows.sort((a, b) => b.incidents - a.incidents || b.amount - a.amount || byName(key(a), key(b)));
}

export function byCategory(incidents: readonly DashboardIncident[]): CategoryRow[] {
  const rows = new Map<string, CategoryRow>();
  for (const incident of incidents) {
    let row = rows.get(incident.category);
    if (!row) rows.set(incident.category, (row = { category: incident.category, incidents: 0, amount: 0 }));
    row.incidents += 1;
    row.amount += incidentAmount(incident);
  }
  return byLargest([...rows.values()], (r) => r.category);
}

/** Every month of the period, in order, the empty ones included; by the month the incident started. */
export function byMonth(incidents: readonly DashboardIncident[], period: Period, timeZone: string): MonthRow[] {
  const rows = new Map<string, MonthRow>(monthsOf(period, timeZone).map((month) => [month, { month, incidents: 0, amount: 0 }]));
  for (const incident of incidents) {
    const row = rows.get(firmMonth(incident.createdAt, timeZone));
    if (!row) continue; // outside the period
    row.incidents += 1;
    row.amount += incidentAmount(incident);
  }
  return [...rows.values()];
}

export function byRole(incidents: readonly DashboardIncident[]): RoleRow[] {
  const rows = new Map<string, RoleRow>();
  const row = (role: string) => {
    let found = rows.get(role);
    if (!found) rows.set(role, (found = { role, started: 0, given: 0 }));
    return found;
  };
  for (const incident of incidents) {
    row(incident.createdByRole).started += 1;
    for (const remedy of incident.remedies) {
      const value = moneyValue(remedy);
      if (value > 0) row(remedy.requestedByRole).given += value;
    }
  }
  return [...rows.values()].sort((a, b) => b.started - a.started || b.given - a.given || byName(a.role, b.role));
}

export interface RepeatClient {
  clientKey: string;
  clientName: string;
  incidents: number;
  /** Given to them in those incidents, minor units. */
  amount: number;
  /** When their latest incident started. */
  lastAt: number;
}

/** Clients with two or more incidents started in the 365 days up to `asOf`, most incidents first. */
export function repeatClients(incidents: readonly DashboardIncident[], asOf: number): RepeatClient[] {
  const rows = new Map<string, RepeatClient>();
  for (const incident of incidents) {
    if (incident.createdAt > asOf || asOf - incident.createdAt >= YEAR_MS) continue;
    let row = rows.get(incident.clientKey);
    if (!row) {
      row = { clientKey: incident.clientKey, clientName: incident.clientName, incidents: 0, amount: 0, lastAt: incident.createdAt };
      rows.set(incident.clientKey, row);
    }
    row.incidents += 1;
    row.amount += incidentAmount(incident);
    if (incident.createdAt >= row.lastAt) {
      row.lastAt = incident.createdAt;
      row.clientName = incident.clientName;
    }
  }
  return [...rows.values()]
    .filter((r) => r.incidents >= 2)
    .sort((a, b) => b.incidents - a.incidents || b.amount - a.amount || byName(a.clientName, b.clientName));
}

/** A client's grants come this close to a role's yearly cap (or beyond) before the dashboard names them. */
export const NEAR_CAP_SHARE = 0.8;

export interface NearCapClient {
  clientKey: string;
  clientName: string;
  /** Granted to the client in the rolling 365 days up to `asOf`, minor units (as the caps count it). */
  given: number;
  /** The largest yearly cap they are near or past, and whose it is. */
  role: string;
  cap: number;
  /** given / cap: 0.8 and more; above 1 when past it (a higher role gave the rest). */
  share: number;
}

/**
 * Clients whose grants in the 365 days up to `asOf` reach `NEAR_CAP_SHARE` of some role's yearly cap:
 * the next person of that role will have to ask. Counted as the authority decision counts a cap.
 */
export function nearCapClients(
  incidents: readonly DashboardIncident[],
  policy: Pick<Policy, 'roles'>,
  asOf: number,
): NearCapClient[] {
  const caps = policy.roles
    .filter((r): r is typeof r & { perClientPerYear: number } => r.perClientPerYear !== null && r.perClientPerYear > 0)
    .sort((a, b) => b.perClientPerYear - a.perClientPerYear);
  if (caps.length === 0) return [];
  const given = new Map<string, { name: string; lastAt: number; sum: number }>();
  for (const incident of incidents) {
    let sum = 0;
    for (const remedy of incident.remedies) {
      const value = moneyValue(remedy);
      const at = remedy.grantedAt ?? remedy.requestedAt;
      if (value > 0 && at <= asOf && asOf - at < YEAR_MS) sum += value;
    }
    const row = given.get(incident.clientKey);
    if (!row) given.set(incident.clientKey, { name: incident.clientName, lastAt: incident.createdAt, sum });
    else {
      row.sum += sum;
      if (incident.createdAt >= row.lastAt) {
        row.lastAt = incident.createdAt;
        row.name = incident.clientName;
      }
    }
  }
  const near: NearCapClient[] = [];
  for (const [clientKey, row] of given) {
    if (row.sum === 0) continue;
    const cap = caps.find((c) => row.sum >= NEAR_CAP_SHARE * c.perClientPerYear);
    if (!cap) continue;
    near.push({ clientKey, clientName: row.name, given: row.sum, role: cap.id, cap: cap.perClientPerYear, share: row.sum / cap.perClientPerYear });
  }
  return near.sort((a, b) => b.cap - a.cap || b.share - a.share || byName(a.clientName, b.clientName));
}
