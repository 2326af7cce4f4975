import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, callBackground, fixture, launchExtension, openOptions, routeFixture, tabIdOf, type ExtensionSession } from './harness';

// Drill: what a hostile page, and a compromised page process, can do to the content scripts.
// A page must not be able to switch the content script off (WXT stops a content script when a
// newer copy announces itself with an event the page can forge).

const policyText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');
const SCRIPT_NAMES = ['gmail', 'outlook', 'crm', 'firm-detectors'];

let session: ExtensionSession;
let options: Page;

beforeAll(async () => {
  session = await launchExtension();
  options = await openOptions(session);
  await callBackground(options, 'importPolicy', { text: policyText, fileName: 'policy.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
  await routeFixture(session.context, 'https://mail.google.com/**', 'gmail/thread.html');
});

afterAll(async () => {
  await session?.close();
});

async function clientOf(tabId: number): Promise<string | undefined> {
  return (await callBackground(options, 'getTabClient', { tabId }))?.client?.name;
}

describe('drill: a page switching the content script off', () => {
  it('ignores every start announcement a page can send, and keeps detecting', async () => {
    const gmail = await session.context.newPage();
    // The page listens from its first script on, as a hostile page would.
    await gmail.addInitScript(() => {
      const seen: unknown[] = [];
      (window as unknown as { __seen: unknown[] }).__seen = seen;
      window.addEventListener('message', (event) => seen.push(event.data));
    });
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox/thread-one');
    const tabId = await tabIdOf(session, gmail);
    await expect.poll(() => clientOf(tabId), { timeout: 15_000 }).toBe('Alice Baker');

    const result = await gmail.evaluate(
      async ({ id, names }) => {
        const seen = (window as unknown as { __seen: unknown[] }).__seen;
        const leaked = seen.filter((data) => JSON.stringify(data ?? null).includes(id)).length;
        // What the page learnt from announcements, plus every name it can compute from the id.
        const types = new Set<string>();
        for (const data of seen) {
          const type = (data as { type?: unknown } | null)?.type;
          if (typeof type === 'string') types.add(type);
        }
        for (const name of names) types.add(`${id}:${name}:wxt:content-script-started`);
        let sent = 0;
        for (const type of types) {
          const scriptName = type.split(':')[1] ?? '';
          for (const detail of [{ contentScriptName: scriptName, messageId: 'forged' }, { contentScriptName: scriptName }]) {
            document.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
            window.dispatchEvent(new CustomEvent(type, { detail }));
            window.postMessage({ type, ...detail }, '*');
            sent += 3;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
        return { leaked, sent, names: types.size };
      },
      { id: session.extensionId, names: SCRIPT_NAMES },
    );

    // The app moves to another thread: a running content script reports the new client.
    await gmail.evaluate((html) => {
      const next = new DOMParser().parseFromString(html, 'text/html').querySelector('[role=main]')!;
      document.querySelector('[role=main]')!.replaceWith(document.importNode(next, true));
      location.hash = '#inbox/thread-two';
    }, fixture('gmail/thread-second.html'));
    let stillDetecting = true;
    try {
      await expect.poll(() => clientOf(tabId), { timeout: 15_000 }).toBe('Dan Orchard');
    } catch {
      stillDetecting = false;
    }
    console.log(
      `content script switch-off: ${result.sent} forged start announcements under ${result.names} event names, ` +
        `content script still detecting: ${stillDetecting ? 'yes' : 'no'}; start announcements showing the extension id to the page: ${result.leaked}`,
    );
    expect(stillDetecting).toBe(true);
    expect(result.leaked).toBe(0);
    await gmail.close();
  });
});

/** Runs `expression` in this extension's content-script world of `page` (what a compromised page process can run). */
async function inContentScriptWorld(page: Page, expression: string): Promise<unknown> {
  const cdp = await session.context.newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string; isDefault?: boolean } }[] = [];
  cdp.on('Runtime.executionContextCreated', (event) => contexts.push(event.context));
  await cdp.send('Runtime.enable');
  const world = contexts.find((c) => c.origin === `chrome-extension://${session.extensionId}` || (c.auxData?.type === 'isolated' && c.origin.includes(session.extensionId)));
  if (!world) throw new Error(`no content-script world among ${contexts.map((c) => c.origin).join(', ')}`);
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
  await cdp.detach();
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

describe('drill: a compromised page process against the extension’s storage', () => {
  it('can read and write nothing that decides authority, and a $50,000 grant is still refused', async () => {
    const gmail = await session.context.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox/thread-one');
    const tabId = await tabIdOf(session, gmail);
    await expect.poll(() => clientOf(tabId), { timeout: 15_000 }).toBe('Alice Baker');

    const forged = JSON.parse(policyText) as { roles: { perIncident: number; perClientPerYear?: number | null }[]; staff: { role: string }[] };
    for (const role of forged.roles) {
      role.perIncident = 99_999_999;
      role.perClientPerYear = 99_999_999;
    }
    for (const member of forged.staff) member.role = 'partner';
    const attack = `(async () => {
      const out = { tried: 0, read: [], written: 0, refused: 0 };
      const secrets = ['dev.patel@harborpine.example', 'perIncident', 'templates'];
      // storage.sync is left out: the extension keeps nothing there.
      for (const area of ['local', 'session']) {
        out.tried++;
        try {
          const all = JSON.stringify(await chrome.storage[area].get(null));
          for (const s of secrets) if (all.includes(s)) out.read.push(area + ': ' + s);
        } catch { out.refused++; }
        for (const [key, value] of Object.entries({
          settings: { selfEmail: 'dev.patel@harborpine.example' },
          policyState: { policy: ${JSON.stringify(forged)}, source: 'file', policyUrl: 'https://evil.example/p.json' },
          configChanged: Date.now(),
        })) {
          out.tried++;
          try { await chrome.storage[area].set({ [key]: value }); out.written++; } catch { out.refused++; }
        }
      }
      return out;
    })()`;
    const outcome = (await inContentScriptWorld(gmail, attack)) as { tried: number; read: string[]; written: number; refused: number };

    // The user is the front desk (a $25 limit); a $50,000 refund must not go through.
    const me = (await callBackground(options, 'getSettings', undefined)).me;
    const state = await callBackground(options, 'getPolicyState', undefined);
    const incident = await callBackground(options, 'startIncident', {
      client: { clientKey: 'alice.baker@bakerbakery.example', name: 'Alice Baker', source: { tool: 'manual', label: 'Manual' } },
      category: 'billing-error',
      summary: 'Attack drill',
    });
    let granted = false;
    try {
      const after = await callBackground(options, 'grantRemedy', { incidentId: incident.id, remedyId: 'consult-refund', amount: 5_000_000 });
      granted = after.remedies.some((r) => r.status === 'granted' && r.amount === 5_000_000);
    } catch {
      granted = false;
    }
    console.log(
      `storage from a content script's world (Chromium): ${outcome.tried} reads and writes tried, ${outcome.refused} refused, ` +
        `${outcome.read.length} secrets read, ${outcome.written} writes let through; you are ${me?.role ?? 'nobody'}, ` +
        `policy URL ${state.policyUrl ?? 'none'}; $50,000 grant: ${granted ? 'granted' : 'refused'}`,
    );
    expect(outcome.read).toEqual([]);
    expect(outcome.written).toBe(0);
    expect(me?.role).toBe('front-desk');
    expect(state.policyUrl).toBeNull();
    expect(granted).toBe(false);
    await gmail.close();
  });
});
