import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'puppeteer-core';
import { ledgerSurvivesRestart } from '../suites/ledger-restart';
import { callBackground, launchFirefox, openOptions, waitForBackgroundRestart, type FirefoxSession } from './harness';

// Firefox's MV3 background is an event page, suspended when idle (here after 1 s instead of 30 s)
// and started again by the next message: the shared story (../suites/ledger-restart.ts).

let session: FirefoxSession;
let page: Page;

beforeAll(async () => {
  session = await launchFirefox({ backgroundIdleMs: 1_000 });
  page = await openOptions(session);
});

afterAll(async () => {
  await session?.close();
});

ledgerSurvivesRestart('Firefox', () => ({
  call: (name, data) => callBackground(page, name, data),
  restartBackground: () => waitForBackgroundRestart(page),
}));
