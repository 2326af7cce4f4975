import { beforeEach, describe, expect, it, vi } from 'vitest';
import { StartIncident } from '@/components/panel/StartIncident';
import type { PanelClient } from '@/components/panel/panel-client';
import { CLIENT_KEY, testIncident, testPolicy } from './fixtures';
import { answerMessages, click, getByLabel, getByRole, mount, queryByRole, submit, textOf, type } from './dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

const alice: PanelClient = {
  clientKey: CLIENT_KEY,
  name: 'Alice Moreau',
  email: CLIENT_KEY,
  source: { tool: 'gmail', label: 'Gmail', url: 'https://mail.google.com/mail/u/0/#inbox/1' },
  pageKind: 'thread',
  picked: false,
};

async function renderStart(folded = false) {
  const onStarted = vi.fn();
  const el = await mount(<StartIncident policy={testPolicy()} client={alice} folded={folded} onStarted={onStarted} />);
  return { el, onStarted };
}

describe('Start incident', () => {
  beforeEach(() => {
    answerMessages({});
  });

  it('starts an incident for the client with the chosen category and summary in two clicks', async () => {
    const started = testIncident();
    const messages = answerMessages({ startIncident: () => started });
    const { el, onStarted } = await renderStart();
    await click(getByRole(el, 'radio', 'Documents sent the wrong way'));
    // The empty field's example reads as an example, not as a summary already written.
    expect(getByLabel<HTMLInputElement>(el, 'One-line summary').placeholder).toBe('For example: documents went by ground, not overnight');
    await type(getByLabel(el, 'One-line summary'), '  Sent by ground, not overnight ');
    await click(getByRole(el, 'button', 'Start incident'));
    expect(messages.of('startIncident')).toEqual([
      {
        client: { clientKey: CLIENT_KEY, name: 'Alice Moreau', email: CLIENT_KEY, source: alice.source },
        category: 'shipping-error',
        summary: 'Sent by ground, not overnight',
      },
    ]);
    expect(onStarted).toHaveBeenCalledWith(started);
  });

  it('starts with Enter in the summary, using the category when the summary is left empty', async () => {
    const messages = answerMessages({ startIncident: () => testIncident() });
    const { el } = await renderStart();
    await click(getByRole(el, 'radio', 'Unhappy with advice given'));
    await submit(el.querySelector('form')!);
    expect(messages.of('startIncident')).toMatchObject([{ category: 'advice-complaint', summary: 'Unhappy with advice given' }]);
  });

  it('asks what went wrong before starting', async () => {
    const messages = answerMessages({ startIncident: () => testIncident() });
    const { el } = await renderStart();
    await click(getByRole(el, 'button', 'Start incident'));
    expect(textOf(getByRole(el, 'alert'))).toBe('Pick what went wrong first.');
    expect(messages.of('startIncident')).toEqual([]);
    expect(document.activeElement).toBe(getByRole(el, 'radio', 'Missed or wrong-time appointment'));
  });

  it('shows the error when the incident could not be saved', async () => {
    answerMessages({
      startIncident: () => {
        throw new Error('Say who you are in options first');
      },
    });
    const { el } = await renderStart();
    await click(getByRole(el, 'radio', 'Documents sent the wrong way'));
    await click(getByRole(el, 'button', 'Start incident'));
    expect(textOf(getByRole(el, 'alert'))).toBe('Say who you are in options first');
  });

  it('stays folded behind "New incident" while the client has an open incident', async () => {
    const { el } = await renderStart(true);
    expect(queryByRole(el, 'button', 'Start incident')).toBeNull();
    await click(getByRole(el, 'button', 'New incident'));
    expect(getByRole(el, 'button', 'Start incident')).toBeTruthy();
    await click(getByRole(el, 'button', 'Cancel'));
    expect(queryByRole(el, 'button', 'Start incident')).toBeNull();
  });
});
