import { describe, expect, it } from 'vitest';
import { nextReminderAt, stepsToRemind } from '@/utils/ledger/checklist';
import { examplePolicy } from '../example-policy';
import { ANA, freshLedger, input } from './helpers';

const T0 = Date.UTC(2026, 10, 25, 14, 0);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('reminders for checklist steps', () => {
  it('remind each step once when it falls due, never the steps due while still on the call', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    await ledger.startIncident(input(), ANA, policy, T0);
    const steps = await ledger.pendingSteps();

    expect(nextReminderAt(steps, T0)).toBe(T0 + 60 * MIN);
    expect(stepsToRemind(steps, T0 - 1, T0 + 59 * MIN)).toEqual([]);
    expect(stepsToRemind(steps, T0, T0 + 60 * MIN).map((s) => s.stepId)).toEqual(['apologize', 'make-up']);
    expect(nextReminderAt(steps, T0 + 60 * MIN)).toBe(T0 + DAY);
    expect(stepsToRemind(steps, T0 + 60 * MIN, T0 + 2 * DAY).map((s) => s.label)).toEqual([
      'Correct the mistake',
      'Follow up the next day',
    ]);
    expect(nextReminderAt(steps, T0 + DAY)).toBeNull();
  });

  it('forget steps once ticked', async () => {
    const ledger = await freshLedger();
    const { id } = await ledger.startIncident(input(), ANA, examplePolicy(), T0);
    for (const step of ['apologize', 'make-up', 'correct']) await ledger.tickStep(id, step, true, ANA, T0 + MIN);
    const steps = await ledger.pendingSteps();
    expect(nextReminderAt(steps, T0)).toBe(T0 + DAY);
    expect(stepsToRemind(steps, T0, T0 + DAY).map((s) => s.stepId)).toEqual(['follow-up']);
  });
});
