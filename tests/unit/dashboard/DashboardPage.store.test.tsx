import { describe, expect, it, vi } from 'vitest';
import { DashboardPage } from '@/components/dashboard/DashboardPage';
import { dashboardIncident } from '@/utils/dashboard/types';
import { examplePolicy } from '../example-policy';
import { seedIncidents } from '../../fixtures/dashboard/seed';
import { act } from 'preact/test-utils';
import { answerMessages, choose, click, getByLabel, getByRole, mount, settle, textOf } from '../panel/dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

// The page a partner reads, over the seeded firm (tests/fixtures/dashboard/seed.ts): the background
// is played by a table answering the two messages the page sends.

/** The table of the figure captioned `name`. */
function table(el: HTMLElement, name: string): HTMLTableElement {
  const figure = [...el.querySelectorAll('figure')].find((f) => textOf(f.querySelector('figcaption')!) === name);
  if (!figure) throw new Error(`no figure ${name}`);
  return figure.querySelector('table')!;
}

const NOW = Date.UTC(2026, 11, 7, 15); // Monday Dec 7, 2026, 10:00 in New York
const DAY = 24 * 60 * 60 * 1000;

function background(coverage: 'firm' | 'browser' = 'browser') {
  return answerMessages({
    getPolicyState: () => ({ policy: examplePolicy() }),
    dashboardData: ({ from, to }: { from: number; to: number }) => ({
      incidents: seedIncidents(NOW).filter((i) => i.createdAt >= from && i.createdAt < to).map(dashboardIncident),
      coverage,
      syncedAt: coverage === 'firm' ? NOW - 60_000 : null,
    }),
  });
}

