import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { transformWithEsbuild } from 'vite';
import { atMost, measured, type Figure } from './figures';
import type { Group } from './group';
import { ROOT } from './build';

// Bytes users download and Chrome parses: each built content script, the background service worker,
// and every JS file the side panel page loads. Side by side, what a Gmail extension ships when it
// builds on @inboxsdk/core or on gmail-js + jQuery (devDependencies, for this comparison only).
// gzip is level 9; 1 KB = 1,024 bytes. Sizes are exact, so each is one run.

const GROUP = '1. Weight (gzip; raw in the note)';
const packageDir = (name: string) => path.join(ROOT, 'node_modules', name);

const kb = (bytes: number) => bytes / 1024;
const gzipBytes = (code: string | Buffer) => gzipSync(code, { level: 9 }).length;

interface Payload {
  raw: number;
  gzip: number;
  files: number;
}

function weigh(files: string[]): Payload {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipBytes(bytes);
  }
  return { raw, gzip, files: files.length };
}

/** Every content script's budget: what a Gmail or Outlook page pays on each load, gzip. */
export const CONTENT_SCRIPT_BUDGET_KB = 10;

/**
 * Each content script, by its path in the build, with its bytes raw and gzip (level 9): those the
 * manifest declares and those registered at run time (the firm's detectors), all in content-scripts/.
 */
export function contentScriptWeights(extensionDir: string): { file: string; raw: number; gzip: number }[] {
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[] }[];
  };
  const registered = readdirSync(path.join(extensionDir, 'content-scripts'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `content-scripts/${f}`);
  const files = [...new Set([...(manifest.content_scripts ?? []).flatMap((cs) => cs.js ?? []), ...registered])].sort();
  return files.map((file) => ({ file, ...weigh([path.join(extensionDir, file)]) }));
}

/** `entries` and every script they import statically, transitively. */
function withImports(extensionDir: string, entries: string[]): string[] {
  const seen = new Set<string>();
  const queue: string[] = [];
  const add = (ref: string, from: string) => {
    if (/^[a-z-]+:/i.test(ref)) return;
    const file = ref.startsWith('/') ? path.join(extensionDir, ref) : path.resolve(path.dirname(from), ref);
    if (!file.endsWith('.js') || seen.has(file)) return;
    seen.add(file);
    queue.push(file);
  };
  for (const entry of entries) add(entry, path.join(extensionDir, 'index.html'));
  while (queue.length) {
    const file = queue.shift()!;
    // Static imports only: `import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`.
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g)) add(m[1]!, file);
  }
  return [...seen];
}

/** The background service worker and all it imports (the firm ledger's PouchDB among them), gzip; null without one. */
export function backgroundWeight(extensionDir: string): { kb: number; note: string } | null {
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as { background?: { service_worker?: string } };
  const worker = manifest.background?.service_worker;
  if (!worker) return null;
  const w = weigh(withImports(extensionDir, [`/${worker}`]));
  return { kb: kb(w.gzip), note: `raw ${kb(w.raw).toFixed(1)} KB, ${w.files} file${w.files === 1 ? '' : 's'}` };
}

/** What an extension page loads: its scripts and module preloads, and what they import. */
function pageScripts(extensionDir: string, htmlFile: string): string[] {
  const html = readFileSync(path.join(extensionDir, htmlFile), 'utf8');
  const refs = [
    ...[...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
  ];
  // Page-relative references resolve from the page's own folder.
  return withImports(extensionDir, refs.map((ref) => (ref.startsWith('/') ? ref : `/${path.posix.join(path.posix.dirname(htmlFile), ref)}`)));
}

async function minifiedGzip(files: string[]): Promise<number> {
  let total = 0;
  for (const file of files) {
    const { code } = await transformWithEsbuild(readFileSync(file, 'utf8'), file, { minify: true, loader: 'js' });
    total += gzipBytes(code);
  }
  return total;
}

function packageVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** Compared as a bundler would ship them (minified), which favours the libraries. */
async function comparison(label: string, files: string[]): Promise<Figure> {
  const published = weigh(files);
  const minified = await minifiedGzip(files);
  return measured(GROUP, label, kb(minified), 'KB', {
    runs: 1,
    note: `minified; as published: raw ${kb(published.raw).toFixed(0)} KB, gzip ${kb(published.gzip).toFixed(0)} KB`,
  });
}

export const weight: Group = {
  id: 'weight',
  title: GROUP,
  needsBuild: true,
  async run({ extensionDir }) {
    const figures: Figure[] = [];
    for (const w of contentScriptWeights(extensionDir)) {
      figures.push(
        measured(GROUP, `content script ${path.basename(w.file)}`, kb(w.gzip), 'KB', {
          runs: 1,
          target: atMost(CONTENT_SCRIPT_BUDGET_KB),
          note: `raw ${kb(w.raw).toFixed(1)} KB`,
        }),
      );
    }
    const worker = backgroundWeight(extensionDir);
    if (worker) figures.push(measured(GROUP, 'background service worker', worker.kb, 'KB', { runs: 1, note: worker.note }));
    const panel = weigh(pageScripts(extensionDir, 'sidepanel.html'));
    figures.push(
      measured(GROUP, 'side panel JS (all it loads)', kb(panel.gzip), 'KB', {
        runs: 1,
        target: atMost(45),
        note: `raw ${kb(panel.raw).toFixed(1)} KB, ${panel.files} file${panel.files === 1 ? '' : 's'}`,
      }),
    );

    const sdkDir = packageDir('@inboxsdk/core');
    figures.push(
      await comparison(`@inboxsdk/core ${packageVersion('@inboxsdk/core')}: inboxsdk.js + pageWorld.js`, [
        path.join(sdkDir, 'inboxsdk.js'),
        path.join(sdkDir, 'pageWorld.js'),
      ]),
    );
    figures.push(
      await comparison(`gmail-js ${packageVersion('gmail-js')} + jquery ${packageVersion('jquery')} `, [
        path.join(packageDir('gmail-js'), 'src/gmail.js'),
        path.join(packageDir('jquery'), 'dist/jquery.min.js'),
      ]),
    );
    return figures;
  },
};
