import { activeOutlookCompose } from '../detect/outlook';
import type { ComposeSite } from './insert';

// Outlook on the web labels its compose fields: the body is the contenteditable "Message body",
// the subject input "Add a subject", the recipient well "To"; the reading pane's "Reply" and the
// "New mail" buttons open a compose window.

export const outlookCompose: ComposeSite = {
  find(doc) {
    const compose = activeOutlookCompose(doc);
    if (!compose) return null;
    return {
      root: compose.root,
      body: compose.body as HTMLElement,
      subject: compose.root.querySelector<HTMLInputElement>('input[aria-label="Add a subject"]'),
      to: compose.root.querySelector<HTMLElement>('[aria-label="To"] [contenteditable="true"], [aria-label="To"][contenteditable="true"]'),
    };
  },
  openers: ['button[aria-label="Reply"]', 'button[aria-label="New mail"]'],
};
