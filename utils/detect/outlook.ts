import type { DetectContext, DetectedClient, Detector } from './types';
import { onSites, type ToolSites } from './sites';
import { cleanEmail, cleanText, emailInText, isOurs, nameInText, queryBounded } from './text';
import { firstNameOf } from '../people';

// Outlook on the web marks its regions with accessible names rather than stable classes, so this
// detector reads those: the reading pane is `[data-app-section="MailReadCompose"]` (as used by
// fperezdev/wd-extension-poc, src/lib/consts.ts), the compose body is the contenteditable labelled
// "Message body" and the recipient wells are labelled "To" / "Cc" (lucasjellema/outlook-addin reads
// the `[aria-label="Bcc"]` well's text the same way). A message header's sender is labelled
// "From: <name>" and carries the address in a title or as "Name <address>" text.

// Outlook on the web for work or school accounts (outlook.office.com, and outlook.office365.com that
// older links use) and for personal accounts (outlook.live.com).
export const OUTLOOK_SITES: ToolSites = {
  matches: ['https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
  examples: ['https://outlook.office.com/mail/inbox/id/AAQkADAwATM0MDAAMS0xMDEAAC0wMAoAEABuZ', 'https://outlook.live.com/mail/0/deeplink/compose'],
};
const BODY = 'div[contenteditable="true"][aria-label="Message body"]';
const MAX_COMPOSES = 20;

interface Person {
  email: string;
  name: string;
  evidence: string;
}

function client(person: Person, pageKind: 'thread' | 'compose'): DetectedClient {
  return {
    source: 'outlook',
    sourceLabel: 'Outlook',
    email: person.email,
    name: person.name || person.email,
    firstName: firstNameOf(person.name, person.email),
    pageKind,
    evidence: person.evidence,
  };
}

/** The smallest ancestor of a compose body that also holds its To well. */
function composeRoot(body: Element): Element | null {
  let el: Element | null = body.parentElement;
  for (let depth = 0; el && depth < 20; depth++, el = el.parentElement) {
    if (el.querySelector('[aria-label="To"]')) return el;
  }
  return null;
}

/** Every open compose window (its root and body), in document order. */
export function outlookComposes(doc: Document): { root: Element; body: Element }[] {
  return queryBounded(doc, BODY, MAX_COMPOSES).map((body) => ({ body, root: composeRoot(body) ?? body }));
}

/** The compose window the user is in: the focused one, else the last opened. */
export function activeOutlookCompose(doc: Document): { root: Element; body: Element } | null {
  const composes = outlookComposes(doc);
  const active = doc.activeElement;
  return composes.find((c) => active && c.root.contains(active)) ?? composes.at(-1) ?? null;
}

/** One recipient pill: the address from its title, aria-label or text; the name from its text. */
function pill(el: Element, evidence: string): Person | null {
  const email =
    cleanEmail(el.getAttribute('title')) ??
    emailInText(el.getAttribute('title')) ??
    emailInText(el.getAttribute('aria-label')) ??
    emailInText(el.textContent);
  if (!email) return null;
  const name = nameInText(el.textContent);
  return { email, name: name === email || name.includes('@') ? '' : name, evidence };
}

/** Everyone a compose window is addressed to, To before Cc, each once. */
export function outlookRecipients(root: Element): Person[] {
  const people: Person[] = [];
  for (const field of ['To', 'Cc']) {
    const well = root.querySelector(`[aria-label="${field}"]`);
    if (!well) continue;
    for (const el of queryBounded(well, '[title], [role=listitem]')) {
      const p = pill(el, `recipient well "${field}"`);
      if (p && !people.some((q) => q.email === p.email)) people.push(p);
    }
  }
  return people;
}

function fromCompose(doc: Document, ctx: DetectContext): Person | undefined {
  const compose = activeOutlookCompose(doc);
  if (!compose) return undefined;
  return outlookRecipients(compose.root).find((p) => !isOurs(p.email, ctx));
}

/** Each message header's sender address in the reading pane, newest message first. */
function senders(doc: Document): { header: Element; email: string | undefined; titled: Element | null }[] {
  const pane = doc.querySelector('[data-app-section="MailReadCompose"]') ?? doc.querySelector('[role=main]');
  if (!pane) return [];
  return queryBounded(pane, '[aria-label^="From:"]', 200).map((header) => {
    const titled = header.querySelector('[title*="@"]');
    return { header, titled, email: cleanEmail(titled?.getAttribute('title')) ?? emailInText(header.textContent) };
  });
}

/**
 * The Reply button of the newest message from `email`: the one in the smallest ancestor of its
 * header that holds a Reply button and no other message's header.
 */
export function outlookReplyButtonFor(doc: Document, email: string): HTMLElement | null {
  const header = senders(doc).find((s) => s.email === email)?.header;
  let el: Element | null = header?.parentElement ?? null;
  for (let depth = 0; el && depth < 10; depth++, el = el.parentElement) {
    if (queryBounded(el, '[aria-label^="From:"]', 2).length > 1) return null;
    const button = el.querySelector<HTMLElement>('button[aria-label="Reply"]');
    if (button) return button;
  }
  return null;
}

/** Outlook shows the newest message of a conversation first, so the first external sender wins. */
function fromReadingPane(doc: Document, ctx: DetectContext): Person | undefined {
  for (const { header, titled, email } of senders(doc)) {
    if (!email || isOurs(email, ctx)) continue;
    const label = cleanText(header.getAttribute('aria-label')).replace(/^From:\s*/, '');
    const name = nameInText(titled?.textContent) || nameInText(label);
    return { email, name: name.includes('@') ? '' : name, evidence: '[aria-label^="From:"] sender' };
  }
  return undefined;
}

export const detectOutlookClient: Detector = (url, doc, ctx) => {
  if (!onSites(OUTLOOK_SITES, url)) return null;
  const composed = fromCompose(doc, ctx);
  if (composed) return client(composed, 'compose');
  const read = fromReadingPane(doc, ctx);
  return read ? client(read, 'thread') : null;
};
