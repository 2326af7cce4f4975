import { t } from '../i18n';
import { insertIntoEditor, insertIntoInput, replaceInput, typeInto, type BodyInsert } from './typing';

// Inserting a template into a webmail compose window as text (typed as ./typing.ts types it).
// The text goes only into an email addressed to whom it was written for: a note to the client into
// a reply to the client, an approval request into a new email to the approvers alone.

/** Someone an inserted email is addressed to. */
export interface Addressee {
  email: string;
  name: string;
}

/**
 * Who an inserted text is written for, so it never lands in an email to someone else.
 * `client`: the client (the open compose only when it is addressed to them, else a reply on their own
 * latest message, else a new email with them in To). `new`: a new email to exactly these people (an
 * approval request), never a compose window that is already open.
 */
export type InsertAudience = { kind: 'client'; client: Addressee | null } | { kind: 'new'; to: Addressee[] };

export interface InsertRequest {
  subject: string;
  body: string;
  audience: InsertAudience;
  /** The person saw that the open email is addressed to someone else and inserts anyway. */
  anyway?: boolean;
  /** The person chose to replace the subject the email already has (a reply's "Re: …") with this one. */
  setSubject?: boolean;
}

export interface InsertResult {
  ok: boolean;
  /** What happened, for the panel: "Inserted the text into the email to Alice Baker (…)", "No compose window is open". */
  message: string;
  /** The email's recipients as the page shows them (To, then Cc). */
  recipients?: Addressee[];
  /** Nothing was inserted because the open email is addressed to others; `anyway` inserts it. */
  otherRecipients?: boolean;
  /** The subject the email kept (a reply's own) instead of the template's; `setSubject` replaces it. */
  subjectKept?: string;
}

export interface ComposeFields {
  body: HTMLElement;
  subject: HTMLInputElement | null;
  to: HTMLElement | null;
}

export interface ComposeSite {
  /** Every open compose window, in document order. */
  composes(doc: Document): Element[];
  /** The compose window the user is in (the focused one, else the last opened), or null. */
  active(doc: Document): Element | null;
  /** A compose window's fields, or null while it has no editor. */
  fields(root: Element): ComposeFields | null;
  /** Everyone a compose window is addressed to, To before Cc. */
  recipients(root: Element): Addressee[];
  /** The Reply button on the open conversation's latest message from `email`, or null. */
  replyButton(doc: Document, email: string): HTMLElement | null;
  /** The button that opens a new email. */
  newEmail: string;
}

const noCompose = (): InsertResult => ({ ok: false, message: t('insertNoCompose') });

/** Resolves with `find(doc)` once it is non-null, or null after `timeoutMs`. */
export function waitFor<T>(doc: Document, find: () => T | null, timeoutMs: number): Promise<T | null> {
  const now = find();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = (value: T | null) => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(value);
    };
    const observer = new MutationObserver(() => {
      const found = find();
      if (found) done(found);
    });
    observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true });
    const timer = setTimeout(() => done(find()), timeoutMs);
  });
}

const MAX_RECIPIENTS = 50;
const OPEN_TIMEOUT_MS = 3000;

/** "Alice Baker (alice@example.com)", or the address alone. */
function who(a: Addressee): string {
  return a.name && a.name !== a.email ? `${a.name} (${a.email})` : a.email;
}

const list = (people: readonly Addressee[]) => people.map(who).join(', ');

/** Clicks `button` and resolves with the compose window it opened (one that was not open before). */
function openWith(doc: Document, site: ComposeSite, button: HTMLElement | null): Promise<Element | null> {
  if (!button) return Promise.resolve(null);
  const before = new Set(site.composes(doc));
  button.click();
  const opened = () => site.composes(doc).find((c) => !before.has(c) && site.fields(c) !== null) ?? null;
  return waitFor(doc, opened, OPEN_TIMEOUT_MS);
}

interface Filled {
  /** The template's subject went in: the field was empty, or the person chose to replace it. */
  subjectSet: boolean;
  /** The subject the email kept instead of the template's (a reply's own), or undefined. */
  subjectKept?: string;
  body: BodyInsert;
}

/** Adds the addresses the To field lacks, fills an empty subject (any subject when asked to), and types the body. */
function fill(site: ComposeSite, root: Element, fields: ComposeFields, request: InsertRequest, add: readonly Addressee[]): Filled {
  const present = new Set(site.recipients(root).map((r) => r.email));
  const typed = fields.to ? `${(fields.to as HTMLInputElement).value ?? ''} ${fields.to.textContent ?? ''}`.toLowerCase() : '';
  const to = add
    .slice(0, MAX_RECIPIENTS)
    .map((a) => a.email)
    .filter((email) => !present.has(email) && !typed.includes(email));
  if (to.length > 0 && fields.to) {
    if (fields.to.tagName === 'INPUT' || fields.to.tagName === 'TEXTAREA') {
      insertIntoInput(fields.to as HTMLInputElement, `${to.join(', ')}, `);
    } else {
      typeInto(fields.to, `${to.join('; ')}; `);
    }
  }
  // A reply keeps its "Re:" subject unless the person chose to replace it; an empty subject is filled in.
  const current = fields.subject?.value.trim() ?? '';
  let subjectSet = false;
  if (request.subject && fields.subject && current !== request.subject) {
    if (current === '') insertIntoInput(fields.subject, request.subject);
    else if (request.setSubject) replaceInput(fields.subject, request.subject);
    subjectSet = current === '' || request.setSubject === true;
  }
  const subjectKept = request.subject && fields.subject && !subjectSet && current !== request.subject ? current : undefined;
  const body = insertIntoEditor(fields.body, request.body);
  return { subjectSet, subjectKept, body };
}

