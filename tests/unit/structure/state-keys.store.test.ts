import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { configKey, localKey, readConfig, readState, removeState, sessionKey, writeConfig, writeState } from '@/utils/browser/state';
import { openConfigStore } from '@/utils/config-store';

// A key names its store: what is written under a session key is gone with the browser (never in
// storage.local), and what the background keeps from content scripts is in its own database only.

describe('state keys and their stores', () => {
  it('keep each value in the store its key names, and nowhere else', async () => {
    const password = sessionKey<string>('examplePassword');
    const status = localKey<{ state: string }>('exampleStatus');
    await writeState(password, 'secret');
    await writeState(status, { state: 'connected' });
    expect(await readState(password)).toBe('secret');
    expect(await readState(status)).toEqual({ state: 'connected' });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ exampleStatus: { state: 'connected' } });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({ examplePassword: 'secret' });

    const config = openConfigStore();
    const signedIn = configKey<string | null>('exampleSignedIn');
    await writeConfig(config, signedIn, 'ana@firm.example https://ledger.example/firm');
    expect(await readConfig(config, signedIn)).toBe('ana@firm.example https://ledger.example/firm');
    expect(await fakeBrowser.storage.local.get('exampleSignedIn')).toEqual({});

    await removeState(password);
    expect(await readState(password)).toBeUndefined();
  });
});
