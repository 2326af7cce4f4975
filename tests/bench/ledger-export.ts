import type { Page } from 'playwright-core';
import { callBackground, exportFromOptions } from '../e2e/harness';
import { LEDGER_DB_NAME } from '../../utils/ledger/db';
import { allowNamedFunctions, bundleForPage } from './chromium';
import { seedInWorker, startExtension } from './extension';
import { atMost, failed, measured, type Figure } from './figures';
import { median } from './stats';
import type { ExportMarks } from './browser/ledger-tools';

// The exports as a user makes them, in the built extension in Chromium over a ledger of 100,000
// incidents seeded in bulk in the service worker: a click on Export JSON / Export CSV in the options
// page (which reads the ledger itself) until the browser starts the download. Each run also says
// where that time went, on the page's clock from the click: the database's first and last answer,
// the file's Blob handed to the browser, and the download's start.

const GROUP = '6. Ledger exports, 100,000 incidents (Chromium, click in the options page to download)';
const SIZE = 100_000;
const RUNS = 5;
const AFTER_CHANGE_RUNS = 3;

declare const MirLedger: typeof import('./browser/ledger-tools');

interface Run {
  ms: number;
  phases: string;
  bytes: number;
  text: string;
}

async function exportOnce(options: Page, tools: string, format: 'json' | 'csv'): Promise<Run> {
  await options.reload();
  await allowNamedFunctions(options);
  await options.evaluate(tools);
  await options.evaluate(() => MirLedger.watchExportPhases());
  const exported = await exportFromOptions(options, format);
  const marks = await options.evaluate(() => globalThis.mirExportMarks as ExportMarks);
  // The CSV rows an export keeps are written after the download has started: the next run begins
  // from what a user who stayed on the page has.
  await options.evaluate((name) => MirLedger.keptTextSettled(name), LEDGER_DB_NAME);
  const click = marks.click ?? 0;
  const at = (ms: number | undefined) => (ms === undefined ? '—' : `${Math.round(ms - click)}`);
  const phases =
    `first read ${at(marks.firstRead)}, last read ${at(marks.lastRead)} (${marks.requests} requests), ` +
    `file handed over ${at(marks.fileHanded)}, download ${exported.ms} ms`;
  return { ms: exported.ms, phases, bytes: marks.bytes ?? exported.text.length, text: exported.text };
}

function figure(name: string, runs: Run[], note = ''): Figure {
  const ms = median(runs.map((r) => r.ms));
  // The phases of the run whose time is the median (the middle one).
  const middle = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor((runs.length - 1) / 2)]!;
  return measured(GROUP, name, ms / 1000, 's', {
    runs: runs.length,
    target: atMost(3),
    note: `${(middle.bytes / 2 ** 20).toFixed(0)} MB${note}; from the click: ${middle.phases}`,
  });
}

/** A new incident and its credit recorded just before the export, as a user would: in a week whose text is kept. */
async function recordIncident(options: Page, i: number): Promise<{ id: string; creditNote: string }> {
  const started = await callBackground(options, 'startIncident', {
    client: { clientKey: `late${i}@client.example`, name: `Late Client ${i}`, email: `late${i}@client.example`, source: { tool: 'manual', label: 'Manual' } },
    category: 'billing-error',
    summary: 'Charged twice for the same consultation',
  });
  const granted = await callBackground(options, 'grantRemedy', { incidentId: started.id, remedyId: 'courier-credit', amount: 20 });
  return { id: started.id, creditNote: granted.remedies[0]?.creditNoteNumber ?? '' };
}

export async function chromiumExports(extensionDir: string, log: (message: string) => void): Promise<Figure[]> {
  const tools = await bundleForPage('ledger-tools.ts', 'MirLedger');
  const { session, options } = await startExtension(extensionDir);
  const figures: Figure[] = [];
  try {
    const seeded = await seedInWorker(session, tools, SIZE);
    log(`seeded ${seeded.stored} incidents in the extension's IndexedDB in ${(seeded.ms / 1000).toFixed(1)} s`);
    const plan: { format: 'json' | 'csv'; name: string; runs: number; change?: boolean; note?: string }[] = [
      // Seeded in bulk, so the first export builds the text kept per week; a long-used ledger has it
      // from the exports before, apart from the weeks changed since.
      { format: 'json', name: 'JSON export, first after seeding (builds the text kept per week)', runs: 1 },
      { format: 'json', name: 'JSON export', runs: RUNS },
      { format: 'csv', name: 'CSV export, first of its layout (writes its rows from the text kept)', runs: 1 },
      { format: 'csv', name: 'CSV export', runs: RUNS },
      { format: 'json', name: 'JSON export just after recording an incident', runs: AFTER_CHANGE_RUNS, change: true, note: ', the new incident in it' },
      { format: 'csv', name: 'CSV export just after recording an incident', runs: AFTER_CHANGE_RUNS, change: true, note: ', the new incident in it' },
    ];
    let recorded = 0;
    for (const step of plan) {
      try {
        const runs: Run[] = [];
        for (let i = 0; i < step.runs; i++) {
          const late = step.change ? await recordIncident(options, recorded++) : null;
          const run = await exportOnce(options, tools, step.format);
          if (late && !run.text.includes(step.format === 'json' ? `"id":"${late.id}"` : `"${late.creditNote}"`)) {
            throw new Error('the incident recorded just before is missing from the file');
          }
          runs.push({ ...run, text: '' });
          log(`${step.name}: ${(run.ms / 1000).toFixed(2)} s — ${run.phases}`);
        }
        figures.push(figure(step.name, runs, step.note));
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        figures.push(failed(GROUP, step.name, 's', reason.replace(/^.*?Error: /, '').slice(0, 160), atMost(3)));
      }
    }
  } finally {
    await session.close();
  }
  return figures;
}
