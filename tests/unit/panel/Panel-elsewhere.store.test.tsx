import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Panel } from '@/components/panel/Panel';
import type { Incident, RemedyProposal, StartIncidentInput } from '@/utils/ledger/types';
import type { TabClient } from '@/utils/detect/types';
import { ALICE_TAB, ANA, testGrant, testHistory, testIncident, testPolicyState } from './fixtures';
import { answerMessages, click, getByRole, mount, textOf } from './dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

// The article's case: inside the courier incident, the $500 consultation refund adds up to $520 and
// needs a partner; in an "Unhappy with advice given" incident of its own, a manager approves it.

function background() {
  const courier = testIncident({ id: 'courier', remedies: [testGrant({ grantedAt: Date.now(), requestedAt: Date.now() })] });
  let incidents: Incident[] = [courier];
  return answerMessages({
    getTabClient: () => ALICE_TAB,
    getPolicyState: () => testPolicyState(),
    getSettings: () => ({ selfEmail: ANA.email, me: ANA }),
    getClientHistory: () => testHistory(incidents),
    startIncident: (data: StartIncidentInput) => {
      const started = testIncident({ id: 'advice', category: data.category, summary: data.summary, createdAt: Date.now() });
      incidents = [started, ...incidents];
      return started;
    },
    requestApproval: (_: RemedyProposal) => incidents[0]!,
  });
}

describe('a remedy that belongs to another mistake', () => {
  beforeEach(() => {
    answerMessages({});
  });

  it('says why a partner must approve it here and offers an incident of its own, where a manager approves', async () => {
    const messages = background();
    const el = await mount(<Panel search="?tabId=7" />);
    await click(getByRole(el, 'button', 'Give another remedy'));
    await click(getByRole(el, 'radio', /^Refund the consultation fee/));

    const decision = textOf(el.querySelector('.decision')!);
    expect(decision).toContain('Ask Dev Patel (Partner).');
    expect(decision).toContain(
      "With the $20.00 already given in this incident, that makes $520.00: above a Manager's $500.00 per-incident limit, so a Partner must approve.",
    );
    const offer = getByRole(el, 'group', /is not among the suggestions/);
    expect(textOf(offer)).toContain(
      'Refund the consultation fee is not among the suggestions for “Documents sent the wrong way”; it is suggested for “Unhappy with advice given”. Start a new incident for this?',
    );
    expect(textOf(offer)).toContain('In a new incident, Carla Meyer (Manager) would approve it.');

    await click(getByRole(offer, 'button', 'Start a new incident for this'));
    const form = getByRole(el, 'form', 'New incident for Refund the consultation fee');
    expect((getByRole(form, 'radio', 'Unhappy with advice given') as HTMLInputElement).checked).toBe(true);
    expect(document.activeElement).toBe(getByRole(form, 'button', 'Start incident'));

    await click(getByRole(form, 'button', 'Start incident'));
    expect(messages.of('startIncident')).toMatchObject([{ category: 'advice-complaint', summary: 'Unhappy with advice given' }]);
    expect(textOf(el.querySelector('#incident-title')!)).toBe('Unhappy with advice given');
    expect((getByRole(el, 'radio', /^Refund the consultation fee/) as HTMLInputElement).checked).toBe(true);
    const now = textOf(el.querySelector('.decision')!);
    expect(now).toContain('Ask Carla Meyer (Manager).');
    expect(now).not.toContain('Partner');
    expect(document.activeElement).toBe(getByRole(el, 'button', 'Ask for approval'));
  });

  it('makes no offer for the category\'s own remedy', async () => {
    background();
    const el = await mount(<Panel search="?tabId=7" />);
    await click(getByRole(el, 'button', 'Give another remedy'));
    expect(el.querySelector('.elsewhere')).toBeNull();
  });
});
