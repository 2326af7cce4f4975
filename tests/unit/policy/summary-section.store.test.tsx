import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LedgerSummary } from '@/utils/ledger/summary';
import { examplePolicy } from '../example-policy';
import { setTranslator } from '@/utils/i18n';
import { tableTranslator } from '@/utils/i18n/tables';

const send = vi.hoisted(() => vi.fn());
vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: send }));

const { SummarySection, describeMinutes } = await import('@/components/options/SummarySection');

let root: HTMLElement;

async function show(summary: LedgerSummary | Error, policy = examplePolicy(), lastSyncedAt: number | null = null) {
  send.mockImplementation(async (name: string) => {
    if (name === 'getLedgerStatus') return { state: 'connected', lastSyncedAt };
    if (name !== 'ledgerSummary') throw new Error(`unexpected ${name}`);
    if (summary instanceof Error) throw summary;
    return summary;
  });
  await act(() => {
    render(null, root);
    render(<SummarySection policy={policy} />, root);
  });
  for (let i = 0; i < 3; i++) await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

/** The term → value pairs listed under a heading. */
function figures(heading: string): Record<string, string | undefined> {
  const h = [...root.querySelectorAll('h3')].find((x) => x.textContent === heading);
  const list = h && root.querySelector(`dl[aria-labelledby="${h.id}"]`);
  if (!list) throw new Error(`no figures under ${heading}`);
  const terms = [...list.querySelectorAll('dt')];
  return Object.fromEntries(terms.map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? undefined]));
}

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
});

describe('options page summary', () => {
  it('shows incidents by category, money given by role and the median time to a first remedy', async () => {
    await show({
      incidents: 5,
      open: 2,
      byCategory: { 'shipping-error': 3, 'billing-error': 1, 'retired-category': 1 },
      givenByRole: { 'front-desk': 4000, manager: 150000, '': 500 },
      medianMinutesToFirstRemedy: 12.4,
    });
    expect(root.querySelector('h2')?.textContent).toBe('Last 365 days');
    expect(root.querySelector('[data-testid="summary-total"]')?.textContent).toBe('5 incidents, 2 still open.');
    expect(root.querySelector('[data-testid="summary-median"]')?.textContent).toBe(
      'Median time from incident to first remedy: 12 min',
    );
    expect(figures('Incidents by category')).toEqual({
      'Documents sent the wrong way': '3',
      'Billing error': '1',
      'retired-category': '1',
    });
    expect(Object.keys(figures('Incidents by category'))[0]).toBe('Documents sent the wrong way');
    expect(figures('Given by role')).toEqual({ Manager: '$1,500.00', 'Front desk': '$40.00', 'No role': '$5.00' });
  });

  it("writes money in the firm's currency the interface's way, in the browser's language", async () => {
    const policy = examplePolicy();
    policy.firm = { ...policy.firm, currency: 'EUR', locale: 'de-DE' };
    const summary = { incidents: 1, open: 1, byCategory: { 'shipping-error': 1 }, givenByRole: { partner: 123456 }, medianMinutesToFirstRemedy: 190 };
    await show(summary, policy);
    expect(figures('Given by role').Partner).toBe('€1,234.56');
    expect(root.querySelector('[data-testid="summary-total"]')?.textContent).toBe('1 incident, 1 still open.');
    expect(root.querySelector('[data-testid="summary-median"]')?.textContent).toContain('3 h');

    setTranslator(tableTranslator('de-DE'));
    await show({ ...summary, incidents: 1250 }, policy);
    expect(figures('Gewährt nach Rolle').Partner?.replace(/\s/g, ' ')).toBe('1.234,56 €');
    expect(root.querySelector('[data-testid="summary-total"]')?.textContent).toBe('1.250 Vorfälle, davon 1 noch offen.');
    expect(root.querySelector('[data-testid="summary-median"]')?.textContent).toContain('3 Std.');
  });

  it('says when nothing happened yet, and when nothing was given', async () => {
    await show({ incidents: 0, open: 0, byCategory: {}, givenByRole: {}, medianMinutesToFirstRemedy: null });
    expect(root.textContent).toContain('No incidents in the last 365 days.');
    expect(root.querySelector('h3')).toBeNull();

    await show({ incidents: 1, open: 1, byCategory: { 'billing-error': 1 }, givenByRole: {}, medianMinutesToFirstRemedy: null });
    expect(root.textContent).toContain('Nothing given yet.');
    expect(root.querySelector('[data-testid="summary-median"]')?.textContent).toContain('no remedy granted yet');
  });

  it('shows a failure to read the ledger as an alert', async () => {
    await show(new Error('Could not open the incident ledger: quota exceeded'));
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('quota exceeded');
  });

  it('says whose incidents it counts: this browser\'s, or the whole firm\'s once the firm ledger has caught up', async () => {
    const summary: LedgerSummary = { incidents: 1, open: 1, byCategory: {}, givenByRole: {}, medianMinutesToFirstRemedy: null };
    await show(summary);
    expect(root.querySelector('[data-testid="coverage"]')?.textContent).toBe('Covers this browser only: the incidents recorded or imported here.');
    const withLedger = { ...examplePolicy(), ledger: { url: 'https://ledger.harborpine.example/make-it-right', escalateAfterMinutes: 30, offlineAllowanceHours: 72 } };
    await show(summary, withLedger, null);
    expect(root.querySelector('[data-testid="coverage"]')?.textContent).toBe('Covers this browser only, until you sign in to the firm ledger.');
    await show(summary, withLedger, Date.UTC(2026, 10, 25, 15));
    expect(root.querySelector('[data-testid="coverage"]')?.textContent).toBe('Covers the whole firm: every incident in the firm ledger.');
  });

  it('speaks of durations in minutes, hours and days', () => {
    expect([0.2, 12.4, 59, 59.6, 179, 47 * 60, 72 * 60].map(describeMinutes)).toEqual([
      'under 1 min',
      '12 min',
      '59 min',
      '1 h',
      '3 h',
      '47 h',
      '3 d',
    ]);
  });
});
