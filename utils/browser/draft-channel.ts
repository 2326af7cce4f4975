// The policy editor's draft, lent to the playbook it opens: the playbook asks on a channel only the
// extension's own pages share, and the editor answers with the draft's text, and again on each change.

const NAME = 'make-it-right-policy-draft';

type DraftMessage = { kind: 'ask' } | { kind: 'draft'; text: string };

/** The editor's side: answers every ask with `current()`; `changed()` sends it unasked. */
export function serveDraft(current: () => string | null): { changed(): void; close(): void } {
  const channel = new BroadcastChannel(NAME);
  const send = () => {
    const text = current();
    if (text !== null) channel.postMessage({ kind: 'draft', text } satisfies DraftMessage);
  };
  channel.onmessage = (event: MessageEvent<DraftMessage>) => {
    if (event.data?.kind === 'ask') send();
  };
  return { changed: send, close: () => channel.close() };
}

/** The playbook's side: asks for the draft and hears each version of it; returns the way to stop. */
export function followDraft(onDraft: (text: string) => void): () => void {
  const channel = new BroadcastChannel(NAME);
  channel.onmessage = (event: MessageEvent<DraftMessage>) => {
    if (event.data?.kind === 'draft' && typeof event.data.text === 'string') onDraft(event.data.text);
  };
  channel.postMessage({ kind: 'ask' } satisfies DraftMessage);
  return () => channel.close();
}
