import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The manifest is the extension's contract with the browser and with reviewers: every permission
// here has its reason in tests/e2e/drills-permissions.test.ts, which fails on any addition.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Manifest V3 for both browsers: Chrome's side panel, Firefox's sidebar_action (Firefox 128+).
  manifestVersion: 3,
  // Several builds can run side by side (tests, benchmark) when each names its own output folder.
  outDir: process.env.MIR_OUT_DIR ?? '.output',
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: 'Make It Right',
    description:
      'Repair a client mistake during the first call, inside the authority your firm decided in advance.',
    permissions: [
      'storage',
      'alarms',
      'notifications',
      'unlimitedStorage',
      'scripting',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // Asked one site at a time: the policy server on Sync now (http only on this machine, for an
    // admin testing a policy) and the firm's own pages for its detectors.
    optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
    action: { default_title: 'Make It Right' },
    storage: { managed_schema: 'managed-schema.json' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'make-it-right@makeitright.app', strict_min_version: '128.0' },
          },
        }
      : {}),
  }),
});
