import { describe, expect, it } from 'vitest';
import type { ExtensionPage } from './extension-page';

// The first call, the same story in every browser: a client writes about a courier fee charged
// twice; Ana at the front desk opens the panel beside the Gmail thread, logs the mistake, grants the
// courier credit within her authority and drops the credit note into the reply, in four clicks.
// Each browser's test file opens the thread and the panel (its fixture: tests/fixtures/gmail/), and
// may check more of what Ana sees at each moment of the call (`at`).

export type FirstCallMoment = 'open' | 'started' | 'granted' | 'inserted';

export interface FirstCallBrowser {
  /** The side panel beside the Gmail thread, with Ana's policy in force. */
  panel: ExtensionPage;
  /** The text of the reply being written in Gmail, as Ana sees it. */
  reply(): Promise<string>;
  /** More of what Ana sees at one moment of the call (on screen, focus, screenshots). */
  at?(moment: FirstCallMoment): Promise<void>;
}

/** The credit note Ana's grant gives, as the panel announces it. */
export const GRANTED = /Granted: Credit the courier fee, \$20\.00, credit note CN-\d{4}-\d{4}\./;

export function firstCall(browserName: string, browser: () => FirstCallBrowser): void {
  describe(`the first call in ${browserName}`, () => {
    it('repairs the mistake in four clicks and puts the credit note into the reply', async () => {
      const { panel, reply, at } = browser();
      await expect.poll(() => panel.text('[aria-label="Client"] h1'), { timeout: 15_000 }).toBe('Alice Baker');
      expect(await panel.text('[aria-label="Client"]')).toContain('alice.baker@bakerbakery.example');
      expect(await panel.text('[aria-label="Client"]')).toContain('Detected in Gmail');
      const authority = await panel.regionText('Your authority');
      expect(authority).toContain('Ana Ruiz');
      expect(authority).toContain('Front desk');
      expect(authority).toContain('$25.00');
      await at?.('open');

      let clicks = 0;
      const click = async (act: () => Promise<void>) => {
        clicks += 1;
        await act();
      };
      await click(() => panel.choose('Documents sent the wrong way'));
      await panel.fill('One-line summary', 'Courier fee charged twice on the March invoice');
      await click(() => panel.press('Start incident'));

      // The remedy the policy suggests for the mistake, at its default amount, within her authority.
      await expect.poll(() => panel.text('.decision'), { timeout: 15_000 }).toContain(
        'Within your $25.00 per-incident limit; after this grant, $80.00 left for this client this year',
      );
      expect(await panel.valueOf('Amount (USD)')).toBe('20.00');
      await at?.('started');
      await click(() => panel.press('Grant'));
      await expect.poll(() => panel.text('body'), { timeout: 15_000 }).toMatch(GRANTED);
      await at?.('granted');

      await click(() => panel.press('Insert into email', 'Credit note'));
      await expect.poll(() => panel.regionText('Credit note'), { timeout: 15_000 }).toContain(
        'Inserted the text into the email to Alice Baker (alice.baker@bakerbakery.example).',
      );
      console.log(`First call in ${browserName}: ${clicks} clicks from panel open to the credit note in the reply`);
      expect(clicks).toBe(4);

      const inserted = (await reply()).replace(/\u00a0/g, ' ');
      expect(inserted).toContain('Dear Alice,');
      expect(inserted).toContain('We have given you a credit of $20.00 for the courier fee: credit note CN-');
      expect(inserted).toMatch(/credit note CN-\d{4}-\d{4}, dated/);
      expect(inserted).toContain('Ana Ruiz\nHarbor & Pine CPAs');
      await at?.('inserted');
    });
  });
}
