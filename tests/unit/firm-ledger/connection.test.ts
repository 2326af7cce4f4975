import { describe, expect, it } from 'vitest';
import { isSessionLapse, ledgerOriginPattern, nextBackOff, sessionUrl, signInRefusal, signedOutAt, statusText, NO_LEDGER } from '@/utils/firm-ledger/connection';

// The connection's pure rules: where the session lives, the back-off, what an answer means, the words.

describe('the firm ledger connection', () => {
  it("finds CouchDB's _session beside the database, behind a proxy path too", () => {
    expect(sessionUrl('https://ledger.firm.example/make-it-right')).toBe('https://ledger.firm.example/_session');
    expect(sessionUrl('https://firm.example/couch/make-it-right/')).toBe('https://firm.example/couch/_session');
    expect(ledgerOriginPattern('http://127.0.0.1:5984/firm')).toBe('http://127.0.0.1/*');
  });

  it('waits longer after each failure, up to a minute', () => {
    const waits: number[] = [];
    for (let w = 0, i = 0; i < 9; i++) waits.push((w = nextBackOff(w)));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('says what a refused sign-in means, and tells a lapsed session from a network failure', () => {
    expect(signInRefusal(200, 'ana@firm.example', 'https://l/firm')).toBeNull();
    expect(signInRefusal(401, 'ana@firm.example', 'https://l/firm')).toBe('The firm ledger refused the password for ana@firm.example. Check it, or ask IT to set one.');
    expect(signInRefusal(500, 'ana@firm.example', 'https://l/firm')).toContain('HTTP 500');
    expect(isSessionLapse({ status: 401, name: 'unauthorized' })).toBe(true);
    expect(isSessionLapse(new TypeError('Failed to fetch'))).toBe(false);
  });

  it('reads Connected, offline since when, or why to sign in again', () => {
    const at = (ms: number) => `@${ms}`;
    expect(statusText({ ...NO_LEDGER, state: 'connected' }, at)).toBe('Connected');
    // A new browser's first sync says how far it is, not just "Connecting…", for the minutes a big ledger takes.
    expect(statusText({ ...NO_LEDGER, state: 'connecting' }, at)).toBe('Connecting…');
    expect(statusText({ ...NO_LEDGER, state: 'connecting', firstSync: 40_000 }, at)).toBe(
      'Getting the firm ledger: 40,000 records so far. The client on screen comes first; the rest fills in as it arrives.',
    );
    expect(statusText({ ...NO_LEDGER, state: 'connected', firstSync: null }, at)).toBe('Connected');
    expect(statusText({ ...NO_LEDGER, state: 'offline', since: 5 }, at)).toMatch(/^Offline since @5: your work is kept here/);
    expect(statusText({ ...NO_LEDGER, state: 'signed-out', signInReason: 'Your session ended' }, at)).toBe('Your session ended');
  });

  it('when the ledger moves, asks the person to sign in again, naming the new host', () => {
    const ana = 'ana.ruiz@harborpine.example';
    const before = `${ana} https://ledger.harborpine.example/make-it-right`;
    const moved = signedOutAt('https://couch.elsewhere.example:6984/firm', ana, before);
    expect(moved).toMatchObject({ state: 'signed-out', url: 'https://couch.elsewhere.example:6984/firm', user: ana });
    expect(moved.signedInTo).toBe('https://ledger.harborpine.example/make-it-right');
    expect(statusText(moved, String)).toBe(
      "The firm ledger's address changed to couch.elsewhere.example:6984: enter your ledger password and Sign in to it. Nothing goes to couch.elsewhere.example:6984 until you do.",
    );
    // Never signed in, signed in as someone else, or to this very address: plain signed out.
    for (const signedIn of [null, `carla.mendes@harborpine.example https://ledger.harborpine.example/make-it-right`, `${ana} https://couch.elsewhere.example:6984/firm`]) {
      const status = signedOutAt('https://couch.elsewhere.example:6984/firm', ana, signedIn);
      expect(status.signedInTo ?? null).toBeNull();
      expect(statusText(status, String)).toBe('Not signed in: enter your ledger password and Sign in.');
    }
  });
});
