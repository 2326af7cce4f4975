import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { Panel } from '@/components/panel/Panel';
import { ANA, CLIENT_KEY, testHistory, testIncident, testPolicyState } from './fixtures';
import { answerMessages, getByRole, mount, queryByRole, textOf } from './dom';

vi.mock('@/utils/browser/messaging', () => ({ sendMessage: vi.fn() }));

describe('Side panel opened on one client (from a reminder)', () => {
  it("shows that client from the ledger, named by their latest incident, with the open incident's checklist", async () => {
    const query = vi.spyOn(fakeBrowser.tabs, 'query');
    const older = testIncident({ id: 'inc-0', clientName: 'A. Moreau', status: 'resolved', createdAt: Date.now() - 90 * 86_400_000 });
    const latest = testIncident({ id: 'inc-1', createdAt: Date.now() - 25 * 3_600_000 });
    const messages = answerMessages({
      getPolicyState: () => testPolicyState(),
      getSettings: () => ({ selfEmail: ANA.email, me: ANA }),
      getClientHistory: () => testHistory([latest, older]),
    });
    const el = await mount(<Panel search={`?client=${encodeURIComponent(CLIENT_KEY)}`} />);

    expect(messages.of('getClientHistory')).toContainEqual({ clientKey: CLIENT_KEY });
    const header = getByRole(el, 'region', 'Client');
    expect(textOf(header.querySelector('h1')!)).toBe('Alice Moreau');
    expect(textOf(header)).toContain(CLIENT_KEY);
    expect(textOf(getByRole(el, 'checkbox', 'Follow up the next day').closest('li')!)).toContain('overdue by 1 h');
    // It speaks for no tab: it neither follows the active tab nor offers to pop out.
    expect(query).not.toHaveBeenCalled();
    expect(messages.of('getTabClient')).toEqual([]);
    expect(queryByRole(el, 'button', 'Pop out')).toBeNull();
  });
});
