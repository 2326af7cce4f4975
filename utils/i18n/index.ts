import type english from '../../public/_locales/en/messages.json';

// Every word a person reads comes from the extension's messages (public/_locales/<lang>/messages.json),
// looked up by key. The lookup is handed in — browser.i18n.getMessage in the extension
// (utils/browser/i18n.ts), the JSON tables in Node (utils/i18n/tables.ts) — so this stays pure.
// A key missing from the English table fails the type check; a locale that lacks a key, has an extra
// one or drops a placeholder fails tests/unit/i18n/locales.test.ts.

/** A key of the English messages: the set every locale has. */
export type MessageKey = keyof typeof english;

/** A plural message: keys `<base>_one` and `<base>_other` (other categories fall back to `_other`). */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];

/** Chrome's getMessage contract: `$1`…`$9` replaced by the substitutions; "" for an unknown key. */
export type Lookup = (key: string, substitutions: string[]) => string;

export type Substitution = string | number;

export interface Translator {
  /** The interface language (BCP 47), for dates, times and numbers on screen. */
  readonly language: string;
  t(key: MessageKey, ...substitutions: Substitution[]): string;
  /** The plural form for `count` in the interface language; `$1` is the count, then the rest. */
  tp(key: PluralKey, count: number, ...substitutions: Substitution[]): string;
}

export function createTranslator(lookup: Lookup, language: string): Translator {
  const numbers = new Intl.NumberFormat(language);
  const plurals = new Intl.PluralRules(language);
  const text = (value: Substitution) => (typeof value === 'number' ? numbers.format(value) : value);
  const find = (key: string, substitutions: Substitution[]) => lookup(key, substitutions.map(text));
  return {
    language,
    t(key, ...substitutions) {
      const message = find(key, substitutions);
      if (!message) throw new Error(`No message "${key}"`);
      return message;
    },
    tp(key, count, ...substitutions) {
      const all = [count, ...substitutions];
      const message = find(`${key}_${plurals.select(count)}`, all) || find(`${key}_other`, all);
      if (!message) throw new Error(`No message "${key}_other"`);
      return message;
    },
  };
}

let active: Translator | null = null;

/** Sets the messages every `t()` reads from; each entrypoint does it once, before it renders. */
export function setTranslator(translator: Translator): void {
  active = translator;
}

function current(): Translator {
  if (!active) throw new Error('No messages: the entrypoint must install them before any text is shown');
  return active;
}

export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  return current().t(key, ...substitutions);
}

export function tp(key: PluralKey, count: number, ...substitutions: Substitution[]): string {
  return current().tp(key, count, ...substitutions);
}

/** The interface language, for Intl formatters of dates, times and numbers on screen. */
export function uiLanguage(): string {
  return current().language;
}

/** "a, b or c" in the interface language. */
export function orList(items: readonly string[]): string {
  return new Intl.ListFormat(uiLanguage(), { type: 'disjunction' }).format(items);
}

/** "a, b and c" in the interface language. */
export function andList(items: readonly string[]): string {
  return new Intl.ListFormat(uiLanguage(), { type: 'conjunction' }).format(items);
}

type Words<T> = { readonly [K in keyof T]: T[K] extends MessageKey ? string : T[K] };

/**
 * A component's table of words, each read when it is used (so after the entrypoint installed the
 * messages): a key's value names its message; functions and nested tables stay as they are.
 */
export function messages<const T extends Record<string, MessageKey | ((...args: never[]) => string) | Readonly<Record<string, MessageKey>>>>(
  table: T,
): Words<T> {
  const words: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(table)) {
    if (typeof value === 'string') Object.defineProperty(words, name, { get: () => t(value as MessageKey), enumerable: true });
    else words[name] = value;
  }
  return words as Words<T>;
}
