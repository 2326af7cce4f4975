import { describe, expect, it, vi } from 'vitest';
import { PolicyBanner } from '@/components/panel/PolicyBanner';
import type { PolicyState } from '@/utils/policy/types';
import { NOW, testPolicyState } from './fixtures';
import { click, getByRole, mount, queryByRole, textOf } from './dom';

const HOUR = 3_600_000;

async function renderBanner(state: PolicyState) {
  const onOpenOptions = vi.fn();
  const el = await mount(<PolicyBanner state={state} now={NOW} onOpenOptions={onOpenOptions} />);
  return { el, onOpenOptions };
}

describe('Policy banner', () => {
  it('stays away while the policy is fresh', async () => {
    const { el } = await renderBanner(testPolicyState({ lastSuccessAt: NOW - 2.9 * HOUR }));
    expect(queryByRole(el, 'status')).toBeNull();
  });

  it('says when no policy is loaded, and links to options', async () => {
    const { el, onOpenOptions } = await renderBanner(
      testPolicyState({ policy: null, source: null, lastSuccessAt: null, lastError: { at: NOW, message: 'HTTP 404' } }),
    );
    expect(textOf(getByRole(el, 'status'))).toContain(
      'No firm policy is loaded, so the panel cannot say what you may give. The last attempt to load it was refused; options says why.',
    );
    // The raw error is for whoever fixes the policy, on the options page.
    expect(textOf(getByRole(el, 'status'))).not.toContain('HTTP 404');
    await click(getByRole(el, 'button', 'Open options'));
    expect(onOpenOptions).toHaveBeenCalled();
  });

  it('says in one line that an update was refused and the limits are unchanged, in firm time, without the parser\'s words', async () => {
    const { el } = await renderBanner(
      testPolicyState({ lastSuccessAt: NOW - HOUR, lastError: { at: NOW - 60_000, message: 'Unexpected token } in JSON at position 1882.' } }),
    );
    expect(textOf(getByRole(el, 'status').querySelector('p')!)).toBe(
      "The firm's policy update was refused — your limits are unchanged (the policy synced Nov 25, 2026, 1:00 PM, New York time).",
    );
  });

  it('says when a synced policy has not been refreshed for three sync periods', async () => {
    const { el } = await renderBanner(testPolicyState({ lastSuccessAt: NOW - 5 * HOUR }));
    expect(textOf(getByRole(el, 'status'))).toContain('The policy was last updated 5 h ago and may be out of date.');
  });

  it('does not call an imported file stale', async () => {
    const { el } = await renderBanner(testPolicyState({ source: 'file', lastSuccessAt: NOW - 50 * HOUR }));
    expect(queryByRole(el, 'status')).toBeNull();
  });
});
