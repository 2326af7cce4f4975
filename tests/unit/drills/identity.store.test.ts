import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { makePolicyService } from '@/entrypoints/background/policy-service';
import { openConfigStore } from '@/utils/config-store';
import { exampleText } from '../policy/helpers';

// Drill: who you are, when IT says so. With `staffEmail` in managed storage (locked like the policy
// URL), typing a partner's address under Your email, in any spelling, changes nothing: the
// front-desk user stays the front desk. Without it, the address is what the user typed, and the
// settings say it is self-declared.

const page = {} as never;

describe('drill: identity set by IT', () => {
  it('keeps the user IT named, whatever is typed or written elsewhere', async () => {
    const { handlers: policyHandlers, currentMe, start: startPolicySync } = makePolicyService({
      fetch: (input, init) => fetch(input, init),
      config: openConfigStore(),
    });
    startPolicySync();
    await policyHandlers.importPolicy({ text: exampleText, fileName: 'policy.json' }, page);
    const typed = await policyHandlers.setSettings({ selfEmail: 'ana.ruiz@harborpine.example' }, page);
    expect(typed.selfEmailLocked).toBe(false);

    await fakeBrowser.storage.managed.set({ staffEmail: 'Ana.Ruiz@harborpine.example' });
    await new Promise((r) => setTimeout(r, 0));
    const attempts = [
      'dev.patel@harborpine.example',
      ' DEV.PATEL@HARBORPINE.EXAMPLE ',
      'carla.meyer@harborpine.example',
      '',
    ];
    let refused = 0;
    for (const selfEmail of attempts) {
      try {
        await policyHandlers.setSettings({ selfEmail }, page);
      } catch (error) {
        if (/set by your organisation/.test((error as Error).message)) refused++;
      }
    }
    // As a content script could in Firefox: the settings under the key earlier versions used.
    await fakeBrowser.storage.local.set({ settings: { selfEmail: 'dev.patel@harborpine.example' } });
    const me = await currentMe();
    const settings = await policyHandlers.getSettings(undefined, page);
    console.log(
      `identity set by IT: ${attempts.length} attempts to type another address, ${refused} refused; ` +
        `you are ${me?.email} (${me?.role}), ${settings.selfEmailLocked ? 'set by your organisation' : 'self-declared'}`,
    );
    expect(refused).toBe(attempts.length);
    expect(me).toMatchObject({ email: 'ana.ruiz@harborpine.example', role: 'front-desk' });
    expect(settings.selfEmailLocked).toBe(true);
  });
});
