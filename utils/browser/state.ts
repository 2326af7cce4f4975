import { browser } from 'wxt/browser';
import type { ConfigStore } from '@/utils/config-store';

// Where the background keeps what it must remember, each key typed with what it holds and named with
// its store:
// - `config`: the background's own IndexedDB (utils/config-store.ts), out of content scripts' reach;
// - `local`: storage.local, which the extension's pages read too (and, in Firefox, content scripts);
// - `session`: storage.session, in memory only, gone when the browser closes.

export type StateStore = 'config' | 'local' | 'session';

export interface StateKey<T, S extends StateStore> {
  readonly store: S;
  readonly name: string;
  /** Never set: carries the type of what the key holds. */
  readonly holds?: T;
}

export const configKey = <T>(name: string): StateKey<T, 'config'> => ({ store: 'config', name });
export const localKey = <T>(name: string): StateKey<T, 'local'> => ({ store: 'local', name });
export const sessionKey = <T>(name: string): StateKey<T, 'session'> => ({ store: 'session', name });

type AreaKey<T> = StateKey<T, 'local' | 'session'>;

export async function readState<T>(key: AreaKey<T>): Promise<T | undefined> {
  return (await browser.storage[key.store].get(key.name))[key.name] as T | undefined;
}

export async function writeState<T>(key: AreaKey<T>, value: T): Promise<void> {
  await browser.storage[key.store].set({ [key.name]: value });
}

export async function removeState(key: AreaKey<unknown>): Promise<void> {
  await browser.storage[key.store].remove(key.name);
}

export function readConfig<T>(config: ConfigStore, key: StateKey<T, 'config'>): Promise<T | undefined> {
  return config.get<T>(key.name);
}

export function writeConfig<T>(config: ConfigStore, key: StateKey<T, 'config'>, value: T): Promise<void> {
  return config.set(key.name, value);
}
