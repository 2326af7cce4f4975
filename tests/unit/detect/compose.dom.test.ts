import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asInsertRequest, insertIntoCompose } from '@/utils/compose/insert';
import { gmailCompose } from '@/utils/compose/gmail';
import { outlookCompose } from '@/utils/compose/outlook';
import type { Addressee, InsertRequest } from '@/utils/compose/insert';

// Inserting a template into a compose window: text only, into an email addressed to whom it is for
// (a note to the client into a reply to the client, an approval request into a new email to the
// approvers alone), a reply's subject left alone, and an honest answer when there is nowhere to insert.

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

function show(fixture: string): void {
  const html = readFileSync(path.join(FIXTURES, fixture), 'utf8');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(...[...parsed.body.childNodes].map((n) => document.importNode(n, true)));
}

/** The editor's text as the user sees it: line breaks as new lines. */
const linesOf = (el: Element) =>
  [...(el.querySelector('[data-make-it-right]') ?? el).childNodes].map((n) => (n.nodeName === 'BR' ? '\n' : n.textContent)).join('').split('\n');
const count = (text: string, part: string) => text.split(part).length - 1;
const bodies = () => [...document.querySelectorAll<HTMLElement>('div.M9 [contenteditable=true][role=textbox]')];
const click = (selector: string, index = 0) => document.querySelectorAll<HTMLElement>(selector)[index]!.click();

const ALICE: Addressee = { email: 'alice.baker@bakerbakery.example', name: 'Alice Baker' };
const FRANK: Addressee = { email: 'frank@lifabrics.example', name: 'Frank Li' };
const HELEN: Addressee = { email: 'helen@wardarchitects.example', name: 'Helen Ward' };
const CARLA: Addressee = { email: 'carla.meyer@harborpine.example', name: 'Carla Meyer' };
const TEXT = { subject: 'Credit note CN-2026-0001', body: 'Dear Frank,\n\n<b>We are sorry.</b>\nBen' };
const forClient = (client: Addressee | null, anyway = false): InsertRequest => ({ ...TEXT, audience: { kind: 'client', client }, anyway });
const APPROVAL: InsertRequest = { subject: 'Approval needed', body: 'Hello Carla,\n\nPlease approve.', audience: { kind: 'new', to: [CARLA] } };

beforeAll(() => {
  // The fixtures' Reply, Compose and New mail buttons open compose windows as the apps do.
  for (const script of ['gmail/inline-reply.js', 'outlook/inline-reply.js']) {
    new Function(readFileSync(path.join(FIXTURES, script), 'utf8'))();
  }
});
beforeEach(() => document.body.replaceChildren());

