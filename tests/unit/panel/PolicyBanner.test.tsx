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
      'No firm policy is loaded, so the panel cannot say what you may give. The last attempt failed: HTTP 404',
    );
    await click(getByRole(el, 'button', 'Open options'));
    expect(onOpenOptions).toHaveBeenCalled();
  });

  it('says when the last sync failed and which copy is still in force', async () => {
    const { el } = await renderBanner(
      testPolicyState({ lastSuccessAt: NOW - HOUR, lastError: { at: NOW - 60_000, message: 'Invalid JSON.' } }),
    );
    expect(textOf(getByRole(el, 'status'))).toContain(
      'The last policy sync failed: Invalid JSON. Still using the copy from 1:00 PM.',
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
