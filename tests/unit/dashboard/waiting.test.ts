import { describe, expect, it } from 'vitest';
import { waiting } from '@/utils/dashboard/waiting';
import { approved, BEN, CARLA, declined, DEV, HOUR, incident, MIN, pending, remedy, T0 } from './ledgers';

const noLedger = { ledger: undefined };
const firmLedger = { ledger: { url: 'https://couch.example/firm', escalateAfterMinutes: 60, offlineAllowanceHours: 24 } };

describe('waiting for approvals', () => {
  it('has no rows without requests', () => {
    expect(waiting([incident({ remedies: [remedy()] })], noLedger, T0)).toMatchObject({
      requests: 0,
      byApprover: [],
      unanswered: 0,
      oldestUnansweredMinutes: null,
      medianWaitMinutes: null,
      escalateAfterMinutes: 30,
    });
  });

  it('counts each approver’s answers, median and slowest wait, escalations and declines', () => {
    const incidents = [
      incident({ remedies: [approved(10), approved(20)] }),
      incident({ remedies: [approved(90), declined(40)] }),
      incident({ remedies: [approved(5, {}, DEV)] }),
    ];
    const figures = waiting(incidents, firmLedger, T0 + 10 * HOUR);
    expect(figures.requests).toBe(5);
    expect(figures.byApprover).toEqual([
      { approver: CARLA, answered: 4, approved: 3, declined: 1, medianWaitMinutes: 30, slowestWaitMinutes: 90, escalated: 1 },
      { approver: DEV, answered: 1, approved: 1, declined: 0, medianWaitMinutes: 5, slowestWaitMinutes: 5, escalated: 0 },
    ]);
    expect(figures.medianWaitMinutes).toBe(20);
    expect(figures.escalateAfterMinutes).toBe(60);
  });

  it('keeps a request never answered apart, waiting until now', () => {
    const incidents = [
      incident({ remedies: [pending({ requestedAt: T0, requestedBy: BEN })] }),
      incident({ remedies: [pending({ requestedAt: T0 + 3 * HOUR + 50 * MIN })] }),
    ];
    const figures = waiting(incidents, noLedger, T0 + 4 * HOUR);
    expect(figures.unanswered).toBe(2);
    expect(figures.oldestUnansweredMinutes).toBe(240);
    expect(figures.unansweredEscalated).toBe(1);
    expect(figures.byApprover).toEqual([]);
    expect(figures.medianWaitMinutes).toBeNull();
  });
});
