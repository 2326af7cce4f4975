import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeFirmSession } from '@/entrypoints/background/firm-session';
import { openConfigStore } from '@/utils/config-store';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import { examplePolicy } from '../example-policy';
import { ANA, CARLA } from '../ledger/helpers';

// The session with the firm's ledger, with fakes around it (WXT's fakeBrowser for storage, a
// stand-in for the server's `_session`): signing in, a wrong password, a server out of reach, a
// session that lapsed, sign-out, and who the person is for what they record.

const URL_A = 'https://ledger.harborpine.example/firm';
afterEach(() => vi.unstubAllGlobals());

function setUp(options: { url?: string; me?: Me } = {}) {
  let policy: Policy = { ...examplePolicy(), ledger: { url: options.url ?? URL_A, escalateAfterMinutes: 30, offlineAllowanceHours: 72 } };
  let me: Me = options.me ?? ANA;
  const answers: (number | Error)[] = [];
  const requests: { url: string; method: string; body: string | null }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    requests.push({ url, method: init.method ?? 'GET', body: typeof init.body === 'string' ? init.body : null });
    const answer = answers.shift() ?? 200;
    if (answer instanceof Error) throw answer;
    return new Response('{}', { status: answer });
  });
  const session = makeFirmSession({ config: openConfigStore(), currentPolicy: async () => policy, currentMe: async () => me });
  return {
    session,
    requests,
    answer: (...next: (number | Error)[]) => answers.push(...next),
    movedTo: (url: string) => (policy = { ...policy, ledger: { ...policy.ledger!, url } }),
    becomes: (who: Me) => (me = who),
  };
}

describe('the session with the firm ledger', () => {
  it("signs Ana in with her ledger password: connecting, as herself, and what she records says so", async () => {
    const { session, requests } = setUp();
    const cfg = await session.need();
    await session.signIn(cfg, 'correct horse');
    expect(requests[0]).toMatchObject({ url: 'https://ledger.harborpine.example/_session', method: 'POST' });
    expect(JSON.parse(requests[0]!.body!)).toEqual({ name: ANA.email, password: 'correct horse' });
    expect(await session.status()).toMatchObject({ state: 'connecting', user: ANA.email, url: URL_A, lastError: null });
    expect(await session.isSignedIn(cfg)).toBe(true);
    expect((await session.identify(ANA))?.identity).toBe('firm-ledger');
  });

  it('refuses a wrong password in words, keeps her signed out, and records nothing as signed in', async () => {
    const { session, answer } = setUp();
    answer(401);
    const cfg = await session.need();
    await expect(session.signIn(cfg, 'wrong')).rejects.toThrow(`The firm ledger refused the password for ${ANA.email}`);
    const status = await session.status();
    expect(status.state).toBe('signed-out');
    expect(status.lastError?.message).toContain('refused the password');
    expect(await session.isSignedIn(cfg)).toBe(false);
    expect((await session.identify(ANA))?.identity).toBe('self-declared');
  });

  it('asks for a password before asking the server', async () => {
    const { session, requests } = setUp();
    await expect(session.signIn(await session.need(), '')).rejects.toThrow(/password/i);
    expect(requests).toEqual([]);
  });

  it('says the server could not be reached, naming it, when the network fails', async () => {
    const { session, answer } = setUp();
    answer(new TypeError('Failed to fetch'));
    await expect(session.signIn(await session.need(), 'pw')).rejects.toThrow(/ledger\.harborpine\.example/);
    expect((await session.status()).lastError?.message).toMatch(/ledger\.harborpine\.example/);
  });

  it('renews a lapsed session with the password kept in memory, and asks again when the server refuses it', async () => {
    const { session, answer } = setUp();
    const cfg = await session.need();
    await session.signIn(cfg, 'pw');
    expect(await session.renew(cfg)).toBe(true);
    answer(401);
    expect(await session.renew(cfg)).toBe(false);
    const status = await session.status();
    expect(status.state).toBe('signed-out');
    expect(status.signInReason).toContain('Your session with the firm ledger has ended');
    expect(await session.isSignedIn(cfg)).toBe(false);
  });

  it('signs out here and on the server', async () => {
    const { session, requests } = setUp();
    const cfg = await session.need();
    await session.signIn(cfg, 'pw');
    await session.signOut();
    expect(requests.at(-1)).toMatchObject({ url: 'https://ledger.harborpine.example/_session', method: 'DELETE' });
    expect((await session.status()).state).toBe('signed-out');
    expect(await session.isSignedIn(cfg)).toBe(false);
  });

  it('is the session of the person who signed in only: Your email changed to Carla, she is signed out', async () => {
    const { session, becomes } = setUp();
    await session.signIn(await session.need(), 'pw');
    expect(await session.isSessionOf(ANA.email)).toBe(true);
    becomes(CARLA);
    expect(await session.isSessionOf(CARLA.email)).toBe(false);
    expect(await session.isSignedIn(await session.need())).toBe(false);
    expect(await session.status()).toMatchObject({ state: 'signed-out', user: CARLA.email });
    expect((await session.identify(CARLA))?.identity).toBe('self-declared');
  });

  it('asks Ana to sign in again, naming the new host, when the policy moves the ledger', async () => {
    const { session, movedTo } = setUp();
    await session.signIn(await session.need(), 'pw');
    movedTo('https://couch.elsewhere.example/firm');
    const status = await session.status();
    expect(status).toMatchObject({ state: 'signed-out', url: 'https://couch.elsewhere.example/firm', signedInTo: URL_A });
    expect(status.signInReason).toContain('couch.elsewhere.example');
    expect(await session.isSignedIn(await session.need())).toBe(false);
  });

  it('has nothing to sign in to without a ledger in the policy', async () => {
    const session = makeFirmSession({ config: openConfigStore(), currentPolicy: async () => examplePolicy(), currentMe: async () => ANA });
    expect((await session.status()).state).toBe('not-configured');
    await expect(session.need()).rejects.toThrow();
  });
});
