import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const RESULTS_DIR = path.join(ROOT, 'bench-results');
/** The benchmark builds into a folder of its own, so it never disturbs `.output/` or a test build. */
const BUILD_DIR = path.join(RESULTS_DIR, 'build');
const CHROME_DIR = path.join(BUILD_DIR, 'chrome-mv3');

/** Production build of the Chrome extension, as users install it. Returns its folder. */
export function buildExtension(reuse: boolean): string {
  if (reuse && existsSync(path.join(CHROME_DIR, 'manifest.json'))) return CHROME_DIR;
  const result = spawnSync(path.join(ROOT, 'node_modules/.bin/wxt'), ['build'], {
    cwd: ROOT,
    env: { ...process.env, MIR_OUT_DIR: BUILD_DIR },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`wxt build failed:\n${output}`);
  }
  return CHROME_DIR;
}
