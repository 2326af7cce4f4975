import type { Page } from 'playwright-core';
import { callBackground, currentWorker, tabIdOf } from '../e2e/harness';
import { LEDGER_DB_NAME } from '../../utils/ledger/db';
import { envelope } from '../../utils/envelope';
import { allowNamedFunctions, bundleForPage } from './chromium';
import { seedInWorker, startExtension } from './extension';
import { atMost, measured, unavailable, type Figure } from './figures';
import { gmailDocument, gmailThread } from './fixtures/gmail';
import { FOCUS_CLIENT, FOCUS_INCIDENTS } from './fixtures/incidents';
import type { Group } from './group';
import { median } from './stats';

// The side panel as a user opens it, in the built extension in Chromium, over a ledger of 0, 10,000
// and 100,000 incidents in the extension's own IndexedDB (seeded in bulk inside the service worker
// with the same generator as the Node figures; the client on screen has 20 of them).
//
// Time to rendered: `sidepanel.html?tabId=N` is opened in a fresh page; a check that runs on every
// DOM change of the page reads the page's own clock (performance.now(), 0 = navigation start) the
// moment the Client region shows the client's name and history and the "Your authority" card shows
// what is left for this client. So it counts loading the page's scripts, its messages to the
// background, the IndexedDB reads and the rendering.
//
// The same session also times the ledger as the panel uses it: the client's history through the
// panel's message. The exports are timed in the ledger group (ledger-export.ts).

const GROUP = '5. Side panel open → client and authority rendered (Chromium)';
const LEDGER_GROUP = '6. Ledger (Chromium IndexedDB, as the panel uses it)';
const PANEL_RUNS = 11;
const LOOKUP_RUNS = 21;
const COMMAND_RUNS = 11;

declare const MirLedger: typeof import('./browser/ledger-tools');
declare const chrome: typeof import('wxt/browser').browser;

/**
 * Milliseconds per message as an extension page feels it: timed inside the page from sending to the
 * reply in hand, so the automation's own hop to the page is not counted. The first `warmUp` runs
 * are dropped.
 */
async function timeMessageInPage(page: Page, name: string, data: unknown, runs: number, warmUp = 2): Promise<number[]> {
  await allowNamedFunctions(page);
  return page.evaluate(
    async ({ message, runs, warmUp }) => {
      const times: number[] = [];
      for (let i = 0; i < runs + warmUp; i++) {
        const start = performance.now();
        const reply = (await chrome.runtime.sendMessage(message)) as { ok?: boolean; error?: string };
        if (!reply?.ok) throw new Error(reply?.error ?? 'no reply');
        if (i >= warmUp) times.push(performance.now() - start);
      }
      return times;
    },
    { message: envelope(name, data), runs, warmUp },
  );
}

/**
 * A command's local answer as the panel feels it, timed in the page from sending to the reply in
 * hand: open an incident for a new client, grant a $1.00 courier credit in it (its authority decided
 * against the client's history, its credit note numbered), tick a step. Each run its own client.
 */
async function timeCommandsInPage(page: Page, runs: number, tag: string): Promise<{ open: number[]; grant: number[]; tick: number[] }> {
  await allowNamedFunctions(page);
  const envelopeOf = (name: string) => envelope(name, null);
  return page.evaluate(
    async ({ runs, tag, names }) => {
      const send = async (type: string, data: unknown) => {
        const reply = (await chrome.runtime.sendMessage({ ...names[type], data })) as { ok?: boolean; error?: string; value?: unknown };
        if (!reply?.ok) throw new Error(`${type}: ${reply?.error ?? 'no reply'}`);
        return reply.value as { id: string; checklist: { stepId: string }[] };
      };
      const out = { open: [] as number[], grant: [] as number[], tick: [] as number[] };
      for (let i = 0; i < runs + 2; i++) {
        const clientKey = `bench-${tag}-${i}@client.example`;
        const t0 = performance.now();
        const incident = await send('startIncident', {
          client: { clientKey, name: `Bench ${i}`, email: clientKey, source: { tool: 'manual', label: 'Manual' } },
          category: 'missed-appointment',
          summary: 'Timed',
        });
        const t1 = performance.now();
        await send('grantRemedy', { incidentId: incident.id, remedyId: 'courier-credit', amount: 100 });
        const t2 = performance.now();
        await send('tickStep', { incidentId: incident.id, stepId: incident.checklist[0]!.stepId, done: true });
        const t3 = performance.now();
        if (i < 2) continue;
        out.open.push(t1 - t0);
        out.grant.push(t2 - t1);
        out.tick.push(t3 - t2);
      }
      return out;
    },
    { runs, tag, names: Object.fromEntries(['startIncident', 'grantRemedy', 'tickStep'].map((n) => [n, envelopeOf(n)])) },
  );
}

/** Milliseconds from navigation start to the client header and authority card rendered. */
async function timeToRendered(panel: Page, clientName: string): Promise<number> {
  await allowNamedFunctions(panel);
  return panel.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const ready = () => {
          const client = document.querySelector('section[aria-label="Client"]');
          return Boolean(
            client?.textContent?.includes(name) &&
              client.querySelector('ul[aria-label="History"]') &&
              document.querySelector('section[aria-labelledby="authority-title"] .limits .left'),
          );
        };
        if (ready()) return resolve(performance.now());
        const observer = new MutationObserver(() => {
          if (!ready()) return;
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(document, { childList: true, subtree: true, characterData: true });
        setTimeout(() => reject(new Error('the panel did not show the client and authority within 30 s')), 30_000);
      }),
    clientName,
  );
}

