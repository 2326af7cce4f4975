import 'fake-indexeddb/auto';
import { afterEach, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { installBrowserMessages } from '@/utils/browser/i18n';
import { tableLookup } from '@/utils/i18n/tables';

// The browser's messages API, as the extension uses it, answered from the English table: the
// interface in tests is the English one (tests in other languages set their own translator).
fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) =>
  tableLookup('en')(key, typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []))) as typeof fakeBrowser.i18n.getMessage;
fakeBrowser.i18n.getUILanguage = () => 'en-US';
beforeEach(() => installBrowserMessages());

beforeEach(() => {
  fakeBrowser.reset();
});

// The background's own database (policy in force, settings) starts empty in every test, as
// storage.local does.
beforeEach(
  () =>
    new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase('make-it-right-config');
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    }),
);

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
