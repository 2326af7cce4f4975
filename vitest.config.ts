import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Three tiers. unit: pure logic, components in happy-dom, the ledger on fake-indexeddb, WXT's
// fakeBrowser for background services. e2e: the built extension in Debian's Chromium and Firefox ESR
// (npm run test:e2e builds first), one browser at a time. ledger: everything that needs the firm's
// server — the rules over HTTP and the two-browser suites — run by `npm run test:ledger`
// (tests/ledger/run.ts), which starts Apache CouchDB for the run.
const LEDGER_TESTS = ['tests/ledger/**/*.test.ts', 'tests/e2e/firm-ledger*.test.ts', 'tests/e2e/firefox/firm-ledger.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/unit/setup.ts'],
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