export const sidepanel: Group = {
  id: 'sidepanel',
  title: GROUP,
  needsBuild: true,
  async run({ extensionDir, log }) {
    const figures: Figure[] = [];
    const ledgerFigures: Figure[] = [];
    const seedScript = await bundleForPage('ledger-tools.ts', 'MirLedger');
    const { session, options } = await startExtension(extensionDir);
    try {
      const html = gmailDocument(gmailThread(FOCUS_CLIENT, 4));
      await session.context.route('https://mail.google.com/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
      const gmail = await session.context.newPage();
      await gmail.goto('https://mail.google.com/mail/u/0/#inbox/thread-one');
      const tabId = await tabIdOf(session, gmail);
      const deadline = Date.now() + 10_000;
      while ((await callBackground(options, 'getTabClient', { tabId }))?.client?.email !== FOCUS_CLIENT.email) {
        if (Date.now() > deadline) return [unavailable(GROUP, 'all figures', 'ms', 'the Gmail tab\'s client never reached the background')];
        await gmail.waitForTimeout(50);
      }

      // What any message to the background costs, to tell it apart from the ledger's own time.
      const roundTrips = await timeMessageInPage(options, 'getTabClient', { tabId }, LOOKUP_RUNS);
      ledgerFigures.push(
        measured(LEDGER_GROUP, 'message round trip alone (getTabClient)', median(roundTrips), 'ms', { runs: LOOKUP_RUNS }),
      );

      for (const size of [0, 10_000, 100_000]) {
        if (size > 0) {
          const seeded = await seedInWorker(session, seedScript, size);
          log(`seeded ${seeded.stored} incidents in the extension's IndexedDB in ${(seeded.ms / 1000).toFixed(1)} s`);
        }
        const history = await callBackground(options, 'getClientHistory', { clientKey: FOCUS_CLIENT.email });
        const expected = size === 0 ? 0 : FOCUS_INCIDENTS;
        if (history.incidents.length !== expected) throw new Error(`the client has ${history.incidents.length} incidents, not ${expected}`);

        const times: number[] = [];
        for (let run = 0; run <= PANEL_RUNS; run++) {
          const panel = await session.context.newPage();
          await panel.setViewportSize({ width: 400, height: 900 });
          await panel.goto(`chrome-extension://${session.extensionId}/sidepanel.html?tabId=${tabId}`, { waitUntil: 'commit' });
          const ms = await timeToRendered(panel, FOCUS_CLIENT.name);
          await panel.close();
          // The first open loads the extension's code from disk; users reopen the panel far more.
          if (run > 0) times.push(ms);
        }
        const label = `${size.toLocaleString('en-US')} incidents in the ledger`;
        figures.push(
          measured(GROUP, label, median(times), 'ms', {
            runs: PANEL_RUNS,
            ...(size === 100_000 ? { target: atMost(150) } : {}),
            note: `slowest ${Math.max(...times).toFixed(0)} ms`,
          }),
        );

        if (size > 0) {
          const lookups = await timeMessageInPage(options, 'getClientHistory', { clientKey: FOCUS_CLIENT.email }, LOOKUP_RUNS);
          ledgerFigures.push(
            measured(LEDGER_GROUP, `client history + 365-day total, ${size.toLocaleString('en-US')} incidents`, median(lookups), 'ms', {
              runs: LOOKUP_RUNS,
              target: atMost(5),
              note: `as the page gets it, message and reply included; client with ${FOCUS_INCIDENTS} incidents`,
            }),
          );
        }
        {
          const commands = await timeCommandsInPage(options, COMMAND_RUNS, String(size));
          const at = `${size.toLocaleString('en-US')} incidents`;
          for (const [what, times] of [
            ['open an incident', commands.open],
            ['grant (authority decided, credit note numbered)', commands.grant],
            ['tick a step', commands.tick],
          ] as const) {
            ledgerFigures.push(
              measured(LEDGER_GROUP, `a command's local answer: ${what}, ${at}`, median(times), 'ms', {
                runs: COMMAND_RUNS,
                ...(size === 100_000 ? { target: atMost(50) } : {}),
                note: `slowest ${Math.max(...times).toFixed(0)} ms; message and reply included`,
              }),
            );
          }
        }
        if (size > 0) {
          const worker = await currentWorker(session.context);
          await worker.evaluate(seedScript);
          const direct = await worker.evaluate(
            ({ name, key, runs, now }) => MirLedger.timeClientHistory(name, key, runs, now),
            { name: LEDGER_DB_NAME, key: FOCUS_CLIENT.email, runs: LOOKUP_RUNS, now: Date.now() },
          );
          ledgerFigures.push(
            measured(LEDGER_GROUP, `  of which the lookup in the service worker, ${size.toLocaleString('en-US')} incidents`, median(direct), 'ms', {
              runs: LOOKUP_RUNS,
              target: atMost(5),
            }),
          );
        }
      }
    } finally {
      await session.close();
    }
    return [...figures, ...ledgerFigures];
  },
};
