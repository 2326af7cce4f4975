import { describe, expect, it } from 'vitest';
import { byCategory, byMonth, byRole, nearCapClients, repeatClients } from '@/utils/dashboard/costs';
import { periodOfDates } from '@/utils/dashboard/clock';
import { examplePolicy } from '../example-policy';
import { approved, BEN, DAY, declined, HOUR, incident, pending, remedy, T0 } from './ledgers';

const NY = 'America/New_York';

describe('what goes wrong and what it costs', () => {
  it('has empty tables without incidents, but every month of the period', () => {
    expect(byCategory([])).toEqual([]);
    expect(byRole([])).toEqual([]);
    expect(repeatClients([], T0)).toEqual([]);
    expect(nearCapClients([], examplePolicy(), T0)).toEqual([]);
    expect(byMonth([], periodOfDates('2026-11-15', '2027-01-10', NY), NY)).toEqual([
      { month: '2026-11', incidents: 0, amount: 0 },
      { month: '2026-12', incidents: 0, amount: 0 },
      { month: '2027-01', incidents: 0, amount: 0 },
    ]);
  });

  it('adds incidents and what was given by category; apologies, pending and declined requests cost nothing', () => {
    const incidents = [
      incident({ remedies: [remedy({ amount: 2000 }), remedy({ kind: 'apology', remedyId: 'apology', amount: 500 })] }),
      incident({ remedies: [approved(30, { amount: 4000 }), pending({ amount: 9000 }), declined(5, { amount: 7000 })] }),
      incident({ category: 'billing-error' }),
    ];
    expect(byCategory(incidents)).toEqual([
      { category: 'shipping-error', incidents: 2, amount: 6000 },
      { category: 'billing-error', incidents: 1, amount: 0 },
    ]);
  });

  it('puts an incident of New Year’s Eve evening in New York in December', () => {
    const eve = Date.UTC(2027, 0, 1, 3, 30); // Dec 31, 22:30 in New York
    const incidents = [
      incident({ createdAt: eve, remedies: [remedy({ requestedAt: eve, amount: 2500 })] }),
      incident({ createdAt: eve + 2 * HOUR }),
      incident({ createdAt: Date.UTC(2026, 11, 31, 3) }), // Dec 30 in New York
    ];
    const period = periodOfDates('2026-12-01', '2027-01-31', NY);
    expect(byMonth(incidents, period, NY)).toEqual([
      { month: '2026-12', incidents: 2, amount: 2500 },
      { month: '2027-01', incidents: 1, amount: 0 },
    ]);
    // The same incidents for a firm on UTC: both of the 1st are in January.
    expect(byMonth(incidents, periodOfDates('2026-12-01', '2027-01-31', 'UTC'), 'UTC')).toEqual([
      { month: '2026-12', incidents: 1, amount: 0 },
      { month: '2027-01', incidents: 2, amount: 2500 },
    ]);
  });

  it('counts incidents by who started them and money by who gave it', () => {
    const incidents = [
      incident({ remedies: [remedy({ amount: 2000 })] }),
      incident({ createdBy: BEN, createdByRole: 'staff', remedies: [remedy({ amount: 3000, requestedBy: BEN, requestedByRole: 'staff' })] }),
      incident({ remedies: [approved(10, { amount: 9000 })] }),
      incident({ createdBy: 'temp@harborpine.example', createdByRole: '' }),
    ];
    expect(byRole(incidents)).toEqual([
      { role: 'front-desk', started: 2, given: 11000 },
      { role: 'staff', started: 1, given: 3000 },
      { role: '', started: 1, given: 0 },
    ]);
  });

  it('names clients with two or more incidents in the 365 days up to the end', () => {
    const alice = { clientKey: 'alice@client.example', clientName: 'Alice' };
    const incidents = [
      incident({ ...alice, createdAt: T0 - 364 * DAY, remedies: [remedy({ amount: 1000, requestedAt: T0 - 364 * DAY })] }),
      incident({ ...alice, clientName: 'Alice Example', createdAt: T0, remedies: [remedy({ amount: 500 })] }),
      incident({ clientKey: 'bob@client.example', clientName: 'Bob', createdAt: T0 - 366 * DAY }),
      incident({ clientKey: 'bob@client.example', clientName: 'Bob', createdAt: T0 }),
    ];
    expect(repeatClients(incidents, T0)).toEqual([
      { clientKey: 'alice@client.example', clientName: 'Alice Example', incidents: 2, amount: 1500, lastAt: T0 },
    ]);
    // A year later the first is out of the window.
    expect(repeatClients(incidents, T0 + 2 * DAY)).toEqual([]);
  });

  it('names clients near a yearly cap, by the largest cap they near', () => {
    const policy = examplePolicy(); // front desk $100 a year, staff $300, manager $1,500
    const incidents = [
      incident({ clientKey: 'a', clientName: 'A', remedies: [remedy({ amount: 8000 })] }), // 80% of $100
      incident({ clientKey: 'b', clientName: 'B', remedies: [remedy({ amount: 7900 })] }), // 79%: not yet
      incident({ clientKey: 'c', clientName: 'C', remedies: [approved(5, { amount: 25000 })] }), // 83% of $300
      incident({ clientKey: 'd', clientName: 'D', remedies: [pending({ amount: 90000 })] }), // nothing granted
      incident({ clientKey: 'e', clientName: 'E', createdAt: T0 - 400 * DAY, remedies: [remedy({ amount: 9000, requestedAt: T0 - 400 * DAY })] }),
    ];
    expect(nearCapClients(incidents, policy, T0 + HOUR)).toEqual([
      { clientKey: 'c', clientName: 'C', given: 25000, role: 'staff', cap: 30000, share: 25000 / 30000 },
      { clientKey: 'a', clientName: 'A', given: 8000, role: 'front-desk', cap: 10000, share: 0.8 },
    ]);
  });
});
