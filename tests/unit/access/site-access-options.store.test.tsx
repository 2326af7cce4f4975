import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { emptyPolicyState } from '@/utils/policy/sync';
import { parsePolicyText } from '@/utils/policy/parse';
import type { PolicyState } from '@/utils/policy/types';
import { example } from '../policy/helpers';

// The options page asks for site access only when the user clicks, and says what was granted.

const send = vi.hoisted(() => vi.fn());
vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: send }));

const { OptionsPage } = await import('@/components/options/OptionsPage');

const json = example();
json.detectors.push({
  id: 'intranet',
  label: 'Old intranet',
  matches: ['http://intranet.harborpine.example/*'],
  email: { selector: '.email' },
});
const parsed = parsePolicyText(JSON.stringify(json));
if (!parsed.ok) throw new Error('policy must parse');
const withPolicy: PolicyState = { ...emptyPolicyState(), policy: parsed.policy, source: 'file' };

let root: HTMLElement;
let granted: Set<string>;
let userAccepts: boolean;
let request: ReturnType<typeof vi.fn>;

async function settle() {
  for (let i = 0; i < 5; i++) await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
  );
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

const accessOf = (id: string) => root.querySelector(`[data-testid="access-${id}"]`)?.textContent;

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  granted = new Set();
  userAccepts = true;
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async (p) =>
    (p.origins ?? []).every((o) => granted.has(o)),
  );
  request = vi.fn((p: { origins?: string[] }) => {
    if (userAccepts) for (const o of p.origins ?? []) granted.add(o);
    return Promise.resolve(userAccepts);
  });
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(request as never);
});

afterEach(() => {
  render(null, root);
  root.remove();
});

function answer(state: () => PolicyState, extra: Record<string, (data: unknown) => unknown> = {}) {
  send.mockImplementation(async (name: string, data: unknown) => {
    if (name === 'getPolicyState') return state();
    if (name === 'getSettings') return { selfEmail: '', me: null };
    const handler = extra[name];
    if (!handler) throw new Error(`unexpected ${name}`);
    return handler(data);
  });
}

let askedDuringClick = false;

async function syncWith(url: string) {
  const input = root.querySelector<HTMLInputElement>('#policy-url')!;
  await act(() => {
    input.value = url;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const asked = request.mock.calls.length;
  await act(() => {
    button('Sync now').click();
    // Any request for access happens within the click, before the page waits for anything.
    askedDuringClick = request.mock.calls.length > asked;
  });
  await settle();
}


describe("the firm's pages on the options page", () => {
  it('lists each detector with its pages and allows its site on click', async () => {
    answer(() => withPolicy);
    render(<OptionsPage />, root);
    await settle();
    expect(root.textContent).toContain('Firm client portal');
    expect(root.textContent).toContain('https://portal.harborpine.example/clients/*');
    expect(accessOf('client-portal')).toBe('not allowed');
    expect(request).not.toHaveBeenCalled();

    // Browsers show the prompt only during the click itself: the request must not wait for anything.
    await act(() => {
      button('Allow Firm client portal').click();
      expect(request).toHaveBeenCalledWith({ origins: ['https://portal.harborpine.example/*'] });
    });
    await settle();
    expect(accessOf('client-portal')).toBe('allowed');
    expect(() => button('Allow Firm client portal')).toThrow();
  });

  it('stays "not allowed" when the user refuses, and offers no button for a page it may not ask for', async () => {
    userAccepts = false;
    answer(() => withPolicy);
    render(<OptionsPage />, root);
    await settle();
    await act(() => button('Allow Firm client portal').click());
    await settle();
    expect(accessOf('client-portal')).toBe('not allowed');
    expect(accessOf('intranet')).toBe('cannot be allowed');
    expect(() => button('Allow Old intranet')).toThrow();
  });
});

describe('Sync now and the policy server', () => {
  it("asks for the https policy server's site, then syncs", async () => {
    let state = emptyPolicyState();
    answer(() => state, { setPolicyUrl: (d) => (state = { ...withPolicy, policyUrl: (d as { url: string }).url }) });
    render(<OptionsPage />, root);
    await settle();
    await syncWith('https://intranet.harborpine.example/mir/policy.json');
    expect(askedDuringClick).toBe(true);
    expect(request).toHaveBeenCalledWith({ origins: ['https://intranet.harborpine.example/*'] });
    expect(send).toHaveBeenCalledWith('setPolicyUrl', { url: 'https://intranet.harborpine.example/mir/policy.json' });
    expect(root.querySelector('[data-testid="policy-access"]')).toBeNull();
  });

  it('still syncs when the user refuses, and says what that means', async () => {
    userAccepts = false;
    answer(() => withPolicy, { syncPolicy: () => withPolicy });
    render(<OptionsPage />, root);
    await settle();
    await syncWith('');
    expect(request).not.toHaveBeenCalled();
    await syncWith('https://intranet.harborpine.example/mir/policy.json');
    expect(send).toHaveBeenCalledWith('setPolicyUrl', expect.anything());
    expect(root.querySelector('[data-testid="policy-access"]')?.textContent).toContain(
      'Access to intranet.harborpine.example was not allowed',
    );
  });

  it('asks for a plain static server on this machine the same way, on any port', async () => {
    answer(() => emptyPolicyState(), { setPolicyUrl: () => withPolicy });
    render(<OptionsPage />, root);
    await settle();
    await syncWith('http://127.0.0.1:8080/policy.json');
    expect(askedDuringClick).toBe(true);
    expect(request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });
    expect(send).toHaveBeenCalledWith('setPolicyUrl', { url: 'http://127.0.0.1:8080/policy.json' });
  });

  it('asks nothing for a URL that may not serve a policy, and lets the background say why', async () => {
    answer(() => emptyPolicyState(), { setPolicyUrl: () => withPolicy });
    render(<OptionsPage />, root);
    await settle();
    await syncWith('http://intranet.harborpine.example/policy.json');
    expect(request).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledWith('setPolicyUrl', { url: 'http://intranet.harborpine.example/policy.json' });
  });
});
