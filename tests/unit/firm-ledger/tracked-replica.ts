import { afterEach } from 'vitest';
import { openReplica } from '@/utils/browser/firm-replica';
import type { FirmProjection } from '@/entrypoints/background/firm-projection';

// A replica of its own for each test, folded by the projection under test, and closed after the
// test once its folds are over.

const cleanUps: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0)) await cleanUp();
});

export function trackedReplica(projection: Pick<FirmProjection, 'track' | 'serial'>, url: string) {
  const db = openReplica(`${url}-${Math.random()}`);
  const arrivals = projection.track(url, db);
  cleanUps.push(async () => {
    arrivals.stop();
    await projection.serial(async () => undefined);
    await db.close();
  });
  return { db, arrivals };
}