describe('inserting into Gmail', () => {
  it('puts the text, line by line and as text, into the last compose window and fills its empty subject', async () => {
    show('gmail/compose.html');
    const result = await insertIntoCompose(document, gmailCompose, forClient(FRANK));
    expect(result.ok).toBe(true);
    const [first, second] = bodies();
    expect(first!.textContent).toBe('');
    expect(second!.querySelector('b')).toBeNull();
    expect(linesOf(second!)).toEqual(['Dear Frank,', '', '<b>We are sorry.</b>', 'Ben']);
    expect(document.querySelectorAll<HTMLInputElement>('input[name=subjectbox]')[1]!.value).toBe(TEXT.subject);
    expect(result.message).toBe(
      'Inserted the subject and text into the email to Carla Meyer (carla.meyer@harborpine.example), Frank Li (frank@lifabrics.example), Grace Home (grace@gracehome.example).',
    );
  });

  it('goes into the compose window the user is in', async () => {
    show('gmail/compose.html');
    bodies()[0]!.focus();
    await insertIntoCompose(document, gmailCompose, forClient({ email: 'erin@eastwood.example', name: 'Erin Eastwood' }));
    expect(bodies()[0]!.textContent).toContain('We are sorry.');
    expect(bodies()[1]!.textContent).toBe('');
  });

  it('keeps a reply subject that is already there, says which, and replaces it only when asked', async () => {
    show('gmail/compose.html');
    const subject = document.querySelectorAll<HTMLInputElement>('input[name=subjectbox]')[1]!;
    subject.value = 'Re: Your March invoice';
    const result = await insertIntoCompose(document, gmailCompose, forClient(FRANK));
    expect(subject.value).toBe('Re: Your March invoice');
    expect(result.message).toMatch(/^Inserted the text into the email to /);
    expect(result.subjectKept).toBe('Re: Your March invoice');
    const again = await insertIntoCompose(document, gmailCompose, { ...forClient(FRANK), setSubject: true });
    expect(subject.value).toBe(TEXT.subject);
    expect(again.subjectKept).toBeUndefined();
    expect(again.message).toMatch(/^Set the subject of the email to .*; the text was already there\.$/);
    expect(count(bodies()[1]!.textContent!, 'We are sorry.')).toBe(1);
  });

  it('inserting twice into the same email leaves the text once: the same text stays, a new one replaces it', async () => {
    show('gmail/compose.html');
    const body = bodies()[1]!;
    await insertIntoCompose(document, gmailCompose, forClient(FRANK));
    // The person writes a line of their own after the inserted text.
    body.append(document.createTextNode('P.S. See you Tuesday.'));
    const same = await insertIntoCompose(document, gmailCompose, forClient(FRANK));
    expect(same.message).toMatch(/^This text is already in the email to .*: nothing was added\.$/);
    expect(count(body.textContent!, 'Dear Frank,')).toBe(1);
    const other = await insertIntoCompose(document, gmailCompose, { ...forClient(FRANK), body: 'Dear Frank,\n\nWe have credited $20.00.' });
    expect(other.message).toMatch(/^Replaced the text inserted before in the email to /);
    expect(count(body.textContent!, 'Dear Frank,')).toBe(1);
    expect(body.textContent).not.toContain('We are sorry.');
    expect(linesOf(body)).toEqual(['Dear Frank,', '', 'We have credited $20.00.']);
    expect(body.textContent).toContain('P.S. See you Tuesday.');
  });

  it('with a colleague\'s note as the latest message, replies on the client\'s own message and says to whom', async () => {
    show('gmail/thread.html');
    const result = await insertIntoCompose(document, gmailCompose, forClient(ALICE));
    expect(result).toMatchObject({ ok: true, recipients: [ALICE] });
    expect(result.message).toBe('Inserted the text into the email to Alice Baker (alice.baker@bakerbakery.example).');
    const reply = document.querySelector('div.M9')!;
    // The reply sits under Alice's message, not under Carla's note that came after it.
    expect(reply.previousElementSibling!.getAttribute('data-message-id')).toBe('#msg-f:1002');
    expect(document.querySelectorAll('div.M9')).toHaveLength(1);
    expect(bodies()[0]!.textContent).toContain('We are sorry.');
  });

  it('warns before inserting when the open reply is addressed to a colleague, and inserts only when told to', async () => {
    show('gmail/thread.html');
    click('div[role=button].aaq', 1);
    const refused = await insertIntoCompose(document, gmailCompose, forClient(ALICE));
    expect(refused).toMatchObject({ ok: false, otherRecipients: true, recipients: [CARLA] });
    expect(refused.message).toBe(
      'The open email is addressed to Carla Meyer (carla.meyer@harborpine.example), not Alice Baker (alice.baker@bakerbakery.example). Nothing was inserted.',
    );
    expect(bodies()[0]!.textContent).toBe('');
    const anyway = await insertIntoCompose(document, gmailCompose, forClient(ALICE, true));
    expect(anyway.ok).toBe(true);
    expect(anyway.message).toContain('to Carla Meyer');
    expect(bodies()[0]!.textContent).toContain('We are sorry.');
  });

  it('puts the client in To of an empty new email', async () => {
    show('gmail/thread.html');
    click('div[gh=cm]');
    const result = await insertIntoCompose(document, gmailCompose, forClient(ALICE));
    expect(result.ok).toBe(true);
    expect(document.querySelector<HTMLInputElement>('div.M9 div[name=to] input')!.value).toBe('alice.baker@bakerbakery.example, ');
    expect(result.message).toBe('Inserted the subject and text into the email to Alice Baker (alice.baker@bakerbakery.example).');
  });

  it('writes an approval request into a new email to the approver alone, leaving the open reply to the client untouched', async () => {
    show('gmail/thread.html');
    click('div[role=button].aaq', 0);
    const reply = bodies()[0]!;
    reply.focus();
    const result = await insertIntoCompose(document, gmailCompose, APPROVAL);
    expect(result).toMatchObject({ ok: true, recipients: [CARLA] });
    expect(result.message).toBe('Wrote a new email to Carla Meyer (carla.meyer@harborpine.example) only: check it and send it.');
    expect(reply.textContent).toBe('');
    const composes = [...document.querySelectorAll('div.M9')];
    expect(composes).toHaveLength(2);
    expect((composes[0]!.querySelector('div[name=to] input') as HTMLInputElement).value).toBe('');
    expect((composes[1]!.querySelector('div[name=to] input') as HTMLInputElement).value).toBe('carla.meyer@harborpine.example, ');
    expect(composes[1]!.querySelector('[role=textbox]')!.textContent).toContain('Please approve.');
  });

  it('says so when there is no compose window and nothing opens one', async () => {
    show('gmail/sent-only.html');
    expect(await insertIntoCompose(document, gmailCompose, forClient(ALICE))).toEqual({
      ok: false,
      message: expect.stringMatching(/^No compose window is open/),
    });
    expect(await insertIntoCompose(document, gmailCompose, APPROVAL)).toEqual({ ok: false, message: 'Could not open a new email on this page.' });
  });
});

