import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApprovalsTab } from '@/components/panel/ApprovalsTab';
import type { WaitingApproval } from '@/utils/firm-ledger/approvals';
import { CARLA_APPROVER, NOW, testGrant, testIncident, testPolicy, testWaitingApproval } from './fixtures';
import { answerMessages, click, getByLabel, getByRole, mount, queryByRole, textOf, type } from './dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

// The approver's Approvals tab: what waits for them in the firm ledger, and Approve or Decline (with
// the reason the requester reads), each answered item leaving the list.

const bob = testWaitingApproval({
  incidentId: 'inc-2',
  requestId: 'req-2',
  clientName: 'Bob Lee',
  remedyId: 'flowers',
  remedyLabel: 'Send flowers',
  kind: 'gift',
  amount: 6_000,
  reason: '',
  since: NOW - 50 * 60_000,
  escalations: 1,
});

/** The background: the list as it stands, minus what was answered. */
function answerApprovals(list: WaitingApproval[], refuse?: string) {
  const answered = new Set<string>();
  return answerMessages({
    listApprovals: () => list.filter((w) => !answered.has(w.requestId)),
    approveRequest: ({ requestId }: { requestId: string }) => {
      if (refuse) throw new Error(refuse);
      answered.add(requestId);
      return testIncident({
        remedies: [testGrant({ id: requestId, decision: 'approved', approvedBy: CARLA_APPROVER.email, creditNoteNumber: 'CN-2026-CM-0004' })],
      });
    },
    declineRequest: ({ requestId }: { requestId: string }) => {
      answered.add(requestId);
      return testIncident({ remedies: [testGrant({ id: requestId, status: 'declined', decision: 'needs-approval' })] });
    },
  });
}

const render = () => mount(<ApprovalsTab policy={testPolicy()} revision={0} now={NOW} />);
const item = (el: HTMLElement, name: RegExp) => {
  const found = [...el.querySelectorAll('article')].find((a) => name.test(a.getAttribute('aria-label') ?? ''));
  if (!found) throw new Error(`no request named ${String(name)}`);
  return found as HTMLElement;
};

describe('Approvals tab', () => {
  let messages: ReturnType<typeof answerApprovals>;
  beforeEach(() => {
    messages = answerApprovals([testWaitingApproval(), bob]);
  });

  it('lists each request: client, remedy and amount, who asks, why, since when, and one not answered in time', async () => {
    const el = await render();
    expect(el.querySelectorAll('article')).toHaveLength(2);
    const alice = item(el, /^Refund the consultation fee \$300\.00 for Alice Moreau$/);
    expect(textOf(alice)).toContain('Alice Moreau · Refund the consultation fee $300.00');
    expect(textOf(alice)).toContain('Asked by Ana Ruiz');
    expect(textOf(alice)).toContain('Why: The client lost a day of work');
    expect(textOf(alice)).not.toContain('not answered in time');
    const flowers = item(el, /^Send flowers \$60\.00 for Bob Lee$/);
    expect(textOf(flowers)).toContain('not answered in time');
    // No reason given: no empty "Why".
    expect(textOf(flowers)).not.toContain('Why:');
  });

  it('says so when nothing waits', async () => {
    answerApprovals([]);
    const el = await render();
    expect(el.querySelectorAll('article')).toHaveLength(0);
    expect(textOf(el)).toContain('Nothing waits for you.');
  });

  it('Approve answers that request, says what was given with its credit note, and the request leaves the list', async () => {
    const el = await render();
    await click(getByRole(item(el, /Alice Moreau/), 'button', 'Approve'));
    expect(messages.of('approveRequest')).toEqual([{ incidentId: 'inc-1', requestId: 'req-1' }]);
    expect(textOf(getByRole(el, 'status'))).toBe('Approved: Refund the consultation fee $300.00 for Alice Moreau, credit note CN-2026-CM-0004.');
    expect(el.querySelectorAll('article')).toHaveLength(1);
    expect(textOf(el.querySelector('article')!)).toContain('Bob Lee');
  });

  it('Decline asks why, cannot be sent without a reason, can be cancelled, and sends the reason the requester reads', async () => {
    const el = await render();
    const flowers = item(el, /Bob Lee/);
    await click(getByRole(flowers, 'button', 'Decline'));
    const reason = getByLabel(flowers, 'Why you decline');
    const send = getByRole<HTMLButtonElement>(flowers, 'button', 'Decline');
    expect(send.disabled).toBe(true);
    await type(reason, '   ');
    expect(send.disabled).toBe(true);

    await click(getByRole(flowers, 'button', 'Cancel'));
    expect(queryByRole(flowers, 'textbox')).toBeNull();
    expect(messages.of('declineRequest')).toEqual([]);

    await click(getByRole(flowers, 'button', 'Decline'));
    await type(getByLabel(flowers, 'Why you decline'), 'Flowers went to this client last week');
    await click(getByRole(flowers, 'button', 'Decline'));
    expect(messages.of('declineRequest')).toEqual([
      { incidentId: 'inc-2', requestId: 'req-2', reason: 'Flowers went to this client last week' },
    ]);
    expect(textOf(getByRole(el, 'status'))).toBe('Declined: Send flowers $60.00 for Bob Lee.');
    expect(el.querySelectorAll('article')).toHaveLength(1);
    expect(textOf(el.querySelector('article')!)).toContain('Alice Moreau');
  });

  it('a refused answer says why and the request stays, to be answered again', async () => {
    messages = answerApprovals([testWaitingApproval()], 'This request was already decided');
    const el = await render();
    await click(getByRole(item(el, /Alice Moreau/), 'button', 'Approve'));
    expect(textOf(getByRole(el, 'alert'))).toBe('This request was already decided');
    expect(el.querySelectorAll('article')).toHaveLength(1);
    expect(getByRole<HTMLButtonElement>(item(el, /Alice Moreau/), 'button', 'Approve').disabled).toBe(false);
  });
});
