import { describe, expect, it } from 'vitest';
import { isSessionLapse, ledgerOriginPattern, nextBackOff, sessionUrl, signInRefusal, statusText, NO_LEDGER } from '@/utils/firm-ledger/connection';

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
    expect(statusText({ ...NO_LEDGER, state: 'offline', since: 5 }, at)).toMatch(/^Offline since @5: your work is kept here/);
    expect(statusText({ ...NO_LEDGER, state: 'signed-out', signInReason: 'Your session ended' }, at)).toBe('Your session ended');
  });
});
