import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishLeft, wordsIn } from '../english-left';
import {
  ROOT,
  callBackground,
  gmailThreadWithInlineReply,
  launchExtension,
  openOptions,
  openSidePanel,
  routeFixture,
  screenshotPath,
  tabIdOf,
  type ExtensionSession,
} from './harness';

// The interface in the browser's language: Chromium started in French, German and Spanish (Debian's
// Chromium needs chromium-l10n for that) shows the options page and the side panel with no English
// word of ours left, while what the firm wrote in its policy stays in the firm's words. The first
// call is done in French, by the French names a person sees. One browser per language, kept lean.

const policyText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');
/** The firm's own words, which stay as the firm wrote them. */
const FIRM_WORDS = wordsIn(JSON.parse(policyText));

/** What a person reads or hears on the page: text, accessible names, placeholders, tooltips, the title. */
function readable(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[aria-label],[placeholder],[title]')].flatMap((el) =>
      ['aria-label', 'placeholder', 'title'].map((a) => el.getAttribute(a) ?? ''),
    );
    // Folded parts (details) count too: open them all.
    for (const d of document.querySelectorAll('details')) d.open = true;
    return [document.title, document.body.innerText, ...attributes].join('\n');
  });
}

/** The English messages of ours still on the page, once the firm's own words are taken out. */
async function englishLeftOn(page: Page, lang: string): Promise<string[]> {
  return englishLeft(await readable(page), lang, FIRM_WORDS);
}

/** A few words each language must show, written here by hand rather than read from the tables. */
const SPOT: Record<
  string,
  { authority: string; start: string; grant: string; insert: string; sync: string; incidents: string; resolve: string; anyway: string; undo: string }
> = {
  fr: {
    authority: 'Votre pouvoir de décision',
    start: 'Ouvrir l’incident',
    grant: 'Accorder',
    insert: 'Insérer dans l’e-mail',
    sync: 'Synchroniser maintenant',
    incidents: 'Incidents',
    resolve: 'Clore',
    anyway: 'Clore quand même',
    undo: 'Annuler',
  },
  de: {
    authority: 'Ihre Befugnisse',
    start: 'Vorfall anlegen',
    grant: 'Gewähren',
    insert: 'In E-Mail einfügen',
    sync: 'Jetzt synchronisieren',
    incidents: 'Vorfälle',
    resolve: 'Erledigen',
    anyway: 'Trotzdem erledigen',
    undo: 'Rückgängig machen',
  },
  es: {
    authority: 'Sus atribuciones',
    start: 'Abrir incidencia',
    grant: 'Conceder',
    insert: 'Insertar en el correo',
    sync: 'Sincronizar ahora',
    incidents: 'Incidencias',
    resolve: 'Resolver',
    anyway: 'Resolver de todos modos',
    undo: 'Deshacer',
  },
};

describe.each(['fr', 'de', 'es'])('the interface in a browser set to %s', (lang) => {
  const words = SPOT[lang]!;
  let session: ExtensionSession;
  let gmail: Page;

  beforeAll(async () => {
    session = await launchExtension({ lang });
    const options = await openOptions(session);
    await callBackground(options, 'importPolicy', { text: policyText, fileName: 'policy.json' });
    await callBackground(options, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
    await options.close();
    await routeFixture(session.context, 'https://mail.google.com/**', () => gmailThreadWithInlineReply());
    gmail = await session.context.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmrTzVbplNTRcfxdwCjN');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('options page: every word of ours in the language, the firm’s words as written', async () => {
    const options = await openOptions(session);
    await options.getByRole('button', { name: words.sync }).waitFor();
    await options.getByTestId('firm-name').getByText('Harbor & Pine CPAs').waitFor();
    expect(await options.evaluate(() => document.documentElement.lang)).toBe(lang);
    expect(await englishLeftOn(options, lang)).toEqual([]);
    await options.close();
  });

  it('side panel: the first call in the language, with no English of ours left', async () => {
    const panel = await openSidePanel(session, await tabIdOf(session, gmail), { width: 360, height: 800 });
    const authority = panel.getByRole('region', { name: words.authority });
    await expect.poll(() => authority.textContent(), { timeout: 15_000 }).toContain('Ana Ruiz');
    expect(await englishLeftOn(panel, lang)).toEqual([]);

    // The categories and remedies are the firm's words; everything around them is the language's.
    await panel.getByRole('radio', { name: 'Documents sent the wrong way' }).click();
    await panel.getByRole('button', { name: words.start }).click();
    if (lang === 'fr') {
      // French writes the firm's dollars its own way; the decision says it in French.
      const decision = (await panel.locator('.decision').textContent())?.replace(/\u00a0|\u202f/g, ' ');
      expect(decision).toContain('Dans votre plafond de 25,00 $US par incident');
    }
    await panel.getByRole('button', { name: words.grant }).click();
    if (lang === 'fr') await panel.getByText(/^Accordé\s:\sCredit the courier fee, 20,00\s\$US, avoir CN-\d{4}-\d{4}\.$/).waitFor();
    const creditNote = panel.getByRole('region', { name: 'Credit note' });
    await creditNote.getByRole('button', { name: words.insert }).click();
    // Said by the Gmail tab's content script, in the browser's language too.
    await creditNote.getByRole('status').filter({ hasText: 'Alice Baker (alice.baker@bakerbakery.example)' }).waitFor();
    if (lang === 'fr') {
      expect(await creditNote.getByRole('status').textContent()).toBe(
        'Texte inséré dans l’e-mail à Alice Baker (alice.baker@bakerbakery.example).',
      );
      // The email is the firm's template in the firm's words, its amount in the firm's locale.
      const inserted = (await gmail.locator('.M9 [contenteditable=true]').innerText()).replace(/\u00a0/g, ' ');
      expect(inserted).toContain('We have given you a credit of $20.00 for the courier fee: credit note CN-');
    }
    expect(await englishLeftOn(panel, lang)).toEqual([]);
    await panel.emulateMedia({ colorScheme: 'light' });
    await panel.screenshot({ path: screenshotPath(`panel-${lang}.png`), fullPage: true });

    // The Incidents tab: the list with its next steps, Resolve asking first what is still open, Undo.
    await panel.getByRole('tab', { name: words.incidents }).click();
    const item = panel.locator('.incident-item').first();
    await item.getByRole('button', { name: words.resolve, exact: true }).click();
    const anyway = item.getByRole('button', { name: words.anyway });
    await anyway.waitFor();
    expect(await englishLeftOn(panel, lang)).toEqual([]);
    await anyway.click();
    await panel.getByRole('button', { name: words.undo }).click();
    await item.getByRole('button', { name: words.resolve, exact: true }).waitFor();
    expect(await englishLeftOn(panel, lang)).toEqual([]);
    await panel.close();
  });
});