describe('the dashboard page', () => {
  it('reads the last 90 days on the firm’s calendar, then the year before for the client lists', async () => {
    const messages = background();
    const el = await mount(<DashboardPage now={NOW} />);
    const [period, year] = messages.of('dashboardData') as { from: number; to: number }[];
    // Sep 9 to Dec 7 in New York: from midnight (EDT, UTC−4) to midnight starting Dec 8 (EST, UTC−5).
    expect(period).toEqual({ from: Date.UTC(2026, 8, 9, 4), to: Date.UTC(2026, 11, 8, 5) });
    expect(year).toEqual({ from: NOW - 365 * DAY, to: period!.from });
    expect(el.querySelector('[data-testid="dashboard-ready"]')!.getAttribute('data-complete')).toBe('true');
    expect(textOf(el)).toContain('Harbor & Pine CPAs · Sep 9, 2026 to Dec 7, 2026, New York time');
    expect(textOf(getByRole(el, 'status'))).toBe('28 incidents in the period.');
    expect(el.querySelector('[data-testid="coverage"]')!.textContent).toMatch(/^Covers this browser only/);
  });

  it('shows what a partner reads: first call, waiting, costs and the suggestions with their drafts', async () => {
    background();
    const el = await mount(<DashboardPage now={NOW} />);
    expect(textOf(el.querySelector('[data-testid="first-call-headline"]')!)).toBe(
      '85% of clients were given a remedy within an hour, 100% within 48 hours. Median time to the first remedy: 31 min.',
    );
    expect(textOf(el.querySelector('[data-testid="on-the-spot"]')!)).toBe(
      '30% of remedies were given on the spot (6 of 20); the rest after an approval.',
    );
    const approvals = table(el, 'Approvals by approver');
    expect([...approvals.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => textOf(c)))).toEqual([
      ['Carla Meyer', '15', '1', '38 min', '1 h 15 min', '10'],
    ]);
    expect(textOf(el.querySelector('[data-testid="unanswered"]')!)).toBe('1 request is still unanswered; it has waited 47 h 57 min.');
    const repeat = table(el, 'Clients with two or more incidents in 365 days');
    expect([...repeat.querySelectorAll('tbody tr > *')].map((c) => textOf(c))).toEqual(['Alice Example', '2', '$0.00', 'Nov 25, 2026']);
    const items = [...el.querySelectorAll('[data-testid="suggestions"] > li')];
    expect(textOf(items[0]!.querySelector('p')!)).toBe(
      'Front desk asked 14 times for “Credit the courier fee” of up to $40.00; all approved; median wait 37 min. A $40.00 per-incident limit would have served these 14 clients on the first call.',
    );
    expect(getByRole(items[0]!, 'link', 'Try in the editor: Front desk at $40.00 per incident').getAttribute('href')).toBe(
      'policy-editor.html?draftRole=front-desk&draftPerIncident=4000&draftRemedy=courier-credit&draftAmount=4000',
    );
    expect(textOf(items[1]!.querySelector('p')!)).toMatch(/^Staff accountant may give up to \$100\.00 per incident on the spot, yet in 5 incidents/);
    // Every chart is an image named by its title, with the table of its figures beside it.
    const charts = [...el.querySelectorAll('svg[role="img"]')];
    expect(charts.length).toBeGreaterThanOrEqual(6);
    for (const chart of charts) expect(chart.querySelector('title')!.textContent).toBeTruthy();
  });

  it('filters by role, person and category without reading the ledger again', async () => {
    const messages = background();
    const el = await mount(<DashboardPage now={NOW} />);
    await choose(getByLabel<HTMLSelectElement>(el, 'Role'), 'staff');
    expect(textOf(getByRole(el, 'status'))).toBe('5 incidents in the period.');
    expect(textOf(el.querySelector('[data-testid="first-call-none"]')!)).toBe('No remedy was given in this period.');
    await choose(getByLabel<HTMLSelectElement>(el, 'Role'), '*all*');
    await choose(getByLabel<HTMLSelectElement>(el, 'Category'), 'billing-error');
    expect(textOf(getByRole(el, 'status'))).toBe('11 incidents in the period.');
    await choose(getByLabel<HTMLSelectElement>(el, 'Person'), 'ana.ruiz@harborpine.example');
    expect(textOf(getByRole(el, 'status'))).toBe('6 incidents in the period.');
    expect(messages.of('dashboardData')).toHaveLength(2);
  });

  it('reads last month again when the partner picks it', async () => {
    const messages = background();
    const el = await mount(<DashboardPage now={NOW} />);
    await click(getByRole(el, 'button', 'Last month'));
    const asked = messages.of('dashboardData') as { from: number; to: number }[];
    expect(asked).toHaveLength(4);
    expect(asked[2]!.to).toBe(Date.UTC(2026, 11, 1, 5));
    expect(textOf(el)).toContain('Nov 1, 2026 to Nov 30, 2026, New York time');
    expect(getByRole(el, 'button', 'Last month').getAttribute('aria-pressed')).toBe('true');
  });

  it('says what to do when the last day comes before the first', async () => {
    const messages = background();
    const el = await mount(<DashboardPage now={NOW} />);
    const from = getByLabel(el, 'From');
    await act(() => {
      from.value = '2026-12-20';
      from.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(textOf(getByRole(el, 'alert'))).toBe('Choose a period whose last day is not before its first.');
    expect(messages.of('dashboardData')).toHaveLength(2);
    expect(el.querySelector('[data-testid="dashboard-ready"]')).toBeNull();
  });

  it('shows the period’s figures while the year before is read, the client lists and suggestions after', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const incidents = seedIncidents(NOW).map(dashboardIncident);
    answerMessages({
      getPolicyState: () => ({ policy: examplePolicy() }),
      dashboardData: async ({ from, to }: { from: number; to: number }) => {
        if (from < NOW - 100 * DAY) await held;
        return { incidents: incidents.filter((i) => i.createdAt >= from && i.createdAt < to), coverage: 'browser', syncedAt: null };
      },
    });
    const el = await mount(<DashboardPage now={NOW} />);
    expect(el.querySelector('[data-testid="dashboard-ready"]')!.getAttribute('data-complete')).toBe('false');
    expect(textOf(el.querySelector('[data-testid="first-call-headline"]')!)).toMatch(/^85% of clients/);
    expect(el.querySelector('[data-testid="suggestions"]')).toBeNull();
    expect(textOf(el)).toContain('Reading the 365 days before the period’s end…');
    release();
    await settle();
    expect(el.querySelector('[data-testid="dashboard-ready"]')!.getAttribute('data-complete')).toBe('true');
    expect(el.querySelectorAll('[data-testid="suggestions"] > li')).toHaveLength(2);
    expect(textOf(table(el, 'Clients with two or more incidents in 365 days'))).toContain('Alice Example');
  });

  it('says when it covers the whole firm', async () => {
    background('firm');
    const el = await mount(<DashboardPage now={NOW} />);
    expect(el.querySelector('[data-testid="coverage"]')!.textContent).toBe(
      'Covers the whole firm: every incident in the firm ledger, as of Dec 7, 2026, 9:59 AM.',
    );
  });
});
