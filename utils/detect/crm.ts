import type { ClientSource, DetectContext, DetectedClient } from './types';
import { cleanEmail, cleanText, isOurs, queryBounded } from './text';
import { firstNameOf } from '../people';

// What every CRM record page has in common: the record id comes from the URL (sturdy), the name
// from the record's header, and the email from a `mailto:` link or email field. Firms rearrange
// record pages (HubSpot's record sidebar and cards, Salesforce's page and compact layouts and
// Dynamic Forms, Dynamics' forms, Pipedrive's field groups, Zoho's layouts), so after the tool's
// precise places comes the whole record area — never the user's or the firm's addresses, nor anyone
// else's shown on the record: its owner, notes, activity, related and associated records.

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
  /** The record's main area (a selector list), searched when the precise places hold no email. */
  recordArea: string;
  /** This tool's regions that show other people's addresses, beyond those named below. */
  otherPeople?: string[];
}

// Regions that show other people's addresses, by the names CRMs give them in element names, ids,
// test ids, field names and labels, so a rearranged layout still keeps them out.
const OTHER_PEOPLE = /owner|assign|follower|activit|timeline|history|notes?\b|feed|chatter|comment|engagement|conversation|communication|associat|related|quick-?view|subgrid/i;
const NAMING = ['id', 'class', 'name', 'aria-label', 'data-test-id', 'data-testid', 'data-selenium-test', 'data-id', 'data-field', 'data-field-id', 'field-label'];
// A field's visible label ("Contact owner", "Assigned to") when its markup names nothing.
const OTHER_LABEL = /\b(owner|assigned|created by|modified by|follower)/i;
const MAX_DEPTH = 40;

/** The label a field shows beside a value: its parent's own text, a label just before it, or a list's term. */
function labelled(el: Element, pattern: RegExp): boolean {
  const parent = el.parentElement;
  const own = parent
    ? [...parent.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent ?? '').join(' ')
    : '';
  const term = parent?.tagName === 'DD' ? parent.previousElementSibling : null;
  const before = el.previousElementSibling;
  const label = term ?? (before && ['LABEL', 'DT', 'SPAN', 'STRONG', 'B'].includes(before.tagName) ? before : null);
  return pattern.test(cleanText(own, 80)) || pattern.test(cleanText(label?.textContent, 80));
}

/** Whether `el`, up to (not including) `root`, sits in a region that shows other people. */
function showsOtherPeople(el: Element, root: Element, extra: readonly string[]): boolean {
  if (labelled(el, OTHER_LABEL)) return true;
  let node: Element | null = el;
  for (let depth = 0; node && node !== root && depth < MAX_DEPTH; depth++, node = node.parentElement) {
    // Custom elements name their region (Salesforce's `runtime_sales_activities-activity-timeline`).
    if (node.localName.includes('-') && OTHER_PEOPLE.test(node.localName)) return true;
    for (const name of NAMING) {
      const value = node.getAttribute(name);
      if (value && OTHER_PEOPLE.test(value.slice(0, 200))) return true;
    }
    if (extra.some((selector) => node!.matches(selector))) return true;
  }
  return false;
}

function inputValue(el: Element): string | null | undefined {
  return 'value' in el ? String((el as HTMLInputElement).value) : el.textContent;
}

/** An input that holds an email address: typed so, or named so. */
function isEmailInput(el: Element): boolean {
  if (el.tagName !== 'INPUT') return false;
  if ((el.getAttribute('type') ?? '').toLowerCase() === 'email') return true;
  return ['name', 'id', 'data-id', 'aria-label'].some((a) => /e-?mail/i.test(el.getAttribute(a) ?? ''));
}

type Found = { email: string; evidence: string };

function firstEmailIn(root: Element, page: RecordPage, ctx: DetectContext, links: boolean, inputs: boolean): Found | null {
  const selector = [links ? 'a[href^="mailto:" i]' : '', inputs ? 'input' : ''].filter(Boolean).join(', ');
  for (const el of queryBounded(root, selector, 200)) {
    const isLink = el.tagName === 'A';
    if (!isLink && !isEmailInput(el)) continue;
    const email = cleanEmail(isLink ? el.getAttribute('href') : inputValue(el));
    if (!email || isOurs(email, ctx) || showsOtherPeople(el, root, page.otherPeople ?? [])) continue;
    return { email, evidence: isLink ? 'a[href^=mailto]' : 'email input' };
  }
  return null;
}

function recordEmail(doc: Document, page: RecordPage, ctx: DetectContext): Found | null {
  for (const scope of page.emailScopes) {
    for (const root of queryBounded(doc, scope, 10)) {
      const found = firstEmailIn(root, page, ctx, true, false);
      if (found) return { ...found, evidence: `${scope} ${found.evidence}` };
    }
  }
  for (const field of page.emailFields ?? []) {
    const el = doc.querySelector(field);
    const email = cleanEmail(el ? inputValue(el) : undefined);
    if (email && !isOurs(email, ctx)) return { email, evidence: field };
  }
  // The layout put the email elsewhere: anywhere in the record's area, outside other people's regions.
  const area = doc.querySelector(page.recordArea);
  const found = area ? firstEmailIn(area, page, ctx, true, true) : null;
  return found ? { ...found, evidence: `record area ${found.evidence}` } : null;
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
