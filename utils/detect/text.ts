import type { DetectContext } from './types';

// Everything a detector reads comes from a hostile page: these helpers bound it and strip what could
// disguise it before it leaves the content script.

const MAX_NAME = 200;
/** RFC 5321's limit on a forward path. */
const MAX_EMAIL = 254;
/** Bounds on how much of a page one detection walks, however large the page. */
const MAX_SCAN = 500;

// Controls and line separators become spaces. Format characters (\p{Cf}: bidi embeddings, overrides
// and isolates, zero-width marks, the soft hyphen, the Arabic letter mark, tags) and every other
// default-ignorable code point (Hangul fillers, variation selectors, the combining grapheme joiner)
// are dropped: browsers draw them as nothing or as blank space, so they could make a name read
// differently from what it is ("evil‮moc.knab" shown as "bank.com…") or look empty. The braille
// blank is drawn as a space but is none.
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/gu;
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** The text without what is drawn as nothing; controls become spaces. */
function visible(text: string): string {
  return text.replace(CONTROL, ' ').replace(INVISIBLE, '');
}

const EMAIL = /^[^\s@<>()[\]\\,;:"']+@[^\s@<>()[\]\\,;:"']+\.[^\s@<>()[\]\\,;:"'.]+$/;
const EMAIL_IN_TEXT = /[^\s@<>()[\]\\,;:"']+@[^\s@<>()[\]\\,;:"']+\.[^\s@<>()[\]\\,;:"'.]+/;

/** Plain, single-line, bounded text. Reads only a bounded prefix of huge strings. */
export function cleanText(raw: string | null | undefined, max = MAX_NAME): string {
  if (!raw) return '';
  return raw
    .slice(0, max * 4)
    .replace(CONTROL, ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
}

/**
 * Text that may run over lines (a summary, a reason), as untrusted as a page's: what is drawn as
 * nothing dropped and other controls made spaces, line breaks kept, bounded.
 */
export function cleanParagraphs(raw: string | null | undefined, max: number): string {
  if (!raw) return '';
  return raw
    .slice(0, max * 4)
    .replace(/\r\n?/g, '\n')
    .replace(/(?!\n)[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(INVISIBLE, '')
    .slice(0, max);
}

/** A normalised email address, or undefined when the text is not one. Accepts `mailto:` links. */
export function cleanEmail(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  let text = visible(raw.slice(0, MAX_EMAIL * 2)).trim();
  if (/^mailto:/i.test(text)) {
    text = text.slice(7).split('?')[0] ?? '';
    try {
      // What the link encoded may hide the same characters again.
      text = visible(decodeURIComponent(text));
    } catch {
      return undefined;
    }
  }
  text = text.trim().toLowerCase();
  return text.length <= MAX_EMAIL && EMAIL.test(text) ? text : undefined;
}

/** The first email address inside free text such as `Alice Baker <alice@example.com>`. */
export function emailInText(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const match = EMAIL_IN_TEXT.exec(visible(raw.slice(0, 1000)));
  return match ? cleanEmail(match[0]) : undefined;
}

/** The name part of `Alice Baker <alice@example.com>` (or the whole text when there is no address). */
export function nameInText(raw: string | null | undefined): string {
  const text = cleanText(raw, MAX_NAME * 2);
  const lt = text.lastIndexOf('<');
  return cleanText((lt >= 0 ? text.slice(0, lt) : text).replace(/^["']|["']$/g, ''));
}

/** The user or a colleague: never the client. */
export function isOurs(email: string, ctx: DetectContext): boolean {
  if (ctx.selfEmails.some((self) => self.trim().toLowerCase() === email)) return true;
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return ctx.firmDomains.some((firm) => firm.trim().toLowerCase() === domain);
}

/** At most `max` elements matching `selector` under `root`, in document order. */
export function queryBounded(root: ParentNode, selector: string, max = MAX_SCAN): Element[] {
  const found: Element[] = [];
  for (const el of root.querySelectorAll(selector)) {
    if (found.length >= max) break;
    found.push(el);
  }
  return found;
}
