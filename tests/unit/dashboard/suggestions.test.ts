import { describe, expect, it } from 'vitest';
import { suggestions, type RaiseSuggestion } from '@/utils/dashboard/suggestions';
import type { DashboardIncident } from '@/utils/dashboard/types';
import { examplePolicy } from '../example-policy';
import { approved, BEN, DAY, declined, incident, MIN, pending, remedy, T0 } from './ledgers';

// Front desk may give $25 per incident and $100 per client a year; above that a manager approves.

/** Front desk asks for a courier credit of `amount` in an incident of its own, approved after `wait`. */
function asked(amount: number, wait: number, at = T0, client?: string): DashboardIncident {
  return incident({
    createdAt: at,
    ...(client ? { clientKey: client, clientName: client } : {}),
    remedies: [approved(wait, { amount, requestedAt: at + MIN })],
  });
}

/** 14 asks for $30 to $40 on different days, waits 10 to 75 min: median 37. */
function fourteen(): DashboardIncident[] {
  const waits = [10, 15, 20, 25, 30, 35, 36, 38, 40, 45, 50, 60, 70, 75];
  return waits.map((wait, i) => asked(i === 5 ? 4000 : 3000 + i * 50, wait, T0 + i * DAY));
}

describe('authority suggestions', () => {
  it('suggests nothing from no incidents, or from one', () => {
    expect(suggestions([], [], examplePolicy())).toEqual([]);
    const one = [asked(4000, 30)];
    expect(suggestions(one, one, examplePolicy())).toEqual([]);
  });

  it('finds the limit that would have served requests asked again and again and always approved', () => {
    const incidents = fourteen();
    const [first, ...rest] = suggestions(incidents, incidents, examplePolicy());
    expect(rest).toEqual([]);
    expect(first).toEqual<RaiseSuggestion>({
      kind: 'raise',
      role: 'front-desk',
      remedyId: 'courier-credit',
      asked: 14,
      approved: 14,
      declined: 0,
      largest: 4000,
      medianWaitMinutes: 37,
      currentLimit: 2500,
      proposedLimit: 4000,
      served: 14,
      servedClients: 14,
      draft: { role: 'front-desk', perIncident: 4000, case: { remedyId: 'courier-credit', amount: 4000 } },
    });
  });

  it('counts what the incident already had against the limit it proposes', () => {
    const incidents = fourteen();
    incidents[0] = incident({
      createdAt: T0,
      remedies: [remedy({ amount: 2000, requestedAt: T0 }), approved(20, { amount: 3000, requestedAt: T0 + 5 * MIN })],
    });
    const [first] = suggestions(incidents, incidents, examplePolicy());
    expect(first).toMatchObject({ proposedLimit: 5000, served: 14 });
  });

  it('does not promise what a yearly cap would still have stopped', () => {
    const incidents = fourteen();
    // This client had $80 of front desk's $100 a year already: a $40 credit needs a manager anyway.
    const earlier = incident({ clientKey: 'kept@client.example', createdAt: T0 - 30 * DAY, remedies: [approved(5, { amount: 8000, requestedAt: T0 - 30 * DAY, requestedBy: BEN, requestedByRole: 'staff' })] });
    incidents[3] = asked(3150, 38, T0 + 3 * DAY, 'kept@client.example');
    const history = [earlier, ...incidents];
    const [first] = suggestions(incidents, history, examplePolicy());
    expect(first).toMatchObject({ asked: 14, approved: 14, served: 13, servedClients: 13 });
  });

  it('wants requests nearly always approved: 9 of 10 is, 8 of 10 is not; and at least three', () => {
    const nine = [...Array.from({ length: 9 }, (_, i) => asked(3500, 20, T0 + i * DAY)), incident({ remedies: [declined(20, { amount: 3500 })] })];
    expect(suggestions(nine, nine, examplePolicy())).toMatchObject([{ approved: 9, declined: 1, proposedLimit: 3500 }]);
    const eight = [...nine.slice(0, 8), ...nine.slice(9), incident({ remedies: [declined(20, { amount: 3500 })] })];
    expect(suggestions(eight, eight, examplePolicy())).toEqual([]);
    const two = [asked(3500, 20), asked(3500, 20, T0 + DAY), incident({ remedies: [pending({ amount: 3500 })] })];
    expect(suggestions(two, two, examplePolicy())).toEqual([]);
  });

  it('names a limit never used by a role that had incidents, with the change to try', () => {
    const staff = (over = {}) => incident({ createdBy: BEN, createdByRole: 'staff', ...over });
    const five = Array.from({ length: 5 }, () => staff());
    expect(suggestions(five, five, examplePolicy())).toEqual([
      { kind: 'unused', role: 'staff', occasions: 5, currentLimit: 10000, draft: { role: 'staff', perIncident: 0 } },
    ]);
    expect(suggestions(five.slice(1), five.slice(1), examplePolicy())).toEqual([]);
    const used = [...five.slice(1), staff({ remedies: [remedy({ requestedBy: BEN, requestedByRole: 'staff', amount: 500 })] })];
    expect(suggestions(used, used, examplePolicy())).toEqual([]);
  });
});
