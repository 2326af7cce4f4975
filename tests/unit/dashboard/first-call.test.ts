import { describe, expect, it } from 'vitest';
import { firstCall } from '@/utils/dashboard/first-call';
import { dashboardIncident } from '@/utils/dashboard/types';
import type { Incident } from '@/utils/ledger/types';
import { approved, HOUR, incident, MIN, pending, remedy, T0 } from './ledgers';

describe('first call', () => {
  it('says nothing was given when there are no incidents', () => {
    expect(firstCall([])).toEqual({
      incidents: 0,
      withRemedy: 0,
      bins: [0, 0, 0, 0, 0, 0, 0],
      withinHour: 0,
      within48h: 0,
      withinHourShare: null,
      within48hShare: null,
      medianMinutes: null,
      onTheSpot: 0,
      afterApproval: 0,
      onTheSpotShare: null,
      pending: 0,
      declined: 0,
    });
  });

  it('times one incident from its start to its first remedy', () => {
    const one = incident({ remedies: [remedy({ requestedAt: T0 + 40 * MIN }), remedy({ requestedAt: T0 + 10 * MIN })] });
    const figures = firstCall([one]);
    expect(figures.medianMinutes).toBe(10);
    expect(figures.bins).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(figures.withinHourShare).toBe(1);
    expect(figures.onTheSpot).toBe(2);
    expect(figures.onTheSpotShare).toBe(1);
  });

  it('spreads the times over the bins, with the seed’s 48 hours as a bound', () => {
    const after = (ms: number) => incident({ remedies: [remedy({ requestedAt: T0 + ms })] });
    const incidents = [
      after(15 * MIN), // up to 15 min
      after(HOUR), // 15 min – 1 h
      after(3 * HOUR),
      after(20 * HOUR),
      after(48 * HOUR), // still within the seed's 48 hours
      after(48 * HOUR + MIN),
      after(10 * 24 * HOUR),
      incident(), // nothing given
    ];
    const figures = firstCall(incidents);
    expect(figures.bins).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(figures.incidents).toBe(8);
    expect(figures.withRemedy).toBe(7);
    expect(figures.withinHour).toBe(2);
    expect(figures.within48h).toBe(5);
    expect(figures.withinHourShare).toBeCloseTo(2 / 7);
    expect(figures.medianMinutes).toBe(20 * 60);
  });

  it('counts a remedy given after an approval when it was approved, and a request never answered apart', () => {
    const incidents = [
      incident({ remedies: [remedy(), approved(90, { requestedAt: T0 + 5 * MIN })] }),
      incident({ remedies: [pending({ requestedAt: T0 + 5 * MIN })] }),
    ];
    const figures = firstCall(incidents);
    expect(figures.onTheSpot).toBe(1);
    expect(figures.afterApproval).toBe(1);
    expect(figures.onTheSpotShare).toBe(0.5);
    expect(figures.pending).toBe(1);
    // The incident still waiting was given nothing: it is not in the distribution.
    expect(figures.withRemedy).toBe(1);
    expect(figures.medianMinutes).toBe(0);
  });

  it('reads whole ledger records as they are', () => {
    const record = {
      ...incident({ remedies: [approved(30, { requestedAt: T0 + 2 * HOUR })] }),
      source: { tool: 'gmail', label: 'Gmail' },
      summary: 'Sent the wrong way',
      updatedAt: T0,
      checklist: [],
      policyVersion: '2026-11-01',
    } as unknown as Incident;
    expect(dashboardIncident(record).remedies[0]).not.toHaveProperty('declinedBy');
    expect(firstCall([record]).medianMinutes).toBe(150);
    expect(firstCall([dashboardIncident(record)])).toEqual(firstCall([record]));
  });
});
