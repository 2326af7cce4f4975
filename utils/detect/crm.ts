import type { ClientSource, DetectContext, DetectedClient } from './types';
import { cleanEmail, cleanText, isOurs, queryBounded } from './text';
import { firstNameOf } from '../people';

// What every CRM record page has in common: the record id comes from the URL (sturdy), the name
// from the record's header, and the email from a `mailto:` link or email field in the record's
// highlight area, never the owner's or the user's.

export interface RecordPage {
  source: ClientSource;
  sourceLabel: string;
  recordId: string;
  /** Tried in order; the first with text is the record's name. */
  nameSelectors: string[];
  /** Where the record's own email is shown, most specific first. */
  emailScopes: string[];
  /** Email inputs (tools that show the address in a field rather than a link). */
  emailFields?: string[];
}

function recordEmail(doc: Document, page: RecordPage, ctx: DetectContext): { email: string; evidence: string } | null {
  for (const scope of page.emailScopes) {
    for (const root of queryBounded(doc, scope, 10)) {
      for (const link of queryBounded(root, 'a[href^="mailto:" i]', 50)) {
        const email = cleanEmail(link.getAttribute('href'));
        if (email && !isOurs(email, ctx)) return { email, evidence: `${scope} a[href^=mailto]` };
      }
    }
  }
  for (const field of page.emailFields ?? []) {
    const el = doc.querySelector(field);
    const email = cleanEmail(el && 'value' in el ? String((el as HTMLInputElement).value) : el?.textContent);
    if (email && !isOurs(email, ctx)) return { email, evidence: field };
  }
  return null;
}

/** The client of a CRM record page, or null while the page has not rendered the record's name. */
export function recordClient(doc: Document, page: RecordPage, ctx: DetectContext): DetectedClient | null {
  let name = '';
  let nameEvidence = '';
  for (const selector of page.nameSelectors) {
    name = cleanText(doc.querySelector(selector)?.textContent);
    nameEvidence = selector;
    if (name) break;
  }
  if (!name) return null;
  const found = recordEmail(doc, page, ctx);
  return {
    source: page.source,
    sourceLabel: page.sourceLabel,
    recordId: page.recordId,
    ...(found ? { email: found.email } : {}),
    name,
    firstName: firstNameOf(name, found?.email),
    pageKind: 'record',
    evidence: [`URL record id`, nameEvidence, found?.evidence].filter(Boolean).join('; '),
  };
}
