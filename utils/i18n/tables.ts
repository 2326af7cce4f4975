import en from '../../public/_locales/en/messages.json';
import fr from '../../public/_locales/fr/messages.json';
import de from '../../public/_locales/de/messages.json';
import es from '../../public/_locales/es/messages.json';
import { createTranslator, type Lookup, type Translator } from './index';
import { substitute, type Messages } from './substitute';

export { substitute };

// The messages outside the browser (tests, policy:check), read from the same files the browser reads
// and substituted as Chrome and Firefox do: `$1`…`$9` by the substitutions, `$$` as a dollar sign.

export type { Messages };

export const LOCALES: Record<string, Messages> = { en, fr, de, es };

export const DEFAULT_LOCALE = 'en';

/** The lookup for one language's table, falling back to English for a key it lacks (as browsers do). */
export function tableLookup(language: string): Lookup {
  const table = LOCALES[localeFor(language)] ?? {};
  const fallback = LOCALES[DEFAULT_LOCALE] ?? {};
  return (key, substitutions) => {
    const entry = table[key] ?? fallback[key];
    return entry ? substitute(entry.message, substitutions) : '';
  };
}

/** The locale the extension has for a language tag ("fr-CA" → "fr", "fr_FR.UTF-8" → "fr"), else English. */
export function localeFor(language: string | undefined): string {
  const base = (language ?? '').split(/[-_.@]/)[0]?.toLowerCase() ?? '';
  return base in LOCALES ? base : DEFAULT_LOCALE;
}

/**
 * The language a command-line tool speaks, from LC_ALL, LC_MESSAGES or LANG ("fr_FR.UTF-8" → "fr-FR"):
 * English unless the extension has that language.
 */
export function languageFromEnv(env: Record<string, string | undefined>): string {
  const tag = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').split(/[.@]/)[0]!.replace('_', '-');
  return localeFor(tag) === DEFAULT_LOCALE || !tag ? DEFAULT_LOCALE : tag;
}

export function tableTranslator(language: string): Translator {
  return createTranslator(tableLookup(language), language);
}
