import type { DetectContext, DetectedClient, Detector } from './types';
import { onSites, type ToolSites } from './sites';
import { cleanEmail, cleanText, isOurs, queryBounded } from './text';
import { firstNameOf } from '../people';

// Selectors follow gmail.js (KartikTalwar/gmail.js, src/gmail.js): compose windows are `div.M9`
// (api.dom.composes), recipients are `div[name=to|cc] div[data-hovercard-id]` in the peoplekit
// compose and hidden `input[name=to|cc]` in the older one (compose.recipients); an opened message is
// `div.adn` with its sender in `span[email].gD` and recipients in `span[email].g2` (api.dom.email).

const COMPOSE = 'div.M9';
const MESSAGE = 'div.adn';
const MAX_COMPOSES = 20;
const MAX_MESSAGES = 200;

interface Person {
  email: string;
  name: string;
  evidence: string;
}

function client(person: Person, pageKind: 'thread' | 'compose'): DetectedClient {
  const name = person.name || person.email;
  return {
    source: 'gmail',
    sourceLabel: 'Gmail',
    email: person.email,
    name,
    firstName: firstNameOf(person.name, person.email),
    pageKind,
    evidence: person.evidence,
  };
}

/** Every open compose window, in document order (the last opened last). */
export function gmailComposes(doc: Document): Element[] {
  return queryBounded(doc, COMPOSE, MAX_COMPOSES);
}

/** The compose window the user is in: the focused one, else the last opened. */
export function activeGmailCompose(doc: Document): Element | null {
  const composes = gmailComposes(doc);
  const active = doc.activeElement;
  return composes.find((c) => active && c.contains(active)) ?? composes.at(-1) ?? null;
}

/** Recipients of one field in document order: chips first, then the older hidden inputs. */
function recipients(compose: Element, field: 'to' | 'cc'): Person[] {
  const people: Person[] = [];
  for (const chip of queryBounded(compose, `div[name=${field}] [data-hovercard-id], div[name=${field}] span[email]`)) {
    const email = cleanEmail(chip.getAttribute('data-hovercard-id') ?? chip.getAttribute('email'));
    if (!email) continue;
    const name = cleanText(chip.getAttribute('data-name') ?? chip.getAttribute('name') ?? chip.textContent);
    people.push({ email, name: name === email ? '' : name, evidence: `div[name=${field}] recipient` });
  }
  for (const input of queryBounded(compose, `input[name=${field}]`)) {
    for (const raw of ((input as HTMLInputElement).value ?? '').slice(0, 10_000).split(',').slice(0, 100)) {
      const email = cleanEmail(raw.includes('<') ? raw.slice(raw.indexOf('<') + 1, raw.indexOf('>')) : raw);
      if (email) people.push({ email, name: '', evidence: `input[name=${field}]` });
    }
  }
  return people;
}

/** Everyone a compose window is addressed to, To before Cc. */
export function gmailRecipients(compose: Element): Person[] {
  return [...recipients(compose, 'to'), ...recipients(compose, 'cc')];
}

function fromCompose(doc: Document, ctx: DetectContext): Person | undefined {
  const compose = activeGmailCompose(doc);
  if (!compose) return undefined;
  return gmailRecipients(compose).find((p) => !isOurs(p.email, ctx));
}

function person(el: Element, evidence: string): Person | null {
  const email = cleanEmail(el.getAttribute('email'));
  if (!email) return null;
  const name = cleanText(el.getAttribute('name') ?? el.textContent);
  return { email, name: name === email ? '' : name, evidence };
}

/** The open thread's messages, newest first. */
function threadMessages(doc: Document): Element[] {
  const root = doc.querySelector('[role=main]') ?? doc;
  return queryBounded(root, MESSAGE, MAX_MESSAGES).reverse();
}

/** The latest message of the open thread sent by `email`, or null. */
export function latestGmailMessageFrom(doc: Document, email: string): Element | null {
  return threadMessages(doc).find((m) => cleanEmail(m.querySelector('span.gD[email]')?.getAttribute('email')) === email) ?? null;
}

/** The latest external sender of the open thread, else an external recipient of the latest message. */
function fromThread(doc: Document, ctx: DetectContext): Person | undefined {
  const messages = threadMessages(doc);
  for (const message of messages) {
    const sender = message.querySelector('span.gD[email]');
    const p = sender && person(sender, 'span.gD[email] (latest external sender)');
    if (p && !isOurs(p.email, ctx)) return p;
  }
  for (const message of messages) {
    for (const el of queryBounded(message, 'span.g2[email]', 100)) {
      const p = person(el, 'span.g2[email] (recipient of the latest message)');
      if (p && !isOurs(p.email, ctx)) return p;
    }
  }
  return undefined;
}

export const GMAIL_SITES: ToolSites = {
  matches: ['https://mail.google.com/*'],
  examples: ['https://mail.google.com/mail/u/0/#inbox/FMfcgzQbdrLvTxXqNkNmqHsWhsTqRbzv', 'https://mail.google.com/mail/u/0/#inbox?compose=new'],
};

export const detectGmailClient: Detector = (url, doc, ctx) => {
  if (!onSites(GMAIL_SITES, url)) return null;
  const composed = fromCompose(doc, ctx);
  if (composed) return client(composed, 'compose');
  const threaded = fromThread(doc, ctx);
  return threaded ? client(threaded, 'thread') : null;
};
