import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Three tiers. unit (three projects, below): pure logic, components in happy-dom, the ledger on
// fake-indexeddb and WXT's fakeBrowser for background services. e2e: the built extension in
// Debian's Chromium and Firefox ESR (npm run test:e2e builds first), one browser at a time. ledger: everything that needs the firm's
// server — the rules over HTTP and the two-browser suites — run by `npm run test:ledger`
// (tests/ledger/run.ts), which starts Apache CouchDB for the run.
const LEDGER_TESTS = ['tests/ledger/**/*.test.ts', 'tests/e2e/firm-ledger*.test.ts', 'tests/e2e/firefox/firm-ledger.test.ts'];

export default defineConfig({
  test: {
    projects: [
      // The unit tier, by what a test needs around it: pure logic in Node; components and page
      // parsing in happy-dom; the stores (IndexedDB through fake-indexeddb, the extension's APIs
      // through WXT's fakeBrowser) for the ledger and the background's services. A file says which
      // by its name: x.test.ts, x.dom.test.tsx, x.store.test.ts.
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit-node',
          environment: 'node',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          exclude: ['tests/unit/**/*.{dom,store}.test.{ts,tsx}'],
          setupFiles: ['tests/unit/setup-console.ts', 'tests/unit/setup-words.ts'],
          restoreMocks: true,
        },
      },
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit-dom',
          environment: 'happy-dom',
          include: ['tests/unit/**/*.dom.test.{ts,tsx}'],
          setupFiles: ['tests/unit/setup-console.ts', 'tests/unit/setup-words.ts'],
          restoreMocks: true,
        },
      },
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit-store',
          environment: 'happy-dom',
          include: ['tests/unit/**/*.store.test.{ts,tsx}'],
          setupFiles: ['tests/unit/setup-console.ts', 'tests/unit/setup.ts'],
          restoreMocks: true,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          exclude: LEDGER_TESTS,
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
      {
        resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
        test: {
          name: 'ledger',
          environment: 'node',
          include: LEDGER_TESTS,
          setupFiles: ['tests/ledger/setup.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