describe('inserting into Outlook', () => {
  it('puts the text into the message body and fills the subject', async () => {
    show('outlook/compose.html');
    const result = await insertIntoCompose(document, outlookCompose, forClient({ email: 'ivan@petrovimports.example', name: 'Ivan Petrov' }));
    expect(result.ok).toBe(true);
    expect(linesOf(document.querySelector('[aria-label="Message body"]')!)).toEqual(['Dear Frank,', '', '<b>We are sorry.</b>', 'Ben']);
    expect(document.querySelector<HTMLInputElement>('input[aria-label="Add a subject"]')!.value).toBe(TEXT.subject);
  });

  it('a second insert does not add the text again', async () => {
    show('outlook/compose.html');
    const ivan = forClient({ email: 'ivan@petrovimports.example', name: 'Ivan Petrov' });
    await insertIntoCompose(document, outlookCompose, ivan);
    const again = await insertIntoCompose(document, outlookCompose, ivan);
    expect(again.message).toMatch(/^This text is already in the email/);
    expect(count(document.querySelector('[aria-label="Message body"]')!.textContent!, 'Dear Frank,')).toBe(1);
  });

  it('with a colleague\'s note as the newest message, replies on the client\'s own message', async () => {
    show('outlook/thread-colleague-last.html');
    const result = await insertIntoCompose(document, outlookCompose, forClient(HELEN));
    expect(result).toMatchObject({ ok: true, recipients: [HELEN] });
    const reply = document.querySelector('[aria-label="Compose"]')!;
    expect(reply.closest('[aria-label="Email message"]')!.querySelector('[aria-label^="From:"]')!.getAttribute('aria-label')).toBe('From: Helen Ward');
    expect(reply.querySelector('[aria-label="Message body"]')!.textContent).toContain('We are sorry.');
  });

  it('warns before inserting into a reply to a colleague', async () => {
    show('outlook/thread-colleague-last.html');
    click('button[aria-label="Reply"]', 0);
    const result = await insertIntoCompose(document, outlookCompose, forClient(HELEN));
    expect(result).toMatchObject({ ok: false, otherRecipients: true, recipients: [CARLA] });
    expect(document.querySelector('[aria-label="Message body"]')!.textContent).toBe('');
  });

  it('writes an approval request into a new message, never the open reply to the client', async () => {
    show('outlook/thread-colleague-last.html');
    click('button[aria-label="Reply"]', 1);
    const result = await insertIntoCompose(document, outlookCompose, APPROVAL);
    expect(result.ok).toBe(true);
    const [fresh, reply] = [...document.querySelectorAll('[aria-label="Compose"]')];
    expect(reply!.closest('[aria-label="Email message"]')).not.toBeNull();
    expect(reply!.querySelector('[aria-label="Message body"]')!.textContent).toBe('');
    expect(reply!.querySelector('[aria-label="To recipients"]')!.textContent).toBe('');
    expect(fresh!.querySelector('[aria-label="To recipients"]')!.textContent).toBe('carla.meyer@harborpine.example; ');
    expect(fresh!.querySelector('[aria-label="Message body"]')!.textContent).toContain('Please approve.');
  });
});

describe('what the content script accepts', () => {
  it('refuses a request without a known audience or with oversized text', () => {
    expect(asInsertRequest(forClient(ALICE))).toEqual({ ...forClient(ALICE), setSubject: false });
    expect(asInsertRequest(APPROVAL)).toEqual({ ...APPROVAL, anyway: false, setSubject: false });
    expect(asInsertRequest({ ...TEXT })).toBeNull();
    expect(asInsertRequest({ ...TEXT, audience: { kind: 'new', to: [{ email: 'not an address' }] } })).toBeNull();
    expect(asInsertRequest({ ...TEXT, audience: { kind: 'reply-all' } })).toBeNull();
    expect(asInsertRequest({ ...TEXT, body: 'x'.repeat(200_000), audience: { kind: 'client', client: null } })).toBeNull();
  });
});
