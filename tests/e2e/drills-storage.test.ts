import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope, type Reply } from '../../utils/envelope';
import type { Incident } from '../../utils/ledger/types';
import { ROOT, callBackground, currentWorker, launchExtension, openOptions, type ExtensionSession } from './harness';

// Drill: the service worker is stopped (its target closed through the DevTools protocol) while a
// burst of grants is in flight. Every grant the background acknowledged is stored, no record is
// partial, and the credit note numbers have neither duplicates nor gaps.

// What the extension page sees when the test evaluates code in it.
declare const chrome: typeof import('wxt/browser').browser;

const policyText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');
const ROUNDS = 3;
const BURST = 40;

let session: ExtensionSession;

beforeAll(async () => {
  session = await launchExtension();
});

afterAll(async () => {
  await session?.close();
});

async function stopServiceWorker(): Promise<boolean> {
  const cdp = await session.context.browser()!.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(session.extensionId));
  if (target) await cdp.send('Target.closeTarget', { targetId: target.targetId });
  await cdp.detach();
  return Boolean(target);
}

describe('drill: service worker stopped mid-write', () => {
  it('keeps every acknowledged grant, no partial record, no duplicate or missing credit note number', async () => {
    const page = await openOptions(session);
    await callBackground(page, 'importPolicy', { text: policyText, fileName: 'policy.json' });
    // A partner: no per-client yearly cap, so every grant in the burst is within authority.
    await callBackground(page, 'setSettings', { selfEmail: 'dev.patel@harborpine.example' });

    let sent = 0;
    let acknowledged = 0;
    let stops = 0;
    const acked = new Set<string>();
    const incidents: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const incident = await callBackground(page, 'startIncident', {
        client: { clientKey: `client${round}@client.example`, name: `Client ${round}`, source: { tool: 'manual', label: 'Manual' } },
        category: 'billing-error',
        summary: `Round ${round}`,
      });
      incidents.push(incident.id);
      const burst = Array.from({ length: BURST }, (_, i) =>
        envelope('grantRemedy', { incidentId: incident.id, remedyId: 'courier-credit', amount: 1, note: `r${round}-g${i}` }),
      );
      // Fire the burst without waiting, then stop the worker while it is being written.
      const replies = page.evaluate(
        (messages) =>
          Promise.all(
            messages.map((m) =>
              chrome.runtime.sendMessage(m).then(
                (r: unknown) => r as Reply,
                (e: unknown) => ({ ok: false, error: String(e) }) as Reply,
              ),
            ),
          ),
        burst,
      );
      await page.waitForTimeout([40, 120, 300][round % 3]!);
      if (await stopServiceWorker()) stops++;
      for (const reply of (await replies) as (Reply | undefined)[]) {
        sent++;
        if (reply?.ok) {
          acknowledged++;
          for (const g of (reply.value as Incident).remedies) if (g.note) acked.add(g.note);
        }
      }
      await currentWorker(session.context);
    }

    // Read back through a fresh worker.
    const stored = await Promise.all(incidents.map((id) => callBackground(page, 'getIncident', { incidentId: id })));
    const grants = stored.flatMap((i) => i!.remedies);
    const notes = new Set(grants.map((g) => g.note));
    const missing = [...acked].filter((n) => !notes.has(n));
    const partial = grants.filter(
      (g) => g.status !== 'granted' || g.amount !== 1 || !g.grantedAt || !/^CN-\d{4}-\d{4}$/.test(g.creditNoteNumber ?? ''),
    );
    const numbers = grants.map((g) => Number(g.creditNoteNumber!.split('-').at(-1))).sort((a, b) => a - b);
    const duplicates = numbers.length - new Set(numbers).size;
    const gaps = numbers.filter((n, i) => n !== i + 1).length;
    console.log(
      `worker stopped mid-write: ${stops} stops during ${sent} grants, ${acknowledged} acknowledged, ${grants.length} stored, ` +
        `${missing.length} acknowledged but missing, ${partial.length} partial, ${duplicates} duplicate and ${gaps} out-of-sequence credit note numbers`,
    );
    expect(stops).toBe(ROUNDS);
    expect(missing).toEqual([]);
    expect(partial).toEqual([]);
    expect(duplicates).toBe(0);
    expect(gaps).toBe(0);
    expect(grants.length).toBeGreaterThanOrEqual(acknowledged);
  }, 120_000);
});
