import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { NO_LEDGER } from '@/utils/firm-ledger/connection';
import { examplePolicy } from '../example-policy';

const send = vi.hoisted(() => vi.fn());
vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: send }));

const { LedgerSection } = await import('@/components/options/LedgerSection');

// Options → Firm ledger when IT names the ledger in managed storage: the URL shown as set by the
// organisation, or, when the extension may not use it, why not.

const IT_URL = 'https://ledger.it.example/make-it-right';
let root: HTMLElement;

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  // The page holds a port open to keep the background awake; nothing answers it here.
  vi.spyOn(fakeBrowser.runtime, 'connect').mockReturnValue({
    onDisconnect: { addListener: () => undefined },
    postMessage: () => undefined,
    disconnect: () => undefined,
  } as never);
  send.mockImplementation(async (name: string) => {
    if (name === 'getLedgerStatus') return { ...NO_LEDGER, state: 'signed-out', url: IT_URL, user: 'ana.ruiz@harborpine.example' };
    throw new Error(`unexpected ${name}`);
  });
});

afterEach(() => {
  render(null, root);
  root.remove();
});

async function show(ui: preact.ComponentChild) {
  await act(() => render(ui, root));
  for (let i = 0; i < 3; i++) await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

describe('Options, Firm ledger, with a URL IT set', () => {
  it('shows the URL as set by your organisation, with Sign in', async () => {
    const policy = { ...examplePolicy(), ledger: { url: IT_URL, escalateAfterMinutes: 30, offlineAllowanceHours: 72 } };
    await show(<LedgerSection policy={policy} managed={{ url: IT_URL, problem: null }} />);
    expect(root.querySelector('[data-testid="ledger-url"]')?.textContent).toBe(`${IT_URL} · set by your organisation`);
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toContain('Sign in');
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('the policy\'s own URL is not said to be set by your organisation', async () => {
    const policy = { ...examplePolicy(), ledger: { url: IT_URL, escalateAfterMinutes: 30, offlineAllowanceHours: 72 } };
    await show(<LedgerSection policy={policy} managed={null} />);
    expect(root.querySelector('[data-testid="ledger-url"]')?.textContent).toBe(IT_URL);
  });

  it('a URL the extension may not use is named with the reason, beside the policy\'s ledger or alone', async () => {
    const bad = { url: 'http://ledger.it.example/firm', problem: 'The ledger URL must start with https:// (http:// only for localhost or 127.0.0.1)' };
    await show(<LedgerSection policy={examplePolicy()} managed={bad} />);
    expect(root.querySelector('h2')?.textContent).toBe('Firm ledger');
    expect(root.textContent).toContain(
      'The ledger URL set by your organisation, http://ledger.it.example/firm, is not used: The ledger URL must start with https://',
    );
    const policy = { ...examplePolicy(), ledger: { url: 'https://ledger.policy.example/firm', escalateAfterMinutes: 30, offlineAllowanceHours: 72 } };
    await show(<LedgerSection policy={policy} managed={bad} />);
    expect(root.querySelector('[data-testid="ledger-url"]')?.textContent).toBe('https://ledger.policy.example/firm');
    expect(root.textContent).toContain('is not used');
  });

  it('nothing at all without a ledger or a URL from IT', async () => {
    await show(<LedgerSection policy={examplePolicy()} managed={null} />);
    expect(root.innerHTML).toBe('');
  });

  it('a ledger an unsigned policy names is not used, and the page says why', async () => {
    await show(<LedgerSection policy={examplePolicy()} managed={null} unsigned="https://ledger.elsewhere.example/firm" />);
    expect(root.querySelector('h2')?.textContent).toBe('Firm ledger');
    expect(root.querySelector('[data-testid="ledger-unsigned"]')?.textContent).toBe(
      'This policy names a ledger at https://ledger.elsewhere.example/firm, but it is not signed: your organisation must set the ledger address or sign the policy. Nothing is sent to it.',
    );
    // No sign-in is offered for it: the password never goes there.
    expect(root.querySelector('input[type="password"]')).toBeNull();
    expect(root.querySelector('[data-testid="ledger-url"]')).toBeNull();
  });

  it('Sign in names the new host when the ledger is not the one the person signed in to', async () => {
    send.mockImplementation(async (name: string) => {
      if (name === 'getLedgerStatus') {
        return { ...NO_LEDGER, state: 'signed-out', url: IT_URL, user: 'ana.ruiz@harborpine.example', signedInTo: 'https://ledger.old.example/firm' };
      }
      throw new Error(`unexpected ${name}`);
    });
    const policy = { ...examplePolicy(), ledger: { url: IT_URL, escalateAfterMinutes: 30, offlineAllowanceHours: 72 } };
    await show(<LedgerSection policy={policy} managed={{ url: IT_URL, problem: null }} />);
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toContain('Sign in to ledger.it.example');
  });
});

describe('Options, Firm ledger: its times on the page\'s one clock', () => {
  it('"Last caught up" and "Offline since" are in the firm\'s time zone, named, as "Last successful sync" is', async () => {
    const policy = { ...examplePolicy(), ledger: { url: IT_URL, escalateAfterMinutes: 30, offlineAllowanceHours: 72 } };
    expect(policy.firm.timeZone).toBe('America/New_York');
    // 00:51 UTC on 7 December is 7:51 PM on 6 December in New York.
    const at = Date.UTC(2026, 11, 7, 0, 51);
    send.mockImplementation(async (name: string) => {
      if (name === 'getLedgerStatus') return { ...NO_LEDGER, state: 'offline', url: IT_URL, user: 'ana.ruiz@harborpine.example', since: at, lastSyncedAt: at };
      throw new Error(`unexpected ${name}`);
    });
    await show(<LedgerSection policy={policy} managed={null} />);
    const rows = Object.fromEntries([...root.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));
    expect(rows['Last caught up']).toBe('Dec 6, 2026, 7:51 PM, New York time');
    expect(rows['Status']).toContain('Dec 6, 2026, 7:51 PM, New York time');
  });
});

describe('Options, Firm ledger, away', () => {
  const policy = { ...examplePolicy(), ledger: { url: IT_URL, escalateAfterMinutes: 30, offlineAllowanceHours: 72 } };
  const signedInAs = (email: string, role: string, away: unknown[] = []) => {
    const calls: unknown[] = [];
    send.mockImplementation(async (name: string, data: unknown) => {
      if (name === 'getLedgerStatus') return { ...NO_LEDGER, state: 'connected', url: IT_URL, user: email };
      if (name === 'getSettings') return { me: { email, name: email, role, identity: 'firm-ledger' } };
      if (name === 'listAway') return away;
      if (name === 'setAway') {
        calls.push(data);
        const until = (data as { until: number }).until;
        away = [{ _id: `away/${email}:1-a`, type: 'approver-away', v: 2, author: email, at: Date.now(), until }];
        return away;
      }
      throw new Error(`unexpected ${name}`);
    });
    return calls;
  };

  it('an approver marks themselves away from the options page, through the same setAway as the panel', async () => {
    const calls = signedInAs('carla.meyer@harborpine.example', 'manager');
    await show(<LedgerSection policy={policy} managed={null} />);
    const heading = [...root.querySelectorAll('h2')].find((h) => h.textContent === 'Away');
    expect(heading).toBeDefined();
    const field = root.querySelector<HTMLInputElement>('input[type="datetime-local"]')!;
    const until = Date.now() + 2 * 3_600_000;
    const local = new Date(until - new Date(until).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await act(() => {
      field.value = local;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => field.form!.requestSubmit());
    for (let i = 0; i < 3; i++) await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
    expect(calls).toEqual([{ until: new Date(local).getTime() }]);
    expect(root.textContent).toContain('You are away until');
    expect(root.textContent).toContain('Requests for your approval go to the next approver up.');
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toContain('I am back');
  });

  it('someone who approves for no one is not offered Away', async () => {
    signedInAs('ana.ruiz@harborpine.example', 'front-desk');
    await show(<LedgerSection policy={policy} managed={null} />);
    expect([...root.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(['Firm ledger']);
  });
});
