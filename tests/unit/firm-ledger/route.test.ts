import { describe, expect, it } from 'vitest';
import { currentApprovers, routeOf } from '@/utils/firm-ledger/approvals';
import { awayRecords, awayUntil } from '@/utils/firm-ledger/away';
import { decide } from '@/utils/ledger/decide';
import type { ApproverAway } from '@/utils/firm-ledger/records';
import type { GrantedRemedy } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import { examplePolicy } from '../example-policy';

// Who a request is addressed to, and when: the route the panel shows before asking and the
// Approvals tabs follow, with approvers away and their stand-ins.

const ANA = 'ana.ruiz@harborpine.example';
const CARLA = 'carla.meyer@harborpine.example';
const DEV = 'dev.patel@harborpine.example';
const ERIN = 'erin.kim@harborpine.example';
const T = Date.UTC(2026, 10, 3, 14, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

function policy(standIns: Record<string, string> = {}): Policy {
  const p = examplePolicy();
  p.staff.push({ email: ERIN, name: 'Erin Kim', role: 'partner' });
  p.staff = p.staff.map((s) => (standIns[s.email] ? { ...s, standIn: standIns[s.email] } : s));
  p.ledger = { url: 'https://ledger.example/firm', escalateAfterMinutes: 30, offlineAllowanceHours: 72 };
  return p;
}

const away = (author: string, until: number, at = T - HOUR): ApproverAway => ({
  _id: `away/${author}:${at}-x`,
  type: 'approver-away',
  v: 2,
  author,
  at,
  until,
});

const ask = (amount: number) => ({ clientKey: 'maya.chen@client.example', incidentId: 'i-1', remedyId: 'consult-refund', amount });
const ana = { email: ANA, role: 'front-desk' };
const names = (list: { name: string }[]) => list.map((a) => a.name);

describe('the route of a request', () => {
  it('with everyone there: the nearest approver first, the next role up after the escalation time', () => {
    const route = routeOf(policy(), ana, [], ask(50000), T, []);
    expect(route.steps.map((s) => [names(s.approvers), s.afterMinutes])).toEqual([
      [['Carla Meyer'], 0],
      [['Dev Patel', 'Erin Kim'], 30],
    ]);
    expect(route.skipped).toEqual([]);
  });

  it('an approver away is skipped at once to the stand-in the policy names', () => {
    const route = routeOf(policy({ [DEV]: ERIN }), ana, [], ask(150000), T, [away(DEV, T + 3 * HOUR)]);
    expect(route.steps.map((s) => [names(s.approvers), s.afterMinutes])).toEqual([[['Erin Kim'], 0]]);
    expect(route.skipped).toEqual([
      { who: { email: DEV, name: 'Dev Patel', role: 'partner' }, until: T + 3 * HOUR, to: [{ email: ERIN, name: 'Erin Kim', role: 'partner' }], standIn: true },
    ]);
  });

  it('without a stand-in, the next approver up is asked at once', () => {
    const route = routeOf(policy(), ana, [], ask(50000), T, [away(CARLA, T + 2 * HOUR)]);
    expect(route.steps.map((s) => [names(s.approvers), s.afterMinutes])).toEqual([[['Dev Patel', 'Erin Kim'], 0]]);
    expect(route.skipped[0]).toMatchObject({ who: { name: 'Carla Meyer' }, standIn: false, to: [{ name: 'Dev Patel' }, { name: 'Erin Kim' }] });
  });

  it('a stand-in who may not approve this much, or who is away too, is passed over for the next up', () => {
    // Carla (a manager, $500) may not approve $1,500 in Dev's place.
    const tooMuch = routeOf(policy({ [DEV]: CARLA, [ERIN]: CARLA }), ana, [], ask(150000), T, [away(DEV, T + HOUR), away(ERIN, T + HOUR)]);
    expect(tooMuch.steps).toEqual([]);
    expect(tooMuch.skipped.map((s) => [s.who.name, s.standIn, names(s.to)])).toEqual([
      ['Dev Patel', false, []],
      ['Erin Kim', false, []],
    ]);
    const awayToo = routeOf(policy({ [CARLA]: DEV }), ana, [], ask(50000), T, [away(CARLA, T + HOUR), away(DEV, T + HOUR)]);
    expect(awayToo.steps.map((s) => names(s.approvers))).toEqual([['Erin Kim']]);
  });

  it('an absence over before the request, or ended early by "I am back", skips no one', () => {
    expect(routeOf(policy(), ana, [], ask(50000), T, [away(CARLA, T - MIN)]).skipped).toEqual([]);
    const back = { ...away(CARLA, T - 30 * MIN, T - 30 * MIN), _id: `away/${CARLA}:back-x` };
    expect(routeOf(policy(), ana, [], ask(50000), T, [away(CARLA, T + HOUR, T - HOUR), back]).skipped).toEqual([]);
    // Marked away after the request was asked: the request stays with who it was asked of.
    expect(routeOf(policy(), ana, [], ask(50000), T, [away(CARLA, T + HOUR, T + MIN)]).skipped).toEqual([]);
  });

  it('a request from the top of the chain has no one to go to', () => {
    const route = routeOf(policy({ [DEV]: ERIN }), { email: ERIN, role: 'partner' }, [], ask(50000), T, []);
    expect(route.steps).toEqual([]);
  });
});

describe('who a pending request waits for now', () => {
  const pending: GrantedRemedy = {
    id: `${ANA}:consult-refund:50000:r-1`,
    remedyId: 'consult-refund',
    label: 'Refund the consultation fee',
    kind: 'refund',
    amount: 50000,
    currency: 'USD',
    status: 'pending',
    decision: 'needs-approval',
    requestedBy: ANA,
    requestedByRole: 'front-desk',
    requestedAt: T,
  };
  const incident = { id: 'i-1', clientKey: 'maya.chen@client.example' };

  it('the stand-in at once; the skipped approver again once back; escalation by time for who is there', () => {
    const records = [away(CARLA, T + 2 * HOUR)];
    const p = policy({ [CARLA]: DEV });
    expect(names(currentApprovers(p, incident, pending, [], T + MIN, records).approvers)).toEqual(['Dev Patel']);
    // Erin is a partner too: reached when the escalation time passes without an answer.
    expect(names(currentApprovers(p, incident, pending, [], T + 31 * MIN, records).approvers)).toEqual(['Dev Patel', 'Erin Kim']);
    expect(names(currentApprovers(p, incident, pending, [], T + 2 * HOUR + MIN, records).approvers)).toEqual(['Dev Patel', 'Erin Kim', 'Carla Meyer']);
  });
});

describe('away records', () => {
  it('decide makes one, the approver\'s own; refuses a past time and someone who approves for no one', () => {
    const p = policy();
    const made = decide({ kind: 'away', until: T + HOUR }, null, p, { email: CARLA, name: 'Carla Meyer', role: 'manager' }, T);
    if (!('records' in made)) throw new Error(made.refusal);
    const [record] = made.records;
    expect(record).toMatchObject({ type: 'approver-away', author: CARLA, at: T, until: T + HOUR });
    expect(record._id.startsWith(`away/${CARLA}:`)).toBe(true);
    expect(awayUntil(awayRecords([record], T), CARLA, T + MIN)).toBe(T + HOUR);
    const back = decide({ kind: 'away', until: null }, null, p, { email: CARLA, name: 'Carla Meyer', role: 'manager' }, T + MIN);
    if (!('records' in back)) throw new Error(back.refusal);
    expect(awayUntil(awayRecords([record, back.records[0]], T + 2 * MIN), CARLA, T + 2 * MIN)).toBeNull();
    expect(decide({ kind: 'away', until: T - MIN }, null, p, { email: CARLA, name: 'Carla Meyer', role: 'manager' }, T)).toEqual({
      refusal: 'Choose a time after now for when you are back.',
    });
    expect(decide({ kind: 'away', until: T + HOUR }, null, p, { email: ANA, name: 'Ana Ruiz', role: 'front-desk' }, T)).toMatchObject({
      refusal: expect.stringMatching(/^Only approvers mark themselves away/),
    });
  });

  it('a record that does not prove itself (an id in someone else\'s name) is not read', () => {
    const forged = { ...away(DEV, T + HOUR), author: ANA };
    expect(awayRecords([forged], T)).toEqual([]);
  });
});
