import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { makePolicyService } from '@/entrypoints/background/policy-service';
import { makeLedgerService } from '@/entrypoints/background/ledger-service';
import { ledgerConnection } from '@/entrypoints/background/ledger-connection';
import { openConfigStore } from '@/utils/config-store';
import { freshName } from '../ledger/helpers';
import { parsePolicyText } from '@/utils/policy/parse';
import { emptyPolicyState } from '@/utils/policy/sync';
import { example, exampleText } from '../policy/helpers';

// Drill: a compromised page process against the extension's storage, as Firefox allows it (content
// scripts there may read and write the extension's storage.local; Chromium is told not to, and the
// real-browser drill checks that). Whatever the content scripts' world reads or writes there, the
// policy and the staff list are not in it, and nothing written there changes who the user is, the
// policy in force, or what they may grant.

const page = {} as never;

describe('drill: storage.local from the content scripts’ world', () => {
  it('holds nothing that decides authority, so rewriting it grants nothing', async () => {
    // The policy and ledger services as the background builds them.
    const { handlers: policyHandlers, currentMe, currentPolicy } = makePolicyService({
      fetch: (input, init) => fetch(input, init),
      config: openConfigStore(),
    });
    const { handlers: ledgerHandlers } = makeLedgerService({
      ledger: ledgerConnection(freshName()),
      currentPolicy,
      currentMe,
      onChange: async () => undefined,
      config: openConfigStore(),
    });
    await policyHandlers.importPolicy({ text: exampleText, fileName: 'policy.json' }, page);
    await policyHandlers.setSettings({ selfEmail: 'ana.ruiz@harborpine.example' }, page);
    expect((await currentMe())?.role).toBe('front-desk');

    // What a content script reads: all of storage.local.
    const visible = JSON.stringify(await fakeBrowser.storage.local.get(null));
    const secrets = ['dev.patel@harborpine.example', '"perIncident"', 'Harbor & Pine', '"templates"'];
    const read = secrets.filter((s) => visible.includes(s)).length;

    // What it writes: the partner as the user, every cap 99,999,999, another policy URL, under the
    // keys the extension used to keep them in and under every key it finds.
    const forgedPolicy = example();
    for (const role of forgedPolicy.roles) {
      role.perIncident = 99_999_999;
      role.perClientPerYear = 99_999_999;
    }
    forgedPolicy.staff = forgedPolicy.staff.map((s: { role: string }) => ({ ...s, role: 'partner' }));
    const parsed = parsePolicyText(JSON.stringify(forgedPolicy));
    if (!parsed.ok) throw new Error('the forged policy should be valid');
    const forgedState = { ...emptyPolicyState(), policy: parsed.policy, source: 'file', policyUrl: 'https://evil.example/p.json' };
    const writes: Record<string, unknown> = {
      settings: { selfEmail: 'dev.patel@harborpine.example' },
      policyState: forgedState,
    };
    for (const key of Object.keys(await fakeBrowser.storage.local.get(null))) writes[key] ??= forgedState;
    await fakeBrowser.storage.local.set(writes);

    const me = await currentMe();
    const policy = await currentPolicy();
    const state = await policyHandlers.getPolicyState(undefined, page);
    const incident = await ledgerHandlers.startIncident(
      { client: { clientKey: 'alice@client.example', name: 'Alice', source: { tool: 'manual', label: 'Manual' } }, category: 'billing-error', summary: 'x' },
      page,
    );
    let granted = false;
    try {
      const after = await ledgerHandlers.grantRemedy({ incidentId: incident.id, remedyId: 'consult-refund', amount: 5_000_000 }, page);
      granted = after.remedies.some((r) => r.status === 'granted' && r.amount === 5_000_000);
    } catch {
      granted = false;
    }
    const changed = [
      me?.email !== 'ana.ruiz@harborpine.example' && 'who I am',
      me?.role !== 'front-desk' && 'my role',
      policy?.roles.some((r) => r.perIncident === 9_999_999_900) && 'caps',
      state.policyUrl !== null && 'policy URL',
    ].filter(Boolean);
    console.log(
      `storage from the content scripts' world: ${Object.keys(writes).length} keys rewritten, ${read} of ${secrets.length} ` +
        `policy or staff secrets readable, ${changed.length} changes to who the user is or the policy in force; $50,000 grant: ${granted ? 'granted' : 'refused'}`,
    );
    expect(read).toBe(0);
    expect(changed).toEqual([]);
    expect(granted).toBe(false);
  });
});
