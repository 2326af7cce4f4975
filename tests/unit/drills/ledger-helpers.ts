import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openLedger as openLedgerAt, type Ledger } from '@/utils/ledger/repository';
import type { OpenCallbacks } from '@/utils/ledger/db';
import type { Me } from '@/utils/people';
import type { StartIncidentInput } from '@/utils/ledger/types';
import { parsePolicyText } from '@/utils/policy/parse';
import type { Policy } from '@/utils/policy/types';

// The drills' own ledger set-up: the reference policy through the real parser, a fresh database per
// test, every connection closed afterwards.

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/policy/example.json');

export function drillPolicy(): Policy {
  const parsed = parsePolicyText(readFileSync(FIXTURE, 'utf8'));
  if (!parsed.ok) throw new Error(`the reference policy is refused: ${JSON.stringify(parsed.errors)}`);
  return parsed.policy;
}

let count = 0;
const open: Ledger[] = [];

export function freshName(): string {
  return `drill-ledger-${++count}-${Date.now()}`;
}

export async function openLedger(name: string, callbacks?: OpenCallbacks): Promise<Ledger> {
  const ledger = await openLedgerAt(name, callbacks);
  open.push(ledger);
  return ledger;
}

export function freshLedger(): Promise<Ledger> {
  return openLedger(freshName());
}

afterEach(() => {
  for (const ledger of open.splice(0)) ledger.close();
});

export const ANA: Me = { email: 'ana.ruiz@harborpine.example', name: 'Ana Ruiz', role: 'front-desk' };

export function input(email = 'alice@client.example', name = 'Alice Example'): StartIncidentInput {
  return {
    client: { clientKey: email, name, email, source: { tool: 'gmail', label: 'Gmail' } },
    category: 'shipping-error',
    summary: 'Sent the tax pack to the old address',
  };
}
