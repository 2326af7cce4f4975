import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import preact from '@preact/preset-vite';
import { build, type Plugin } from 'vite';
import { LOCALES } from '../utils/i18n/tables';
import type { PageFile } from '../utils/firm-ledger/phone';
import { ROOT } from './ledger-server';

// The phone page for approvers (phone/, components/phone/), built by Vite into .output/phone: one
// script, one style sheet, the page, and per language a table of only the messages the script uses.
// `ledger:setup` puts these files into the firm's database (utils/firm-ledger/phone.ts).

export const PHONE_OUT = path.join(ROOT, '.output', 'phone');

/** Message keys the bundle names as string literals (with the plural forms of any it names). */
function usedKeys(code: string, keys: readonly string[]): string[] {
  const literals = new Set([...code.matchAll(/["'`]([A-Za-z][A-Za-z0-9_]*)["'`]/g)].map((m) => m[1]!));
  return keys.filter((key) => literals.has(key) || literals.has(key.replace(/_(zero|one|two|few|many|other)$/, '')));
}

/** Emits messages-<lang>.json beside the script, with only the keys it uses. */
function phoneMessages(): Plugin {
  return {
    name: 'phone-messages',
    generateBundle(_options, bundle) {
      const code = Object.values(bundle)
        .map((file) => (file.type === 'chunk' ? file.code : ''))
        .join('\n');
      const keys = usedKeys(code, Object.keys(LOCALES.en!));
      for (const [language, table] of Object.entries(LOCALES)) {
        const subset = Object.fromEntries(keys.filter((k) => table[k] ?? LOCALES.en![k]).map((k) => [k, { message: (table[k] ?? LOCALES.en![k])!.message }]));
        this.emitFile({ type: 'asset', fileName: `messages-${language}.json`, source: JSON.stringify(subset) });
      }
    },
  };
}

export async function buildPhonePage(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: path.join(ROOT, 'phone'),
    base: './',
    resolve: { alias: { '@': ROOT } },
    plugins: [preact(), phoneMessages()],
    build: {
      outDir: PHONE_OUT,
      emptyOutDir: true,
      target: 'es2020',
      modulePreload: false,
      assetsDir: '.',
      rollupOptions: { output: { entryFileNames: 'app.js', assetFileNames: 'app[extname]' } },
    },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/** The built page's files (building it first when it is not there), and their digest. */
export async function phonePageFiles(): Promise<{ files: PageFile[]; digest: string }> {
  let names = await readdir(PHONE_OUT).catch(() => [] as string[]);
  if (!names.includes('index.html')) {
    await buildPhonePage();
    names = await readdir(PHONE_OUT);
  }
  const hash = createHash('sha256');
  const files: PageFile[] = [];
  for (const name of names.sort()) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const bytes = await readFile(path.join(PHONE_OUT, name));
    hash.update(name).update(bytes);
    files.push({ name, contentType: type, data: bytes.toString('base64') });
  }
  return { files, digest: hash.digest('hex') };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildPhonePage();
  console.log(`Phone page built in ${path.relative(ROOT, PHONE_OUT)}`);
}
