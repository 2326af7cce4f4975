import { afterEach } from 'vitest';
import { openLedger, type Ledger } from '@/utils/ledger/repository';
import type { Me } from '@/utils/people';
import type { StartIncidentInput } from '@/utils/ledger/types';

// A fresh database per test, closed afterwards.

let dbCount = 0;
const open: Ledger[] = [];

export function freshName(): string {
  return `ledger-test-${++dbCount}-${Date.now()}`;
}

export async function freshLedger(name = freshName()): Promise<Ledger> {
  const ledger = await openLedger(name);
  open.push(ledger);
  return ledger;
}

afterEach(() => {
  for (const ledger of open.splice(0)) ledger.close();
});

export const ANA: Me = { email: 'ana.ruiz@harborpine.example', name: 'Ana Ruiz', role: 'front-desk' };
export const BEN: Me = { email: 'ben.okafor@harborpine.example', name: 'Ben Okafor', role: 'staff' };
export const CARLA: Me = { email: 'carla.meyer@harborpine.example', name: 'Carla Meyer', role: 'manager' };
export const STRANGER: Me = { email: 'temp@harborpine.example', name: 'temp@harborpine.example', role: null };

export function input(email = 'alice@client.example', name = 'Alice Example', over: Partial<StartIncidentInput> = {}): StartIncidentInput {
  return {
    client: { clientKey: email, name, email, source: { tool: 'gmail', label: 'Gmail' } },
    category: 'shipping-error',
    summary: 'Sent the tax pack to the old address',
    ...over,
  };
}
