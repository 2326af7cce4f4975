import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';

/**
 * Preact's renderer carries the one HTML sink in the bundle: `dangerouslySetInnerHTML` assigns
 * `innerHTML`. Nothing here uses that prop (page content is only ever text), so the assignment is
 * replaced by a throw: no code path can parse HTML, and Mozilla's linter has nothing to flag. A
 * Preact upgrade that changes the line fails the build here rather than shipping the sink unseen.
 */
function withoutHtmlSink(): Plugin {
  const sink = /(\w+)\.innerHTML=(\w+)\.__html/g;
  return {
    name: 'make-it-right:no-html-sink',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.(mjs|module\.js)$/.test(id)) return null;
      const found = code.match(sink)?.length ?? 0;
      if (found !== 1) throw new Error(`${id}: expected Preact's one innerHTML assignment, found ${found}`);
      return {
        code: code.replace(sink, '(()=>{throw new Error("dangerouslySetInnerHTML is not supported")})()'),
        map: null,
      };
    },
  };
}

/**
 * PouchDB's utilities carry a Function constructor (`scopeEval`), used only to run filter and
 * map functions given as source text, which the firm ledger never uses. It is replaced by a throw,
 * as the Preact sink above: nothing in either build can turn text into code.
 */
function withoutPouchEval(): Plugin {
  const constructor = 'return Function.apply(null, keys).apply(null, values);';
  return {
    name: 'make-it-right:no-pouch-eval',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]pouchdb-utils[\\/]lib[\\/]index(-browser)?\.es\.js$/.test(id)) return null;
      const found = code.split(constructor).length - 1;
      if (found !== 1) throw new Error(`${id}: expected PouchDB's one Function constructor, found ${found}`);
      return {
        code: code.replace(constructor, 'throw new Error("Functions given as text are not supported");'),
        map: null,
      };
    },
  };
}

/**
 * The public half of the extension's RSA key (DER SubjectPublicKeyInfo, base64). Its id:
 * boagoeikemdokejgaplhhfiljmahpfha. The private half signs a packed .crx for self-hosting; it is
 * kept by whoever releases the extension, never in this repository.
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuJHdIjY5vR9Z7h7mx23vihAR8HYMlIdEdmvq7t1P7mwOaRqd4pMmlG6gqcO8LPfTu8kTOtHHb9LJbkRp3VVWmqL2WGZpRiW1NwBISJFnggVViadxwoAbZc1tsCECdfuDWe6Nqwsw2CoZPQIV7KCZbqG7QAas6wJxZbCeZsgvdBaB2UpzaYc7EuzMP8koZElfq0/jJxOhD81w7uKT+/6qj57pC/nDGv3A95vUy3+LsGcUwPwKZlfObRBmC2SyQjV++06ig3fvXtE2E5wipUs1Pkki1mcN00roRLcon2hZ27Hwk8QfhFr6/ik8GThqlWsXWo5tQLmMSBsh/L2oHQhxrQIDAQAB';

// The manifest is the extension's contract with the browser and with reviewers: every permission
// here has its reason in tests/e2e/drills-permissions.test.ts, which fails on any addition.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Manifest V3 for both browsers: Chrome's side panel, Firefox's sidebar_action (Firefox 140+, see below).
  manifestVersion: 3,
  // Several builds can run side by side (tests, benchmark) when each names its own output folder.
  outDir: process.env.MIR_OUT_DIR ?? '.output',
  vite: () => ({
    plugins: [withoutHtmlSink(), withoutPouchEval(), preact()],
  }),
  manifest: ({ browser }) => ({
    // The name and description in the browser's language, from public/_locales.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
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
    action: { default_title: '__MSG_extName__' },
    storage: { managed_schema: 'managed-schema.json' },
    // Chrome and Edge derive the extension's id from this public key, so an unpacked build has the
    // same id wherever it is loaded from, and IT's managed settings name it (README, *Deploying with
    // managed storage*; tests/unit/structure/extension-id.test.ts). Firefox uses the gecko id below.
    ...(browser === 'firefox' ? {} : { key: EXTENSION_PUBLIC_KEY }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'make-it-right@makeitright.app',
              // 140: the first Firefox that asks for the data consent below at install (earlier
              // ones would need a consent screen of our own); 140 is also an ESR.
              strict_min_version: '140.0',
              // With the firm ledger, client names and emails, the remedies and credit notes given,
              // and the user's ledger sign-in go to the firm's own server. Nothing goes elsewhere.
              data_collection_permissions: {
                required: ['personallyIdentifyingInfo', 'financialAndPaymentInfo', 'authenticationInfo'],
              },
            },
            // Firefox for Android has no sidebar, so the product is not offered there; should it be
            // installed anyway, 142 is the first Android release with the same data consent.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
