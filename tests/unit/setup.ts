import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

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
