import { activeOutlookCompose, outlookComposes, outlookRecipients, outlookReplyButtonFor } from '../detect/outlook';
import type { ComposeSite } from './insert';

// Outlook on the web labels its compose fields: the body is the contenteditable "Message body",
// the subject input "Add a subject", the recipient well "To"; each message's "Reply" and the
// "New mail" buttons open a compose window.

const BODY = 'div[contenteditable="true"][aria-label="Message body"]';

export const outlookCompose: ComposeSite = {
  composes: (doc) => outlookComposes(doc).map((c) => c.root),
  active: (doc) => activeOutlookCompose(doc)?.root ?? null,
  fields(root) {
    // A body with no To well around it is its own root.
    const body = root.matches(BODY) ? (root as HTMLElement) : root.querySelector<HTMLElement>(BODY);
    if (!body) return null;
    return {
      body,
      subject: root.querySelector<HTMLInputElement>('input[aria-label="Add a subject"]'),
      to: root.querySelector<HTMLElement>('[aria-label="To"] [contenteditable="true"], [aria-label="To"][contenteditable="true"]'),
    };
  },
  recipients: (root) => outlookRecipients(root).map(({ email, name }) => ({ email, name })),
  replyButton: outlookReplyButtonFor,
  newEmail: 'button[aria-label="New mail"]',
};
