import type { DashboardFilters, DashboardIncident, Period } from './types';

// Which incidents a figure counts: those created in the period that pass the filters.

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A share from 0 to 1; null when there is nothing to share out. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

export function inPeriod(incident: Pick<DashboardIncident, 'createdAt'>, period: Period): boolean {
  return incident.createdAt >= period.from && incident.createdAt < period.to;
}

/**
 * Role and person match who started the incident or anyone who asked for a remedy in it, so a
 * manager's approvals and the front desk's requests both count under their own names.
 */
export function matchesFilters(incident: DashboardIncident, filters: DashboardFilters): boolean {
  if (filters.category !== null && incident.category !== filters.category) return false;
  if (filters.role !== null) {
    const role = filters.role;
    if (incident.createdByRole !== role && !incident.remedies.some((r) => r.requestedByRole === role)) return false;
  }
  if (filters.person !== null) {
    const person = filters.person;
    if (incident.createdBy !== person && !incident.remedies.some((r) => r.requestedBy === person)) return false;
  }
  return true;
}

export function selectIncidents(
  incidents: readonly DashboardIncident[],
  period: Period,
  filters: DashboardFilters,
): DashboardIncident[] {
  return incidents.filter((i) => inPeriod(i, period) && matchesFilters(i, filters));
}

/** What the filters offer: the roles, people and categories the incidents name, each once, sorted. */
export function filterChoices(incidents: readonly DashboardIncident[]): {
  roles: string[];
  people: string[];
  categories: string[];
} {
  const roles = new Set<string>();
  const people = new Set<string>();
  const categories = new Set<string>();
  for (const incident of incidents) {
    roles.add(incident.createdByRole);
    people.add(incident.createdBy);
    categories.add(incident.category);
    for (const remedy of incident.remedies) {
      roles.add(remedy.requestedByRole);
      people.add(remedy.requestedBy);
    }
  }
  people.delete('');
  return { roles: [...roles].sort(), people: [...people].sort(), categories: [...categories].sort() };
}

/** Ties in a table broken by name, the same in every language, and fast over many thousands of rows. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
