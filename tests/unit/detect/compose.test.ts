import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { insertIntoCompose } from '@/utils/compose/insert';
import { gmailCompose } from '@/utils/compose/gmail';
import { outlookCompose } from '@/utils/compose/outlook';

// Inserting a template into the open compose window: text only, into the window the user is in,
// a reply's subject left alone, and an honest answer when there is nowhere to insert.

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

function show(fixture: string): void {
  const html = readFileSync(path.join(FIXTURES, fixture), 'utf8');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(...[...parsed.body.childNodes].map((n) => document.importNode(n, true)));
}

/** The editor's text as the user sees it: line breaks as new lines. */
const linesOf = (el: Element) =>
  [...el.childNodes].map((n) => (n.nodeName === 'BR' ? '\n' : n.textContent)).join('').split('\n');
const bodies = () => [...document.querySelectorAll<HTMLElement>('div.M9 [contenteditable=true]')];
const TEMPLATE = { subject: 'Credit note CN-2026-0001', body: 'Dear Frank,\n\n<b>We are sorry.</b>\nBen' };

describe('inserting into Gmail', () => {
  beforeEach(() => document.body.replaceChildren());

  it('puts the text, line by line and as text, into the last compose window and fills its empty subject', async () => {
    show('gmail/compose.html');
    const result = await insertIntoCompose(document, gmailCompose, TEMPLATE);
    expect(result.ok).toBe(true);
    const [first, second] = bodies();
    expect(first!.textContent).toBe('');
    expect(second!.querySelector('b')).toBeNull();
    expect(linesOf(second!)).toEqual(['Dear Frank,', '', '<b>We are sorry.</b>', 'Ben']);
    expect(document.querySelectorAll<HTMLInputElement>('input[name=subjectbox]')[1]!.value).toBe(TEMPLATE.subject);
  });

  it('goes into the compose window the user is in', async () => {
    show('gmail/compose.html');
    bodies()[0]!.focus();
    await insertIntoCompose(document, gmailCompose, TEMPLATE);
    expect(bodies()[0]!.textContent).toContain('We are sorry.');
    expect(bodies()[1]!.textContent).toBe('');
  });

  it('keeps a reply subject that is already there', async () => {
    show('gmail/compose.html');
    const subject = document.querySelectorAll<HTMLInputElement>('input[name=subjectbox]')[1]!;
    subject.value = 'Re: Your March invoice';
    const result = await insertIntoCompose(document, gmailCompose, TEMPLATE);
    expect(subject.value).toBe('Re: Your March invoice');
    expect(result.message).toBe('Inserted the text into the email.');
  });

  it('adds requested recipients to the To field', async () => {
    show('gmail/compose.html');
    await insertIntoCompose(document, gmailCompose, { ...TEMPLATE, to: ['accounts@lifabrics.example'] });
    const toInputs = document.querySelectorAll<HTMLInputElement>('div[name=to] input');
    expect(toInputs[1]!.value).toBe('accounts@lifabrics.example, ');
  });

  it('opens a reply with the Reply button when no compose window is open', async () => {
    show('gmail/thread.html');
    const replies = document.querySelectorAll<HTMLElement>('div[role=button].aaq');
    replies[replies.length - 1]!.addEventListener('click', () => {
      const compose = document.createElement('div');
      compose.className = 'M9';
      const body = document.createElement('div');
      body.setAttribute('contenteditable', 'true');
      compose.append(body);
      setTimeout(() => document.querySelector('.if')!.append(compose), 10);
    });
    const result = await insertIntoCompose(document, gmailCompose, TEMPLATE);
    expect(result.ok).toBe(true);
    expect(document.querySelector('div.M9 [contenteditable=true]')!.textContent).toContain('We are sorry.');
  });

  it('says so when there is no compose window and nothing opens one', async () => {
    show('gmail/sent-only.html');
    const result = await insertIntoCompose(document, gmailCompose, TEMPLATE);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^No compose window is open/) });
  });
});

describe('inserting into Outlook', () => {
  it('puts the text into the message body and fills the subject', async () => {
    show('outlook/compose.html');
    const result = await insertIntoCompose(document, outlookCompose, TEMPLATE);
    expect(result.ok).toBe(true);
    expect(linesOf(document.querySelector('[aria-label="Message body"]')!)).toEqual(['Dear Frank,', '', '<b>We are sorry.</b>', 'Ben']);
    expect(document.querySelector<HTMLInputElement>('input[aria-label="Add a subject"]')!.value).toBe(TEMPLATE.subject);
  });
});
