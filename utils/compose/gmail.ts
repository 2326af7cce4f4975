import { activeGmailCompose } from '../detect/gmail';
import type { ComposeSite } from './insert';

// Gmail's compose fields as gmail.js names them (KartikTalwar/gmail.js, src/gmail.js,
// compose.dom): subject `input[name=subjectbox]`, body the `div[contenteditable=true]` editor,
// To `div[name=to] input` (peoplekit) or `textarea[name=to]` (older); the message's Reply button is
// `div[role=button].aaq` / `.bsQ` (email.dom reply_button) and Compose is `div.T-I.T-I-KE.L3`.

export const gmailCompose: ComposeSite = {
  find(doc) {
    const root = activeGmailCompose(doc);
    const body = root?.querySelector<HTMLElement>('div[contenteditable=true][role=textbox], div[contenteditable=true]');
    if (!root || !body) return null;
    return {
      root,
      body,
      subject: root.querySelector<HTMLInputElement>('input[name=subjectbox]'),
      to: root.querySelector<HTMLElement>('div[name=to] input, textarea[name=to]'),
    };
  },
  openers: ['div[role=button].aaq, div[role=button].bsQ', 'div.T-I.T-I-KE.L3'],
};
