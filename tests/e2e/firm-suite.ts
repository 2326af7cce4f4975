import { afterAll, beforeAll, expect } from 'vitest';
import { ANA, CARLA, startFirm, type Firm, type Person } from './firm-ledger-harness';

// The two-person firm the Chromium firm-ledger suites share: Ana (front desk) and Carla (manager),
// each signed in from a Chromium profile of their own, started before the suite's tests and closed
// after them.

export interface FirmSuite {
  firm: Firm;
  ana: Person;
  carla: Person;
}

export function anaAndCarla(): FirmSuite {
  const suite = {} as FirmSuite;
  beforeAll(async () => {
    suite.firm = await startFirm([ANA, CARLA]);
    [suite.ana, suite.carla] = suite.firm.people as [Person, Person];
  }, 180_000);
  afterAll(async () => {
    await suite.firm?.close();
  });
  return suite;
}

/** Polls until what a person would see settles: replication and notifications take seconds. */
export const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 250 });
