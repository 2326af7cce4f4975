import { moneyValue, YEAR_MS } from '../authority';
import type { Incident } from './types';

// Summary figures for the firm: what goes wrong, who gives what, and how fast clients are made whole.

export interface LedgerSummary {
  /** Incidents created in the 365 days up to now. */
  incidents: number;
  open: number;
  byCategory: Record<string, number>;
  /** Money granted in those incidents, by the role of who gave it ('' = no role), minor units. */
  givenByRole: Record<string, number>;
  /** Median minutes from an incident's start to its first granted remedy; null when none was granted. */
  medianMinutesToFirstRemedy: number | null;
}

export function summarize(incidents: Iterable<Incident>, now: number): LedgerSummary {
  const summary: LedgerSummary = {
    incidents: 0,
    open: 0,
    byCategory: {},
    givenByRole: {},
    medianMinutesToFirstRemedy: null,
  };
  const minutesToFirst: number[] = [];
  for (const incident of incidents) {
    if (now - incident.createdAt >= YEAR_MS) continue;
    summary.incidents += 1;
    if (incident.status === 'open') summary.open += 1;
    summary.byCategory[incident.category] = (summary.byCategory[incident.category] ?? 0) + 1;
    let first: number | null = null;
    for (const remedy of incident.remedies) {
      if (remedy.status !== 'granted' || remedy.grantedAt === undefined) continue;
      const role = remedy.requestedByRole;
      summary.givenByRole[role] = (summary.givenByRole[role] ?? 0) + moneyValue(remedy);
      first = first === null ? remedy.grantedAt : Math.min(first, remedy.grantedAt);
    }
    if (first !== null) minutesToFirst.push((first - incident.createdAt) / 60_000);
  }
  summary.medianMinutesToFirstRemedy = median(minutesToFirst);
  return summary;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
