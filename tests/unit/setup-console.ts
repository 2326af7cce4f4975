import { afterEach, beforeEach } from 'vitest';

// A passing run prints no warnings or errors: code that warns or logs an error during a test (a
// browser API the test does not provide, a failure it did not expect) fails that test, with what was
// logged, instead of leaving a stack trace in the output of a run that passes.
const consoleAsIs = { warn: console.warn, error: console.error };
let logged: string[] = [];
beforeEach(() => {
  logged = [];
  const keep = (kind: string) => (...args: unknown[]) => {
    logged.push(`console.${kind}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
  };
  console.warn = keep('warn');
  console.error = keep('error');
});
afterEach(() => {
  console.warn = consoleAsIs.warn;
  console.error = consoleAsIs.error;
  if (logged.length > 0) throw new Error(`The test logged what a passing run must not print:\n${logged.join('\n')}`);
});
