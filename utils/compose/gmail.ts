import { activeGmailCompose, gmailComposes, gmailRecipients, latestGmailMessageFrom } from '../detect/gmail';
import type { ComposeSite } from './insert';

// Gmail's compose fields as gmail.js names them (KartikTalwar/gmail.js, src/gmail.js,
// compose.dom): subject `input[name=subjectbox]`, body the `div[contenteditable=true]` editor,
// To `div[name=to] input` (peoplekit) or `textarea[name=to]` (older); a message's Reply button is
// `div[role=button].aaq` / `.bsQ` (email.dom reply_button); Compose is `div[gh=cm]` / `div.T-I.T-I-KE.L3`
// (the selectors Gmail automation scripts click).

const REPLY = 'div[role=button].aaq, div[role=button].bsQ';

export const gmailCompose: ComposeSite = {
  composes: gmailComposes,
  active: activeGmailCompose,
  fields(root) {
    const body = root.querySelector<HTMLElement>('div[contenteditable=true][role=textbox], div[contenteditable=true]');
    if (!body) return null;
    return {
      body,
      subject: root.querySelector<HTMLInputElement>('input[name=subjectbox]'),
      to: root.querySelector<HTMLElement>('div[name=to] input, textarea[name=to]'),
    };
  },
  recipients: (root) => gmailRecipients(root).map(({ email, name }) => ({ email, name })),
  replyButton: (doc, email) => latestGmailMessageFrom(doc, email)?.querySelector<HTMLElement>(REPLY) ?? null,
  newEmail: 'div[gh=cm], div.T-I.T-I-KE.L3',
};
