import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { Panel } from '@/components/panel/Panel';
import { ANA, CLIENT_KEY, testHistory, testIncident, testPolicyState } from './fixtures';
import { answerMessages, getByRole, mount, queryByRole, textOf } from './dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

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

describe('Side panel opened from a reminder on one incident', () => {
  it('shows the reminded incident, not the newest, says where it came from and why nothing can be inserted', async () => {
    const reminded = testIncident({ id: 'inc-old', summary: 'Tax pack sent to the old address', createdAt: Date.now() - 26 * 3_600_000 });
    const newer = testIncident({ id: 'inc-new', summary: 'Invoice sent twice', createdAt: Date.now() - 3_600_000 });
    answerMessages({
      getPolicyState: () => testPolicyState(),
      getSettings: () => ({ selfEmail: ANA.email, me: ANA }),
      getClientHistory: () => testHistory([newer, reminded]),
    });
    const el = await mount(<Panel search={`?client=${encodeURIComponent(CLIENT_KEY)}&incident=inc-old&from=reminder`} />);
    const incident = getByRole(el, 'region', /^Documents sent the wrong way/);
    expect(textOf(incident)).toContain('Tax pack sent to the old address');
    expect(textOf(incident)).not.toContain('Invoice sent twice');
    const header = getByRole(el, 'region', 'Client');
    expect(textOf(header)).toContain("Opened from a reminder: to insert into an email, open the client's email");
    expect(textOf(header)).not.toContain('Picked by hand');
    // No mail tab to write into: no Insert button, and the panel says how the text goes out.
    expect(queryByRole(el, 'button', 'Insert into email')).toBeNull();
    expect(textOf(getByRole(el, 'region', 'Templates'))).toContain("Insert into email works in the client's email in Gmail or Outlook. Here, copy the text");
  });
});
