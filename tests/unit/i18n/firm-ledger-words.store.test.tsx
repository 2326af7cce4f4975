import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ApprovalsTab } from '@/components/panel/ApprovalsTab';
import { LedgerSection } from '@/components/options/LedgerSection';
import { NO_LEDGER } from '@/utils/firm-ledger/connection';
import { setTranslator } from '@/utils/i18n';
import { tableTranslator } from '@/utils/i18n/tables';
import { englishLeft, wordsIn } from '../../english-left';
import { CARLA_APPROVER, NOW, testGrant, testIncident, testPolicy, testWaitingApproval } from '../panel/fixtures';
import { answerMessages, click, getByRole, mount } from '../panel/dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

// The firm ledger's screens in French, German and Spanish, which the real-browser languages test
// does not reach (they need a ledger server): the approver's Approvals tab, Decline's reason, what
// Approve says, and Options → Firm ledger signed out, with no English message of ours left.

const LEDGER_URL = 'https://ledger.harborpine.example/make-it-right';
const request = testWaitingApproval({ since: NOW - 50 * 60_000, escalations: 1 });

/** What a person reads or hears: the text, accessible names, placeholders and tooltips. */
function readable(el: HTMLElement): string {
  const attributes = [...el.querySelectorAll('[aria-label],[placeholder],[title]')].flatMap((e) =>
    ['aria-label', 'placeholder', 'title'].map((a) => e.getAttribute(a) ?? ''),
  );
  return [el.textContent ?? '', ...attributes].join('\n');
}

describe.each(['fr', 'de', 'es'])('the firm ledger in %s', (lang) => {
  const own = wordsIn([testPolicy(), request, LEDGER_URL]);

  it('Approvals: the list, Decline asking why, and what Approve says', async () => {
    setTranslator(tableTranslator(lang));
    answerMessages({
      listApprovals: () => [request],
      approveRequest: () =>
        testIncident({ remedies: [testGrant({ id: 'req-1', decision: 'approved', approvedBy: CARLA_APPROVER.email, creditNoteNumber: 'CN-2026-CM-0004' })] }),
    });
    const el = await mount(<ApprovalsTab policy={testPolicy()} revision={0} now={NOW} />);
    const article = el.querySelector('article')!;
    expect(article).not.toBeNull();
    expect(englishLeft(readable(el), lang, own)).toEqual([]);

    const [approve, decline] = [...article.querySelectorAll('button')];
    await click(decline!);
    expect(article.querySelector('textarea, input')).not.toBeNull();
    expect(englishLeft(readable(el), lang, own)).toEqual([]);
    await click([...article.querySelectorAll('button')].at(-1)!); // Cancel
    await click(approve!);
    expect(getByRole(el, 'status').textContent).toContain('CN-2026-CM-0004');
    expect(englishLeft(readable(el), lang, own)).toEqual([]);
  });

  it('Options, Firm ledger: signed out, the URL set by the organisation, Sign in', async () => {
    setTranslator(tableTranslator(lang));
    vi.spyOn(fakeBrowser.runtime, 'connect').mockReturnValue({
      onDisconnect: { addListener: () => undefined },
      postMessage: () => undefined,
      disconnect: () => undefined,
    } as never);
    answerMessages({ getLedgerStatus: () => ({ ...NO_LEDGER, state: 'signed-out', url: LEDGER_URL, user: 'ana.ruiz@harborpine.example' }) });
    const policy = { ...testPolicy(), ledger: { url: LEDGER_URL, escalateAfterMinutes: 30, offlineAllowanceHours: 72 } };
    const el = await mount(<LedgerSection policy={policy} managed={{ url: LEDGER_URL, problem: null }} />);
    expect(el.querySelector('[data-testid="ledger-url"]')).not.toBeNull();
    expect(el.querySelectorAll('button').length).toBeGreaterThan(0);
    expect(englishLeft(readable(el), lang, own)).toEqual([]);
  });
});
