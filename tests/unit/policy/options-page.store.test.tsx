import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyPolicyState } from '@/utils/policy/sync';
import { parsePolicyText } from '@/utils/policy/parse';
import type { PolicyState } from '@/utils/policy/types';
import { exampleText } from './helpers';

const send = vi.hoisted(() => vi.fn());
vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: send }));

// The export reads the ledger itself; these tests hold it part-way to see the progress shown.
const exportFile = vi.hoisted(() => vi.fn());
vi.mock('@/utils/ledger/transfer', () => ({ exportFile }));

const { OptionsPage } = await import('@/components/options/OptionsPage');

const parsed = parsePolicyText(exampleText);
if (!parsed.ok) throw new Error('example policy must parse');
const goodState: PolicyState = {
  ...emptyPolicyState(),
  policy: parsed.policy,
  source: 'url',
  policyUrl: 'https://policy.firm.example/policy.json',
  lastSuccessAt: Date.UTC(2026, 10, 1),
};

let root: HTMLElement;

/** Lets the mocked messages answer and the page render what they said. */
async function settle() {
  for (let i = 0; i < 5; i++) await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

function byLabel(text: string): HTMLInputElement {
  const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
  const id = label?.getAttribute('for');
  const input = id ? root.querySelector<HTMLInputElement>(`#${id}`) : label?.querySelector('input');
  if (!input) throw new Error(`no input labelled ${text}`);
  return input;
}

function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

async function type(input: HTMLInputElement, value: string) {
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
});

function answer(handlers: Record<string, (data: unknown) => unknown>) {
  send.mockImplementation(async (name: string, data: unknown) => {
    const handler = handlers[name];
    if (!handler) throw new Error(`unexpected ${name}`);
    return handler(data);
  });
}

