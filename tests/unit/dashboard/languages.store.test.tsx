import { describe, expect, it, vi } from 'vitest';
import { DashboardPage } from '@/components/dashboard/DashboardPage';
import { dashboardIncident } from '@/utils/dashboard/types';
import { setTranslator } from '@/utils/i18n';
import { tableTranslator } from '@/utils/i18n/tables';
import { englishLeft, wordsIn } from '../../english-left';
import { examplePolicy } from '../example-policy';
import { seedIncidents } from '../../fixtures/dashboard/seed';
import { answerMessages, mount } from '../panel/dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

// The dashboard in French, German and Spanish over the seeded firm: every heading, sentence, chart,
// table, button and accessible name in the language, money in the firm's dollars, no English left.

const NOW = Date.UTC(2026, 11, 7, 15);

function readable(el: HTMLElement): string {
  const attributes = [...el.querySelectorAll('[aria-label],[title]')].map((e) => e.getAttribute('aria-label') ?? e.getAttribute('title') ?? '');
  return [el.textContent ?? '', ...attributes].join('\n');
}

describe.each(['fr', 'de', 'es'])('the dashboard in %s', (lang) => {
  it('has no English message of ours left', async () => {
    setTranslator(tableTranslator(lang));
    const incidents = seedIncidents(NOW);
    answerMessages({
      getPolicyState: () => ({ policy: examplePolicy() }),
      dashboardData: ({ from, to }: { from: number; to: number }) => ({
        incidents: incidents.filter((i) => i.createdAt >= from && i.createdAt < to).map(dashboardIncident),
        coverage: 'browser',
        syncedAt: null,
      }),
    });
    const el = await mount(<DashboardPage now={NOW} />);
    expect(el.querySelectorAll('[data-testid="suggestions"] > li')).toHaveLength(2);
    const own = wordsIn([examplePolicy(), incidents.map((i) => i.clientName), 'CSV', 'Make It Right']);
    // A chart cuts a long label of the firm's short ("Missed or wrong-time appointm…"): still the firm's words.
    const cut = own.map((w) => w.slice(0, 29).trimEnd());
    expect(englishLeft(readable(el), lang, [...own, ...cut])).toEqual([]);
    expect(readable(el).replace(/\u00a0|\u202f/g, ' ')).toContain(lang === 'fr' ? '40,00 $US' : lang === 'de' ? '40,00 $' : '40,00 US$');
  });
});
