// The demo's screenshots, each with the caption that says what it shows: printed as it is taken,
// and gathered in demo-output/index.html beside the pictures.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

export interface Shots {
  /** Takes a screenshot of `target` into `file` and records its caption. */
  take(target: Page | Locator, file: string, caption: string, fullPage?: boolean): Promise<void>;
  /** Writes index.html: every screenshot taken, in order, under its caption. */
  writeIndex(): string;
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function demoShots(out: string): Shots {
  const taken: { file: string; caption: string }[] = [];
  return {
    async take(target, file, caption, fullPage = false) {
      const where = path.join(out, file);
      if ('goto' in target) await target.screenshot({ path: where, fullPage });
      else await target.screenshot({ path: where });
      taken.push({ file, caption });
      console.log(`  ${file}: ${caption}`);
    },
    writeIndex() {
      const figures = taken
        .map(({ file, caption }, i) => `<figure><img src="${escape(file)}" alt="${escape(caption)}"><figcaption>${i + 1}. ${escape(caption)}</figcaption></figure>`)
        .join('\n');
      const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Make It Right: the demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}figure{margin:0 0 2.5rem}img{max-width:100%;border:1px solid #ccc}figcaption{margin-top:.4rem}</style>
</head><body><h1>Make It Right: the demo</h1>
${figures}
</body></html>
`;
      const file = path.join(out, 'index.html');
      writeFileSync(file, html);
      return file;
    },
  };
}
