import type { Locator } from 'playwright-core';
import { openSidePanel, tabIdOf } from '../e2e/harness';
import { startExtension } from './extension';
import { atMost, measured, unavailable, type Figure } from './figures';
import { gmailDocument, gmailThread } from './fixtures/gmail';
import type { Group } from './group';

// The first call in a side panel of real size (360 × 800, a laptop's side panel), in the built
// extension: how far the person would have to scroll to reach the next button after Start incident
// (Grant) and after Grant (Insert into email). Measured from the panel's top: the distance from the
// bottom of the button to the bottom of the window, 0 when it is on screen as the step ends.

const GROUP = '7. First call at 360 × 800 (Chromium)';
const SIZE = { width: 360, height: 800 };
const CLIENT = { email: 'nora.quinn@quinnlandscapes.example', name: 'Nora Quinn' };

async function scrollNeeded(target: Locator): Promise<number> {
  await target.waitFor({ timeout: 15_000 });
  return target.evaluate((el) => {
    const box = el.getBoundingClientRect();
    // As laid out from the top of the page: scrolling the panel itself would hide it.
    return Math.round(Math.max(0, box.bottom + window.scrollY - window.innerHeight));
  });
}

export const firstCall: Group = {
  id: 'first-call',
  title: GROUP,
  needsBuild: true,
  async run({ extensionDir }) {
    const { session } = await startExtension(extensionDir);
    try {
      const html = gmailDocument(gmailThread(CLIENT, 4, 'Documents went by ground'));
      await session.context.route('https://mail.google.com/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
      const gmail = await session.context.newPage();
      await gmail.goto('https://mail.google.com/mail/u/0/#inbox/thread-one');
      const panel = await openSidePanel(session, await tabIdOf(session, gmail), SIZE);
      const category = panel.getByRole('radio', { name: 'Documents sent the wrong way' });
      try {
        await category.waitFor({ timeout: 15_000 });
      } catch {
        return [unavailable(GROUP, 'scroll needed to reach Grant / Insert', 'px', 'the panel never showed the client')];
      }
      await category.click();
      await panel.getByRole('button', { name: 'Start incident' }).click();
      const grant = panel.getByRole('button', { name: 'Grant' });
      const toGrant = await scrollNeeded(grant);
      await grant.click();
      const toInsert = await scrollNeeded(panel.getByRole('region', { name: 'Credit note' }).getByRole('button', { name: 'Insert into email' }));
      return [
        measured(GROUP, 'scroll needed to reach Grant, after Start incident', toGrant, 'px', { runs: 1, target: atMost(0) }),
        measured(GROUP, 'scroll needed to reach Insert into email, after Grant', toInsert, 'px', { runs: 1, target: atMost(0) }),
      ];
    } finally {
      await session.close();
    }
  },
};
