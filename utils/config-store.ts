import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

// What decides authority (the policy in force, who the user is) lives in the background's own
// IndexedDB. Content scripts may read and write the extension's storage.local in Firefox (Chromium
// can be told not to let them), but they run with the web page's origin, so this database is out of
// their reach; they get what they need through messages.

export const CONFIG_DB_NAME = 'make-it-right-config';

interface ConfigSchema extends DBSchema {
  values: { key: string; value: unknown };
}

export interface ConfigStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export function openConfigStore(name = CONFIG_DB_NAME): ConfigStore {
  let db: Promise<IDBPDatabase<ConfigSchema>> | null = null;
  const open = () => {
    db ??= openDB<ConfigSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('values');
      },
      // Another connection wants to upgrade or delete the database: let it, and reopen when next asked.
      blocking(_current, _next, event) {
        (event.target as IDBDatabase).close();
        db = null;
      },
    }).catch((error: unknown) => {
      db = null;
      throw error;
    });
    return db;
  };
  return {
    async get<T>(key: string) {
      return (await (await open()).get('values', key)) as T | undefined;
    },
    async set(key: string, value: unknown) {
      await (await open()).put('values', value, key);
    },
  };
}
