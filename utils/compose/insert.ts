
// Inserting a template into a webmail compose window as TEXT, the way typing would: through
// `execCommand('insertText')` so the page's editor sees ordinary input and its undo works. Where the
// browser lacks the command, plain text nodes are inserted and an `input` event tells the editor.

export interface InsertResult {
  ok: boolean;
  /** What happened, for the panel: "Inserted into the reply to Alice", "No compose window is open". */
  message: string;
}

export interface ComposeFields {
  root: Element;
  body: HTMLElement;
  subject: HTMLInputElement | null;
  to: HTMLElement | null;
}

export interface ComposeSite {
  /** The compose window the user is in, or null. */
  find(doc: Document): ComposeFields | null;
  /** Buttons that open a compose window (Reply first), tried in order when none is open. */
  openers: string[];
}

export interface InsertRequest {
  subject: string;
  body: string;
  to?: string[];
}

const NO_COMPOSE: InsertResult = {
  ok: false,
  message: 'No compose window is open. Open a reply or a new email, then try again (or use Copy).',
};

function tryCommand(doc: Document, command: string, value?: string): boolean {
  try {
    return typeof doc.execCommand === 'function' && doc.execCommand(command, false, value);
  } catch {
    return false;
  }
}

/** Puts the caret at the start of `el` unless the user's caret is already inside it. */
function placeCaret(el: HTMLElement): void {
  const doc = el.ownerDocument;
  const selection = doc.getSelection();
  if (!selection) return;
  const inside = selection.rangeCount > 0 && el.contains(selection.getRangeAt(0).startContainer);
  if (inside) return;
  const range = doc.createRange();
  range.setStart(el, 0);
  range.collapse(true);
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Fallback for browsers without `insertText`: text nodes and line breaks at the caret. */
function insertNodes(el: HTMLElement, lines: string[]): void {
  const doc = el.ownerDocument;
  const selection = doc.getSelection();
  const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : doc.createRange();
  if (!el.contains(range.startContainer)) range.setStart(el, 0);
  range.deleteContents();
  const fragment = doc.createDocumentFragment();
  lines.forEach((line, i) => {
    if (i > 0) fragment.append(doc.createElement('br'));
    fragment.append(doc.createTextNode(line));
  });
  const last = fragment.lastChild;
  range.insertNode(fragment);
  if (last && selection) {
    range.setStartAfter(last);
    range.collapse(true);
    selection.removeAllRanges();
    selection.addRange(range);
  }
  el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
}

function canType(doc: Document): boolean {
  try {
    return typeof doc.execCommand === 'function' && doc.queryCommandSupported('insertText');
  } catch {
    return false;
  }
}

/** Types `text` into a contenteditable editor, line by line. */
function insertIntoEditor(el: HTMLElement, text: string): void {
  const doc = el.ownerDocument;
  el.focus();
  placeCaret(el);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (!canType(doc)) {
    insertNodes(el, lines);
    return;
  }
  lines.forEach((line, i) => {
    if (i > 0) tryCommand(doc, 'insertLineBreak');
    if (line !== '') tryCommand(doc, 'insertText', line);
  });
}

/** Types `text` at the end of an input field. */
function insertIntoInput(input: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
  if (canType(input.ownerDocument) && tryCommand(input.ownerDocument, 'insertText', text)) return;
  input.setRangeText(text, input.value.length, input.value.length, 'end');
  input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
}

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

/** Opens a compose window with the site's Reply (or New mail) button when none is open. */
async function openCompose(doc: Document, site: ComposeSite): Promise<ComposeFields | null> {
  for (const selector of site.openers) {
    const buttons = doc.querySelectorAll<HTMLElement>(selector);
    const button = buttons[buttons.length - 1];
    if (!button) continue;
    button.click();
    return waitFor(doc, () => site.find(doc), 3000);
  }
  return null;
}

export async function insertIntoCompose(doc: Document, site: ComposeSite, request: InsertRequest): Promise<InsertResult> {
  const compose = site.find(doc) ?? (await openCompose(doc, site));
  if (!compose) return NO_COMPOSE;
  const to = (request.to ?? []).slice(0, 50).filter((address) => !compose.root.textContent?.includes(address));
  if (to.length > 0 && compose.to) {
    if (compose.to.tagName === 'INPUT' || compose.to.tagName === 'TEXTAREA') {
      insertIntoInput(compose.to as HTMLInputElement, `${to.join(', ')}, `);
    } else {
      insertIntoEditor(compose.to, `${to.join('; ')}; `);
    }
  }
  // A reply keeps its "Re:" subject; only an empty subject is filled in.
  const subjectFilled = Boolean(request.subject && compose.subject && compose.subject.value.trim() === '');
  if (subjectFilled && compose.subject) insertIntoInput(compose.subject, request.subject);
  insertIntoEditor(compose.body, request.body);
  return {
    ok: true,
    message: subjectFilled ? 'Inserted the subject and text into the email.' : 'Inserted the text into the email.',
  };
}
