import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { atMost, failed, measured, type Figure } from './figures';
import type { Group } from './group';

// The README's first command as a newcomer runs it: a fresh clone of the committed project, an empty
// npm cache (every package downloaded from the registry), `npm install`, then `npm run demo` without
// a display (it builds the extension, starts the firm ledger's server and takes every screenshot).
// `../shared` is linked beside the clone when this checkout has it, as on the machines the demo is for.

const GROUP = '10. Newcomer (fresh clone, empty npm cache: npm install && npm run demo)';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-8_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      log(`${command} ${args.join(' ')}: ${seconds.toFixed(1)} s (exit ${code})`);
      if (code === 0) resolve(seconds);
      else {
        const lines = tail.trim().split('\n');
        log(lines.slice(-40).join('\n'));
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${(lines.find((l) => /Error/.test(l)) ?? lines.at(-1) ?? '').trim()}`));
      }
    });
  });
}

export const newcomer: Group = {
  id: 'newcomer',
  title: GROUP,
  needsBuild: false,
  async run({ log }) {
    const dir = mkdtempSync(path.join(tmpdir(), 'mir-newcomer-'));
    const project = path.join(dir, 'make-it-right');
    const shared = path.resolve(ROOT, '..', 'shared');
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_cache: path.join(dir, 'npm-cache'), CI: '' };
    delete env.DISPLAY;
    const figures: Figure[] = [];
    try {
      await timed('git', ['clone', '--quiet', ROOT, project], dir, env, log);
      if (existsSync(shared)) symlinkSync(shared, path.join(dir, 'shared'));
      const install = await timed('npm', ['install', '--no-audit', '--no-fund'], project, env, log);
      figures.push(measured(GROUP, 'npm install (empty cache)', install, 's', { runs: 1 }));
      const demo = await timed('npm', ['run', 'demo'], project, env, log);
      figures.push(measured(GROUP, 'npm run demo (build, server, every screenshot)', demo, 's', { runs: 1 }));
      figures.push(measured(GROUP, 'README first command, in all', install + demo, 's', { runs: 1, target: atMost(120) }));
    } catch (error) {
      figures.push(failed(GROUP, 'README first command, in all', 's', (error as Error).message.split('\n')[0]!, atMost(120)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
