import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExtension, RESULTS_DIR } from './build';
import { renderTable, unavailable, isMet, type Figure } from './figures';
import { describeMachine } from './machine';
import type { Group } from './group';
import { weight } from './weight';
import { detectors } from './detectors';
import { latency } from './latency';
import { overhead } from './overhead';
import { sidepanel } from './sidepanel';
import { firstCall } from './first-call';
import { ledger } from './ledger';
import { policy } from './policy';
import { setTranslator } from '../../utils/i18n';
import { tableTranslator } from '../../utils/i18n/tables';
import { firmLedger } from './firm-ledger';
import { dashboard } from './dashboard';
import { newcomer } from './newcomer';
import { phone } from './phone';

// npm run bench [-- --only weight,policy] [-- --reuse-build]
// Prints one table of medians with their targets and writes the same figures as JSON to
// bench-results/<timestamp>.json and bench-results/latest.json.
// Each group runs in a Node process of its own, so one group's heap (100,000 incidents in memory)
// never slows the next one's timings.

const GROUPS: Group[] = [weight, detectors, latency, overhead, sidepanel, firstCall, ledger, policy, firmLedger, phone, dashboard, newcomer];

function parseArgs(argv: string[]): { only: Set<string> | null; reuseBuild: boolean } {
  let only: Set<string> | null = null;
  let reuseBuild = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--only') only = new Set((argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg.startsWith('--only=')) only = new Set(arg.slice(7).split(',').filter(Boolean));
    else if (arg === '--reuse-build') reuseBuild = true;
    else throw new Error(`unknown argument ${arg}; use --only <${GROUPS.map((g) => g.id).join('|')}>[,...] and --reuse-build`);
  }
  const unknown = [...(only ?? [])].filter((id) => !GROUPS.some((g) => g.id === id));
  if (unknown.length) throw new Error(`unknown group ${unknown.join(', ')}; groups: ${GROUPS.map((g) => g.id).join(', ')}`);
  return { only, reuseBuild };
}

/** Child mode: `--group <id> <extensionDir> <out.json>` runs one group and writes its figures. */
async function runChild([id, extensionDir, out]: string[]): Promise<void> {
  const group = GROUPS.find((g) => g.id === id);
  if (!group || extensionDir === undefined || !out) throw new Error('usage: --group <id> <extensionDir> <out.json>');
  const figures = await group.run({ extensionDir, log: (m) => process.stderr.write(`  ${m}\n`) });
  writeFileSync(out, JSON.stringify(figures));
}

function runInChild(group: Group, extensionDir: string): Figure[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'mir-bench-'));
  const out = path.join(dir, 'figures.json');
  try {
    const result = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--group', group.id, extensionDir, out],
      { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    );
    process.stderr.write(result.stderr ?? '');
    if (result.status !== 0) {
      const lines = (result.stderr ?? '').trim().split('\n');
      const reason = lines.find((l) => /Error/.test(l)) ?? lines.at(-1) ?? `exit code ${result.status}`;
      throw new Error(reason.trim());
    }
    return JSON.parse(readFileSync(out, 'utf8')) as Figure[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // The product's messages, as the extension speaks them in English.
  setTranslator(tableTranslator('en'));
  if (process.argv[2] === '--group') return runChild(process.argv.slice(3));
  const { only, reuseBuild } = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const machine = describeMachine();
  const groups = GROUPS.filter((g) => !only || only.has(g.id));

  let extensionDir: string | null = null;
  let buildError = '';
  if (groups.some((g) => g.needsBuild)) {
    process.stderr.write('building the extension…\n');
    try {
      extensionDir = buildExtension(reuseBuild);
    } catch (error) {
      buildError = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${buildError}\n`);
    }
  }

  const figures: Figure[] = [];
  for (const group of groups) {
    process.stderr.write(`measuring ${group.title}…\n`);
    const started = performance.now();
    if (group.needsBuild && !extensionDir) {
      figures.push(unavailable(group.title, 'all figures', 'ms', `the extension did not build (${buildError.split('\n')[0]})`));
      continue;
    }
    try {
      figures.push(...runInChild(group, extensionDir ?? ''));
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      figures.push(unavailable(group.title, 'all figures', 'ms', reason));
    }
    process.stderr.write(`  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }

  const table = renderTable(machine, figures, startedAt);
  process.stdout.write(`\n${table}\n`);

  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = JSON.stringify(
    { startedAt: startedAt.toISOString(), machine, figures: figures.map((f) => ({ ...f, met: isMet(f) })), table },
    null,
    2,
  );
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  writeFileSync(path.join(RESULTS_DIR, `${stamp}.json`), json);
  writeFileSync(path.join(RESULTS_DIR, 'latest.json'), json);
  process.stderr.write(`\nwritten: bench-results/${stamp}.json and bench-results/latest.json\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
