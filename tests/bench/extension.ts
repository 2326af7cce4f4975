import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { callBackground, currentWorker, launchExtension, openOptions, type ExtensionSession } from '../e2e/harness';
import { LEDGER_DB_NAME } from '../../utils/ledger/db';
import { allowNamedFunctions } from './chromium';
import { ROOT } from './build';
import { SELF } from './fixtures/gmail';

// The built extension in Chromium, set up as a user has it: the firm's policy imported and the
// user's own address given, so neither the user nor colleagues are ever taken for the client.

export interface ReadySession {
  session: ExtensionSession;
  /** An extension page to send protocol messages from, as the UI does. */
  options: Page;
}

export const FIRM_POLICY = path.join(ROOT, 'public/policies/accounting-firm.json');

export async function startExtension(extensionDir: string): Promise<ReadySession> {
  const session = await launchExtension({ extensionDir });
  try {
    const options = await openOptions(session);
    await callBackground(options, 'importPolicy', { text: readFileSync(FIRM_POLICY, 'utf8'), fileName: 'accounting-firm.json' });
    await callBackground(options, 'setSettings', { selfEmail: SELF.email });
    return { session, options };
  } catch (error) {
    await session.close();
    throw error;
  }
}

declare const MirLedger: typeof import('./browser/ledger-tools');

/**
 * Grows the extension's ledger to `total` generated incidents, in bulk inside its service worker
 * (Chromium's IndexedDB); `tools` is ledger-tools.ts bundled for the page (bundleForPage).
 */
export async function seedInWorker(session: ExtensionSession, tools: string, total: number): Promise<{ stored: number; ms: number }> {
  const worker = await currentWorker(session.context);
  await allowNamedFunctions(worker);
  await worker.evaluate(tools);
  return worker.evaluate(({ name, total, now }) => MirLedger.seedLedger(name, total, now), { name: LEDGER_DB_NAME, total, now: Date.now() });
}
