// Typing into a webmail compose window as TEXT, the way a person would: through
// `execCommand('insertText')` so the page's editor sees ordinary input and its undo works. Where the
// browser lacks the command, plain text nodes are inserted and an `input` event tells the editor.
// What the extension types into an email's body is kept in one marked block, so typing it again
// replaces it instead of adding it twice.

function tryCommand(doc: Document, command: string, value?: string): boolean {
  try {
    return typeof doc.execCommand === 'function' && doc.execCommand(command, false, value);
  } catch {
    return false;
  }
}

/**
 * The attribute on the block that holds what the extension inserted into an email: a second Insert
 * into the same email replaces that block (or leaves it, when the text is the same) instead of
 * adding the text again after it.
 */
export const INSERTED_ATTRIBUTE = 'data-make-it-right';

/** The caret inside `el`: the user's when it is there, else the start of `el`. */
function caretIn(el: HTMLElement): Range {
  const doc = el.ownerDocument;
  const selection = doc.getSelection();
  if (selection && selection.rangeCount > 0 && el.contains(selection.getRangeAt(0).startContainer)) {
    return selection.getRangeAt(0).cloneRange();
  }
  const range = doc.createRange();
  range.setStart(el, 0);
  range.collapse(true);
  return range;
}

function select(range: Range): void {
  const selection = range.startContainer.ownerDocument?.getSelection();
  if (!selection) return;
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Fallback for browsers without `insertText`: text nodes and line breaks at the caret. */
function insertNodes(el: HTMLElement, lines: string[]): void {
  const doc = el.ownerDocument;
  const range = doc.getSelection()?.rangeCount ? doc.getSelection()!.getRangeAt(0) : caretIn(el);
  range.deleteContents();
  const fragment = doc.createDocumentFragment();
  lines.forEach((line, i) => {
    if (i > 0) fragment.append(doc.createElement('br'));
    fragment.append(doc.createTextNode(line));
  });
  const last = fragment.lastChild;
  range.insertNode(fragment);
  if (last) {
    range.setStartAfter(last);
    range.collapse(true);
    select(range);
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

const linesOf = (text: string) => text.replace(/\r\n?/g, '\n').split('\n');

/** An element's text as the person reads it: a line break for each `<br>` and between blocks. */
function readText(el: Element): string {
  let text = '';
  el.childNodes.forEach((node) => {
    if (node.nodeName === 'BR') text += '\n';
    else if (node.nodeType === Node.TEXT_NODE) text += node.textContent ?? '';
    else if (node.nodeType === Node.ELEMENT_NODE) {
      const block = /^(DIV|P)$/.test(node.nodeName);
      if (block && text !== '' && !text.endsWith('\n')) text += '\n';
      text += readText(node as Element);
    }
  });
  return text;
}

const sameText = (a: string, b: string) => {
  const norm = (s: string) => linesOf(s.replace(/\u00a0/g, ' ')).map((l) => l.trimEnd()).join('\n').trimEnd();
  return norm(a) === norm(b);
};

/** What a body insert did: typed the text, replaced the block inserted before, or found it already there. */
export type BodyInsert = 'typed' | 'replaced' | 'same';

/**
 * Types `text` into a contenteditable editor, line by line, inside the block that marks what the
 * extension inserted: the block inserted before in this email when there is one (its text replaced),
 * else a new block at the caret.
 */
export function insertIntoEditor(el: HTMLElement, text: string): BodyInsert {
  const doc = el.ownerDocument;
  const before = el.querySelector<HTMLElement>(`[${INSERTED_ATTRIBUTE}]`);
  if (before && sameText(readText(before), text)) return 'same';
  el.focus();
  let block = before;
  if (!block) {
    block = doc.createElement('div');
    block.setAttribute(INSERTED_ATTRIBUTE, 'inserted');
    // A line break gives the empty block a place for the caret; typing replaces it.
    block.append(doc.createElement('br'));
    caretIn(el).insertNode(block);
  }
  const range = doc.createRange();
  range.selectNodeContents(block);
  select(range);
  const lines = linesOf(text);
  if (!canType(doc)) {
    insertNodes(block, lines);
  } else {
    lines.forEach((line, i) => {
      if (i > 0) tryCommand(doc, 'insertLineBreak');
      if (line !== '') tryCommand(doc, 'insertText', line);
    });
  }
  return before ? 'replaced' : 'typed';
}

/** Types `text` into a contenteditable field (a To well), at the caret. */
export function typeInto(el: HTMLElement, text: string): void {
  el.focus();
  const range = caretIn(el);
  select(range);
  const lines = linesOf(text);
  if (!canType(el.ownerDocument)) {
    insertNodes(el, lines);
    return;
  }
  lines.forEach((line, i) => {
    if (i > 0) tryCommand(el.ownerDocument, 'insertLineBreak');
    if (line !== '') tryCommand(el.ownerDocument, 'insertText', line);
  });
}

/** Replaces an input field's whole text with `text`, the way typing over a selection would. */
export function replaceInput(input: HTMLInputElement, text: string): void {
  input.focus();
  input.setSelectionRange(0, input.value.length);
  if (canType(input.ownerDocument) && tryCommand(input.ownerDocument, 'insertText', text) && input.value === text) return;
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
}

/** Types `text` at the end of an input field. */
export function insertIntoInput(input: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
  if (canType(input.ownerDocument) && tryCommand(input.ownerDocument, 'insertText', text)) return;
  input.setRangeText(text, input.value.length, input.value.length, 'end');
  input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
}