describe('options page', () => {
  it('saves a typed URL and shows the firm, version and limits', async () => {
    let state: PolicyState = emptyPolicyState();
    answer({
      getPolicyState: () => state,
      getSettings: () => ({ selfEmail: '', me: null }),
      setPolicyUrl: (data) => (state = { ...goodState, policyUrl: (data as { url: string }).url }),
    });
    render(<OptionsPage />, root);
    await settle();
    expect(root.textContent).toContain('No policy yet');

    await type(byLabel('Policy URL'), 'https://policy.firm.example/policy.json');
    await act(() => button('Sync now').click());
    await settle();

    expect(send).toHaveBeenCalledWith('setPolicyUrl', { url: 'https://policy.firm.example/policy.json' });
    expect(root.querySelector('[data-testid="firm-name"]')?.textContent).toBe('Harbor & Pine CPAs');
    expect(root.textContent).toContain('2026-11-01');
    expect(root.textContent).toContain('Front desk: $25.00 per incident, $100.00 per client per year');
    expect(root.textContent).toContain('Partner: $2,000.00 per incident, no cap per client per year');
  });

  it('shows a refused URL as an alert and keeps what was typed', async () => {
    answer({
      getPolicyState: () => emptyPolicyState(),
      getSettings: () => ({ selfEmail: '', me: null }),
      setPolicyUrl: () => {
        throw new Error('The policy URL must start with https:// (http:// only for localhost or 127.0.0.1)');
      },
    });
    render(<OptionsPage />, root);
    await settle();
    await type(byLabel('Policy URL'), 'http://firm.example/p.json');
    await act(() => button('Sync now').click());
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('must start with https://');
    expect(byLabel('Policy URL').value).toBe('http://firm.example/p.json');
  });

  it('shows why a policy file could not be read and keeps what was typed', async () => {
    answer({ getPolicyState: () => emptyPolicyState(), getSettings: () => ({ selfEmail: '', me: null }) });
    render(<OptionsPage />, root);
    await settle();
    await type(byLabel('Policy URL'), 'https://policy.firm.example/next.json');
    const input = byLabel('Import policy file');
    const file = new File(['{}'], 'policy.json', { type: 'application/json' });
    Object.defineProperty(file, 'text', { value: () => Promise.reject(new Error('The file was moved or deleted')) });
    Object.defineProperty(input, 'files', { value: [file] });
    await act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      'Could not read policy.json: The file was moved or deleted',
    );
    expect(send).not.toHaveBeenCalledWith('importPolicy', expect.anything());
    expect(byLabel('Policy URL').value).toBe('https://policy.firm.example/next.json');
  });

  it('shows the last error next to the policy still in force', async () => {
    const failed = { ...goodState, lastError: { at: Date.now(), message: 'Policy refused: roles[0].perIncident: must not be negative' } };
    answer({ getPolicyState: () => failed, getSettings: () => ({ selfEmail: '', me: null }) });
    render(<OptionsPage />, root);
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('roles[0].perIncident: must not be negative');
    expect(root.querySelector('[data-testid="firm-name"]')?.textContent).toBe('Harbor & Pine CPAs');
  });

  it('says in words that a signing key IT set cannot be read, never "not required"', async () => {
    const problem = 'policySigningKey must be text: the key in base64url, or the JWK as JSON text (the JWK object goes in policySigningKeyJwk)';
    const sentence = `Your organisation set a policy signing key that cannot be read: ${problem}. Policies are refused until IT fixes it.`;
    answer({
      getPolicyState: () => ({
        ...emptyPolicyState(),
        signingKeyProblem: problem,
        lastError: { at: Date.now(), message: sentence },
      }),
      getSettings: () => ({ selfEmail: '', me: null }),
    });
    render(<OptionsPage />, root);
    await settle();
    expect(root.querySelector('[data-testid="signing-rule"]')?.textContent).toBe('required by your organisation');
    expect(root.textContent).not.toContain('not required');
    // Said once, as an alert.
    const section = root.querySelector('section[aria-labelledby="policy-heading"]')!;
    expect([...section.querySelectorAll('[role="alert"]')].map((a) => a.textContent)).toEqual([sentence]);
  });

  it('shows the URL read-only when the organisation set it', async () => {
    answer({
      getPolicyState: () => ({ ...goodState, policyUrlLocked: true }),
      getSettings: () => ({ selfEmail: '', me: null }),
    });
    render(<OptionsPage />, root);
    await settle();
    expect(byLabel('Policy URL').readOnly).toBe(true);
    expect(byLabel('Policy URL').value).toBe('https://policy.firm.example/policy.json');
    expect(root.textContent).toContain('set by your organisation');
  });

  it('says who you are, or that you have no authority', async () => {
    answer({
      getPolicyState: () => goodState,
      getSettings: () => ({ selfEmail: '', me: null }),
      setSettings: (data) => {
        const email = (data as { selfEmail: string }).selfEmail.trim().toLowerCase();
        const member = goodState.policy!.staff.find((s) => s.email === email);
        return { selfEmail: email, me: { email, name: member?.name ?? email, role: member?.role ?? null } };
      },
    });
    render(<OptionsPage />, root);
    await settle();
    await type(byLabel('Your email'), 'Carla.Meyer@harborpine.example');
    await act(() => button('Save').click());
    await settle();
    expect(root.querySelector('[data-testid="me"]')?.textContent).toContain('Carla Meyer, Manager: $500.00 per incident');
    expect(byLabel('Your email').value).toBe('carla.meyer@harborpine.example');

    await type(byLabel('Your email'), 'someone@else.example');
    await act(() => button('Save').click());
    await settle();
    expect(root.querySelector('[data-testid="me"]')?.textContent).toContain(
      "someone@else.example: not on the firm's staff list — you have no authority to give anything",
    );
    expect(root.querySelector('[data-testid="me"]')?.classList.contains('notice-error')).toBe(true);

    // A slip in typing leads back to yourself, in one click.
    await type(byLabel('Your email'), 'carla.meyr@harborpine.example');
    await act(() => button('Save').click());
    await settle();
    await act(() => button('Did you mean Carla Meyer (carla.meyer@harborpine.example)?').click());
    await settle();
    expect(root.querySelector('[data-testid="me"]')?.textContent).toContain('Carla Meyer, Manager: $500.00 per incident');
    expect(byLabel('Your email').value).toBe('carla.meyer@harborpine.example');
    // The staff list is offered as you type.
    expect([...root.querySelectorAll('#staff-emails option')].map((o) => o.getAttribute('value'))).toContain('carla.meyer@harborpine.example');
  });

  it('exports the ledger as a download and reports import counts', async () => {
    answer({
      getPolicyState: () => goodState,
      getSettings: () => ({ selfEmail: '', me: null }),
      importLedger: () => ({ added: 2, updated: 1, unchanged: 4 }),
    });
    const createObjectURL = vi.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    exportFile.mockResolvedValue({ fileName: 'make-it-right-2026-11-02.csv', parts: ['a,b\n'] });
    render(<OptionsPage />, root);
    await settle();
    await act(() => button('Export CSV').click());
    // The export opens the ledger first: wait for the download rather than for a count of ticks.
    await vi.waitFor(() => expect(clicked).toEqual(['make-it-right-2026-11-02.csv']), { timeout: 10_000 });
    // In the firm's time zone, from the policy in force.
    expect(exportFile).toHaveBeenCalledWith(expect.anything(), 'csv', 'America/New_York', expect.any(Number), expect.any(Function));

    const input = byLabel('Import JSON');
    const file = new File(['{"incidents":[]}'], 'backup.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file] });
    await act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(send).toHaveBeenCalledWith('importLedger', { text: '{"incidents":[]}' });
    expect(root.textContent).toContain('Imported backup.json: 2 added, 1 updated, 4 unchanged');
  });

  it("exports the credit notes in Xero's layout with the firm's account and tax rate, and says what QuickBooks can import", async () => {
    answer({ getPolicyState: () => goodState, getSettings: () => ({ selfEmail: '', me: null }) });
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    exportFile.mockResolvedValue({ fileName: 'make-it-right-xero-credit-notes-2026-11-02.csv', parts: ['a\n'] });
    render(<OptionsPage />, root);
    await settle();
    const layout = byLabel('CSV for') as unknown as HTMLSelectElement;
    expect([...layout.options].map((o) => o.textContent)).toEqual([
      'Your bookkeeper: everything given',
      'Xero: credit notes',
      'QuickBooks Online: credit notes',
      'Gifts, to enter as expenses',
    ]);
    await act(() => {
      layout.value = 'quickbooks';
      layout.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(root.textContent).toContain('QuickBooks Online in the US imports no credit memos');
    await act(() => {
      layout.value = 'xero';
      layout.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(byLabel('Xero account code').value).toBe('200');
    await type(byLabel('Xero tax rate'), 'Tax Exempt');
    await act(() => button('Export CSV').click());
    await vi.waitFor(() => expect(root.textContent).toContain('Exported make-it-right-xero-credit-notes-2026-11-02.csv'), { timeout: 10_000 });
    expect(exportFile).toHaveBeenCalledWith(
      expect.anything(),
      { layout: 'xero', locale: 'en-US', xero: { accountCode: '200', taxType: 'Tax Exempt' } },
      'America/New_York',
      expect.any(Number),
      expect.any(Function),
    );
    expect(root.textContent).toContain('Exported make-it-right-xero-credit-notes-2026-11-02.csv');
  });

  it('shows Your email read-only when IT set it', async () => {
    answer({
      getPolicyState: () => goodState,
      getSettings: () => ({ selfEmail: 'ana.ruiz@harborpine.example', selfEmailLocked: true, me: null }),
    });
    render(<OptionsPage />, root);
    await settle();
    const input = root.querySelector<HTMLInputElement>('#self-email')!;
    expect(input.value).toBe('ana.ruiz@harborpine.example');
    expect(input.readOnly).toBe(true);
    expect(root.querySelector('#self-email-locked')?.textContent).toBe('Set by your organisation.');
    expect(button('Save').disabled).toBe(true);
  });

  it('shows progress while the ledger is read, then downloads the parts as one file', async () => {
    const parts = ['{"head":[', '\n1', ',\n2', ',\n3\n]}\n'];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    exportFile.mockImplementation(async (_ledger: unknown, _format: string, _tz: string, _now: number, onProgress: (d: number, t: number) => void) => {
      onProgress(2, 3);
      await held;
      onProgress(3, 3);
      return { fileName: 'make-it-right-ledger-2026-11-02.json', parts };
    });
    answer({ getPolicyState: () => goodState, getSettings: () => ({ selfEmail: '', me: null }) });
    const blobs: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: vi.fn((blob: Blob) => {
        blobs.push(blob);
        return 'blob:x';
      }),
      revokeObjectURL: vi.fn(),
    });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    render(<OptionsPage />, root);
    await settle();
    await act(() => button('Export JSON').click());
    await vi.waitFor(() => expect(root.querySelector('[data-testid="data-progress"]')?.textContent).toBe('Exporting… 2 of 3 incidents'), { timeout: 10_000 });
    expect(button('Export CSV').disabled).toBe(true);
    release();
    await vi.waitFor(() => expect(clicked).toEqual(['make-it-right-ledger-2026-11-02.json']), { timeout: 10_000 });
    expect(blobs).toHaveLength(1);
    expect(await blobs[0]!.text()).toBe(parts.join(''));
    expect(blobs[0]!.type).toBe('application/json');
    expect(root.querySelector('[data-testid="data-progress"]')).toBeNull();
    expect(root.textContent).toContain('Exported make-it-right-ledger-2026-11-02.json');
  });
});

describe('the options page links the policy editor', () => {
  it('opens policy-editor.html in its own tab', async () => {
    send.mockImplementation(async (name: string) => (name === 'getPolicyState' ? goodState : name === 'getSettings' ? { selfEmail: '', me: null } : null));
    render(<OptionsPage />, root);
    await settle();
    const link = [...root.querySelectorAll('a')].find((a) => a.textContent?.trim() === 'Policy editor');
    expect(link?.getAttribute('href')).toBe('policy-editor.html');
    expect(link?.target).toBe('_blank');
  });
});

describe('options page, a refused policy', () => {
  it('lists every problem of the refused policy, not the first, and shows the sync in the same clock as the panel', async () => {
    const issues = Array.from({ length: 7 }, (_, i) => `roles[${i}].perIncident: must not be negative`);
    const state: PolicyState = {
      ...goodState,
      lastSuccessAt: Date.UTC(2026, 10, 25, 18, 0),
      lastError: { at: Date.UTC(2026, 10, 25, 19, 0), message: `Policy refused: ${issues.slice(0, 3).join('; ')} (and 4 more)`, issues },
    };
    answer({ getPolicyState: () => state, getSettings: () => ({ selfEmail: '', me: null }) });
    render(<OptionsPage />, root);
    await settle();
    const list = root.querySelector('ul[aria-label="Every problem in the refused policy"]');
    expect([...(list?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual(issues);
    // One clock, named: the firm's, as the panel's banner says it.
    expect(root.textContent).toContain('Last successful syncNov 25, 2026, 1:00 PM, New York time');
    expect(root.textContent).toContain('Last error (Nov 25, 2026, 2:00 PM, New York time)');
  });
});
