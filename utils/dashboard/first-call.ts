import { median, share } from './select';
import type { DashboardIncident } from './types';

// "Did we make it right on the first call?": how long after an incident started its client was
// given the first remedy, and whether remedies were given on the spot or only after an approval.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The distribution's bins: upper bounds, ms, each included (the last is open). The seed's 48 hours is one. */
export const FIRST_REMEDY_BINS = [15 * MINUTE, HOUR, 4 * HOUR, 24 * HOUR, 48 * HOUR, 7 * 24 * HOUR, Infinity] as const;
/** Index of the bin that ends at 48 hours: the chart marks the line after it. */
export const SEED_BIN = 4;
export const SEED_HOURS = 48;

export interface FirstCall {
  /** Incidents counted (in the period, passing the filters). */
  incidents: number;
  /** Of those, incidents whose client was given something (a granted remedy). */
  withRemedy: number;
  /** Incidents in each bin of `FIRST_REMEDY_BINS`, by time from start to the first granted remedy. */
  bins: number[];
  withinHour: number;
  within48h: number;
  /** Shares of `withRemedy`; null when nothing was given. */
  withinHourShare: number | null;
  within48hShare: number | null;
  medianMinutes: number | null;
  /** Granted remedies given inside the giver's authority, and those given after an approval. */
  onTheSpot: number;
  afterApproval: number;
  /** Share of granted remedies given on the spot; null when none was granted. */
  onTheSpotShare: number | null;
  /** Requests still unanswered, and requests declined. */
  pending: number;
  declined: number;
}

export function firstCall(incidents: readonly DashboardIncident[]): FirstCall {
  const bins = FIRST_REMEDY_BINS.map(() => 0);
  const minutes: number[] = [];
  let withinHour = 0;
  let within48h = 0;
  let onTheSpot = 0;
  let afterApproval = 0;
  let pending = 0;
  let declined = 0;
  for (const incident of incidents) {
    let first: number | null = null;
    for (const remedy of incident.remedies) {
      if (remedy.status === 'pending') pending += 1;
      else if (remedy.status === 'declined') declined += 1;
      if (remedy.status !== 'granted') continue;
      if (remedy.decision === 'within-authority') onTheSpot += 1;
      else afterApproval += 1;
      const at = remedy.grantedAt ?? remedy.requestedAt;
      first = first === null ? at : Math.min(first, at);
    }
    if (first === null) continue;
    // A remedy stamped before its incident (another machine's clock) counts as given at once.
    const wait = Math.max(0, first - incident.createdAt);
    minutes.push(wait / MINUTE);
    if (wait <= HOUR) withinHour += 1;
    if (wait <= 48 * HOUR) within48h += 1;
    const bin = FIRST_REMEDY_BINS.findIndex((bound) => wait <= bound);
    bins[bin] = (bins[bin] ?? 0) + 1;
  }
  const withRemedy = minutes.length;
  return {
    incidents: incidents.length,
    withRemedy,
    bins,
    withinHour,
    within48h,
    withinHourShare: share(withinHour, withRemedy),
    within48hShare: share(within48h, withRemedy),
    medianMinutes: median(minutes),
    onTheSpot,
    afterApproval,
    onTheSpotShare: share(onTheSpot, onTheSpot + afterApproval),
    pending,
    declined,
  };
}
