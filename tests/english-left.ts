import { LOCALES } from '../utils/i18n/tables';

// Which English messages of ours are still in a text shown in another language: shared by the
// real-browser languages test and the unit tests that render in French, German and Spanish.

const english = LOCALES.en!;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every string in a value (a policy, a request): the firm's and people's own words, kept as written;
 * a template's or phrase's text also by its parts between `{{…}}` slots, as they read once filled in.
 */
export function wordsIn(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('{{') ? [value, ...value.split(/\{\{[^{}]*\}\}/)] : [value];
  if (Array.isArray(value)) return value.flatMap(wordsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(wordsIn);
  return [];
}

/** The English messages of ours still in `shown`, once `ownWords` (the firm's, people's) are taken out. */
export function englishLeft(shown: string, lang: string, ownWords: readonly string[]): string[] {
  let text = shown.replace(/\u00a0|\u202f/g, ' ');
  for (const w of [...ownWords].filter((w) => w.length > 2).sort((a, b) => b.length - a.length)) text = text.split(w).join(' ');
  // Addresses and file names are not words of the interface ("…/make-it-right/policy.json").
  text = text.replace(/\S+:\/\/\S+|\S+\.json\b/g, ' ');
  const table = LOCALES[lang]!;
  const left: string[] = [];
  for (const [key, { message }] of Object.entries(english)) {
    if (table[key]?.message === message) continue; // the same in both (a brand, "Client" in French)
    // A sentence with placeholders is matched by its fixed parts.
    for (const part of message.split(/\$[1-9]/).map((p) => p.trim().replace(/^[,.:;() ]+|[,.:;() ]+$/g, ''))) {
      // A part the translation shares is not English left over ("Make It Right —", French "incidents").
      if (part.length < 4 || table[key]?.message.includes(part)) continue;
      if (new RegExp(`(^|[^\\p{L}])${escape(part)}([^\\p{L}]|$)`, 'u').test(text)) left.push(`${key}: "${part}"`);
    }
  }
  // A date or time written the English way.
  const date = text.match(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}\b|\b\d{1,2}:\d{2} ?(AM|PM)\b/);
  if (date) left.push(`a date in English: "${date[0]}"`);
  return [...new Set(left)];
}
