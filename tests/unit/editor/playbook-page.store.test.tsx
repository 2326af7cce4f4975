import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlaybookPage } from '@/components/playbook/PlaybookPage';
import { parsePolicyText } from '@/utils/policy/parse';
import { emptyPolicyState } from '@/utils/policy/sync';
import { answerMessages, choose, getByLabel, getByRole, mount, textOf } from '../panel/dom';
import { examplePolicyText } from './helpers';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

const NOW = Date.UTC(2026, 11, 1);

function answer(me: { role: string | null } | null = null) {
  const parsed = parsePolicyText(examplePolicyText('accounting-firm'));
  if (!parsed.ok) throw new Error('example must parse');
  answerMessages({
    getPolicyState: () => ({ ...emptyPolicyState(), policy: parsed.policy }),
    getSettings: () => ({ selfEmail: 'x@y.example', me: me && { email: 'x@y.example', name: 'X', ...me } }),
  });
}

beforeEach(() => history.replaceState(null, '', '/playbook.html'));
afterEach(() => history.replaceState(null, '', '/'));

describe('the playbook page', () => {
  it('opens on the role in the address and names its limits, remedies, approver, steps and first words', async () => {
    history.replaceState(null, '', '/playbook.html?role=front-desk');
    answer();
    const el = await mount(<PlaybookPage now={NOW} />);
    expect(getByRole(el, 'region', 'On the spot, without asking anyone').textContent).toBe(
      'On the spot, without asking anyonePer incident$25.00Per client per year$100.00Above that, askCarla Meyer (Manager)While Carla Meyer is away, Dev Patel is asked in their place.',
    );
    const rows = [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => textOf(c)).join(' | '));
    expect(rows).toEqual([
      'Credit the courier fee | $20.00 | yours up to $25.00',
      'Refund the consultation fee | $500.00 | ask Carla Meyer',
      'Restaurant gift card | $50.00 | ask Carla Meyer',
      'Get-well flowers | $60.00 | ask Carla Meyer',
      'Apology, nothing charged | $0.00 | yours, always',
    ]);
    expect(textOf(el)).toContain('Apologize personally (within 1 hour)');
    expect(textOf(el)).toContain('Correct the mistake (within 1 day)');
    expect(textOf(el)).toContain('Subject: I am sorry, Alice');
  });

  it('opens on your own role without one in the address, and the picker changes role and address', async () => {
    answer({ role: 'manager' });
    const el = await mount(<PlaybookPage now={NOW} />);
    expect(getByRole(el, 'region', 'On the spot, without asking anyone').textContent).toContain('Dev Patel (Partner)');
    await choose(getByLabel<HTMLSelectElement>(el, 'Role'), 'partner');
    expect(el.querySelector('h1')!.textContent).toBe('Playbook: Partner');
    expect(textOf(el)).toContain('No one: this role is the top of the approval chain.');
    expect(location.search).toBe('?role=partner');
  });

  it('says so when no policy is in force', async () => {
    answerMessages({ getPolicyState: () => emptyPolicyState() });
    const el = await mount(<PlaybookPage now={NOW} />);
    expect(textOf(el)).toContain('No firm policy is in force on this computer yet.');
  });
});

describe('the playbook opened from the policy editor', () => {
  it('shows the draft being edited, not the policy in force, and follows its changes', async () => {
    history.replaceState(null, '', '/playbook.html?source=draft&role=front-desk');
    answer();
    const draft = JSON.parse(examplePolicyText('accounting-firm'));
    draft.roles[0].perIncident = 80;
    let send: (text: string) => void = () => undefined;
    const followDraft = (onDraft: (text: string) => void) => {
      send = onDraft;
      onDraft(JSON.stringify(draft));
      return () => undefined;
    };
    const el = await mount(<PlaybookPage now={NOW} followDraft={followDraft} />);
    const spot = () => getByRole(el, 'region', 'On the spot, without asking anyone').textContent;
    expect(spot()).toContain('Per incident$80.00');
    expect(textOf(el)).toContain('The draft open in the policy editor, not yet in force.');
    draft.roles[0].perIncident = 90;
    await act(() => send(JSON.stringify(draft)));
    expect(spot()).toContain('Per incident$90.00');
    // A draft that does not parse leaves the last good one on screen.
    await act(() => send('{ not json'));
    expect(spot()).toContain('Per incident$90.00');
  });
});
