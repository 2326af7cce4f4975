import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildDir } from '../common';

// Mozilla's own linter, as addons.mozilla.org runs it on a submission, over the Firefox build:
// nothing may be flagged, not even a warning.

interface Finding {
  code: string;
  message: string;
  file?: string;
  line?: number;
}
interface LinterResult {
  summary: { errors: number; warnings: number; notices: number };
  errors: Finding[];
  warnings: Finding[];
  notices: Finding[];
}
interface Linter {
  createInstance(o: { config: Record<string, unknown>; runAsBinary: boolean }): { run(): Promise<LinterResult> };
}

const linter = createRequire(import.meta.url)('addons-linter') as Linter;

describe("Mozilla's addons-linter", () => {
  it('finds no error, warning or notice in the Firefox build', async () => {
    const result = await linter
      .createInstance({
        config: {
          _: [buildDir('firefox-mv3')],
          logLevel: 'fatal',
          stack: false,
          pretty: false,
          warningsAsErrors: false,
          metadata: false,
          output: 'none',
          boring: true,
          selfHosted: false,
        },
        runAsBinary: false,
      })
      .run();
    const findings = [...result.errors, ...result.warnings, ...result.notices].map(
      (f) => `${f.code} ${f.file ?? ''}${f.line ? `:${f.line}` : ''}: ${f.message}`,
    );
    console.log(
      `addons-linter: ${result.summary.errors} errors, ${result.summary.warnings} warnings, ${result.summary.notices} notices`,
    );
    expect(findings).toEqual([]);
  }, 120_000);
});