/** What the panel says after an insert into an email to `recipients` (or to nobody yet). */
function insertedMessage(filled: Filled, recipients: readonly Addressee[]): string {
  const to = recipients.length > 0 ? list(recipients) : null;
  if (filled.body === 'same') {
    if (filled.subjectSet) return to ? t('insertedSubjectOnly', to) : t('insertedSubjectOnlyNoRecipient');
    return to ? t('insertAlreadyThere', to) : t('insertAlreadyThereNoRecipient');
  }
  if (filled.body === 'replaced') return to ? t('insertReplaced', to) : t('insertReplacedNoRecipient');
  if (to) return t(filled.subjectSet ? 'insertedSubjectAndText' : 'insertedText', to);
  return t(filled.subjectSet ? 'insertedSubjectAndTextNoRecipient' : 'insertedTextNoRecipient');
}

/** A new email to exactly `to`; an email already open is never used, whoever it is addressed to. */
async function insertIntoNew(doc: Document, site: ComposeSite, request: InsertRequest, to: readonly Addressee[]): Promise<InsertResult> {
  if (to.length === 0) return { ok: false, message: t('insertNobody') };
  const root = await openWith(doc, site, doc.querySelector<HTMLElement>(site.newEmail));
  const fields = root && site.fields(root);
  if (!root || !fields) return { ok: false, message: t('insertCannotOpen') };
  const others = site.recipients(root).filter((r) => !to.some((t) => t.email === r.email));
  if (others.length > 0) {
    return { ok: false, message: t('insertNewAlreadyAddressed', list(others)) };
  }
  const filled = fill(site, root, fields, request, to);
  const message = filled.body === 'typed' ? t('insertWroteNew', list(to)) : insertedMessage(filled, to);
  return { ok: true, message, recipients: [...to] };
}

/** Into an email to the client: the open one if it is theirs, else a reply on their own latest message. */
async function insertForClient(doc: Document, site: ComposeSite, request: InsertRequest, client: Addressee | null): Promise<InsertResult> {
  const isClient = (r: Addressee) => client !== null && r.email === client.email;
  let root = site.active(doc);
  let opened = false;
  if (!root && client) {
    root = (await openWith(doc, site, site.replyButton(doc, client.email))) ?? (await openWith(doc, site, doc.querySelector<HTMLElement>(site.newEmail)));
    opened = root !== null;
  }
  const fields = root && site.fields(root);
  if (!root || !fields) return noCompose();
  const before = site.recipients(root);
  const others = client !== null && before.length > 0 && !before.some(isClient);
  if (others && (opened || !request.anyway)) {
    return {
      ok: false,
      otherRecipients: !opened,
      recipients: before,
      message: t(opened ? 'insertReplyAddressedElsewhere' : 'insertOpenAddressedElsewhere', list(before), who(client)),
    };
  }
  const add = client && before.length === 0 ? [client] : [];
  const filled = fill(site, root, fields, request, add);
  const recipients = [...before, ...add];
  const result: InsertResult = { ok: true, recipients, message: insertedMessage(filled, recipients) };
  if (filled.subjectKept) result.subjectKept = filled.subjectKept;
  return result;
}

export async function insertIntoCompose(doc: Document, site: ComposeSite, request: InsertRequest): Promise<InsertResult> {
  const { audience } = request;
  return audience.kind === 'new'
    ? insertIntoNew(doc, site, request, audience.to)
    : insertForClient(doc, site, request, audience.client);
}

const MAX_TEXT = 100_000;

function asAddressee(value: unknown): Addressee | null {
  if (typeof value !== 'object' || value === null) return null;
  const { email, name } = value as Record<string, unknown>;
  if (typeof email !== 'string' || email.length > 254 || !email.includes('@')) return null;
  return { email: email.trim().toLowerCase(), name: typeof name === 'string' ? name.slice(0, 200) : '' };
}

/** A request as the content script accepts it: bounded text and a known audience, else null. */
export function asInsertRequest(value: unknown): InsertRequest | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const a = v.audience as Record<string, unknown> | undefined;
  if (typeof v.subject !== 'string' || typeof v.body !== 'string') return null;
  if (v.subject.length > MAX_TEXT || v.body.length > MAX_TEXT || typeof a !== 'object' || a === null) return null;
  let audience: InsertAudience;
  if (a.kind === 'client') {
    const client = a.client === null ? null : asAddressee(a.client);
    if (a.client !== null && !client) return null;
    audience = { kind: 'client', client };
  } else if (a.kind === 'new' && Array.isArray(a.to) && a.to.length <= MAX_RECIPIENTS) {
    const to = a.to.map(asAddressee);
    if (to.some((t) => t === null)) return null;
    audience = { kind: 'new', to: to as Addressee[] };
  } else {
    return null;
  }
  return { subject: v.subject, body: v.body, audience, anyway: v.anyway === true, setSubject: v.setSubject === true };
}
