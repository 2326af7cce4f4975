import { describe, expect, it } from 'vitest';
import { LOCALES, tableTranslator, type Messages } from '@/utils/i18n/tables';
import { createTranslator, messages, setTranslator } from '@/utils/i18n';

// Every locale says everything English says, nothing else, and keeps every placeholder: a
// translation that drops "$1" would show a sentence without its amount or name.

function placeholders(message: string): string[] {
  return [...message.matchAll(/\$([1-9])/g)].map((m) => m[1]!).sort();
}

/** What is wrong with `table` against the English one, one line per problem. */
function localeProblems(lang: string, table: Messages, english: Messages): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) if (!(key in table)) problems.push(`${lang}: lacks "${key}"`);
  for (const [key, { message }] of Object.entries(table)) {
    const source = english[key];
    if (!source) {
      problems.push(`${lang}: has "${key}", which English does not`);
      continue;
    }
    if (!message.trim()) problems.push(`${lang}: "${key}" is empty`);
    const want = [...new Set(placeholders(source.message))].join(',');
    const got = [...new Set(placeholders(message))].join(',');
    if (want !== got) problems.push(`${lang}: "${key}" has placeholders [${got}], English [${want}]`);
    // A lone "$" is read by the browser as the start of a placeholder: a literal one is "$$".
    if (/\$(?![$1-9])/.test(message.replace(/\$\$/g, ''))) problems.push(`${lang}: "${key}" has a lone "$"`);
  }
  return problems;
}

describe('locales', () => {
  const english = LOCALES.en!;

  it('are English, French, German and Spanish', () => {
    expect(Object.keys(LOCALES).sort()).toEqual(['de', 'en', 'es', 'fr']);
  });

  it.each(['fr', 'de', 'es'])('%s has every English key, no other, and the same placeholders', (lang) => {
    expect(localeProblems(lang, LOCALES[lang]!, english)).toEqual([]);
  });

  it('the check finds a missing key, an extra key and a dropped placeholder', () => {
    const broken: Messages = { ...LOCALES.fr };
    const [first, second] = Object.keys(english).filter((k) => placeholders(english[k]!.message).length > 0);
    delete broken[first!];
    broken[second!] = { message: 'sans rien' };
    broken.notInEnglish = { message: 'de trop' };
    expect(localeProblems('fr', broken, english)).toEqual([
      `fr: lacks "${first}"`,
      `fr: "${second}" has placeholders [], English [${[...new Set(placeholders(english[second!]!.message))].join(',')}]`,
      'fr: has "notInEnglish", which English does not',
    ]);
  });

  it('keys are ones browsers accept, distinct even without case (browsers ignore case)', () => {
    const keys = Object.keys(english);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
    expect(new Set(keys.map((k) => k.toLowerCase())).size).toBe(keys.length);
  });

  it('every plural message has its "other" form', () => {
    for (const key of Object.keys(english)) {
      const base = key.match(/^(.*)_(zero|one|two|few|many)$/)?.[1];
      if (base) expect(english, key).toHaveProperty(`${base}_other`);
    }
  });

  it('English describes each placeholder for translators', () => {
    for (const [key, entry] of Object.entries(english)) {
      if (placeholders(entry.message).length > 0 && !/_(one|other|zero|two|few|many)$/.test(key)) {
        expect(entry.description, key).toBeTruthy();
      }
    }
  });
});

describe('translator', () => {
  const table: Messages = {
    items_one: { message: '$1 item for $2' },
    items_other: { message: '$1 items for $2' },
    price: { message: 'costs $$5, not $1' },
  };
  const lookup = (key: string, subs: string[]) =>
    table[key]?.message.replace(/\$(\$|[1-9])/g, (_, w: string) => (w === '$' ? '$' : (subs[Number(w) - 1] ?? ''))) ?? '';

  it('picks the plural form of the language: French says 0 in the singular', () => {
    expect(createTranslator(lookup, 'en').tp('items' as never, 0, 'Ana')).toBe('0 items for Ana');
    expect(createTranslator(lookup, 'fr').tp('items' as never, 0, 'Ana')).toBe('0 item for Ana');
    expect(createTranslator(lookup, 'fr').tp('items' as never, 1, 'Ana')).toBe('1 item for Ana');
  });

  it('writes numbers in the language and keeps a literal dollar sign', () => {
    expect(createTranslator(lookup, 'de').tp('items' as never, 1250, 'Ana')).toBe('1.250 items for Ana');
    expect(createTranslator(lookup, 'en').t('price' as never, 'x')).toBe('costs $5, not x');
  });

  it('a key the table lacks is an error, not an empty label', () => {
    expect(() => createTranslator(lookup, 'en').t('nowhere' as never)).toThrow('No message "nowhere"');
  });

  it('reads the shipped tables, with English for what a language lacks', () => {
    expect(tableTranslator('fr-FR').t('extName')).toBe('Make It Right');
    expect(tableTranslator('pt-BR').t('pageTitleOptions')).toBe('Make It Right — settings');
    expect(tableTranslator('de').t('pageTitleOptions')).toBe('Make It Right – Einstellungen');
  });

  it("a component's table of words is read when used, in the language installed then", () => {
    const words = messages({ title: 'pageTitleOptions', count: (n: number) => `${n}`, kinds: { a: 'extName' } });
    setTranslator(tableTranslator('de'));
    expect(words.title).toBe('Make It Right – Einstellungen');
    setTranslator(tableTranslator('en'));
    expect(words.title).toBe('Make It Right — settings');
    expect(words.count(3)).toBe('3');
    expect(words.kinds.a).toBe('extName');
  });
});
