import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
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
