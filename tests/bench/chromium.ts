import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { ROOT } from './build';
import { CHROMIUM_PATH } from './machine';

// Debian's Chromium, headless, for figures that only a real browser can give.

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}

/** Bundles one of tests/bench/browser/*.ts into a script that exposes its exports as `window[name]`. */
export async function bundleForPage(entry: string, name: string): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias: { '@': ROOT } },
    build: {
      write: false,
      minify: true,
      lib: { entry: path.join(ROOT, 'tests/bench/browser', entry), formats: ['iife'], name },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (!chunk) throw new Error(`bundling ${entry} produced no script`);
  return chunk.code;
}

/**
 * Functions sent to a page or worker with evaluate() are compiled by tsx, which keeps inner
 * function names through a `__name` helper that exists only in Node; this defines it there.
 */
export async function allowNamedFunctions(target: { evaluate(script: string): Promise<unknown> }): Promise<void> {
  await target.evaluate('globalThis.__name ??= (fn) => fn; undefined');
}
