import { runDetection } from '@/utils/browser/content-runner';
import { activeGmailCompose, detectGmailClient, GMAIL_SITES } from '@/utils/detect/gmail';
import { insertIntoCompose } from '@/utils/compose/insert';
import { gmailCompose } from '@/utils/compose/gmail';

export default defineContentScript({
  // WXT's start announcement would tell every page the extension's id and the script's name.
  noScriptStartedPostMessage: true,
  matches: [...GMAIL_SITES.matches],
  main(ctx) {
    runDetection(ctx, {
      detectors: [detectGmailClient],
      // Gmail's outermost `div.nH` is its app shell: the open thread and every compose window live in it.
      watchRoot: (doc) => doc.querySelector('div.nH') ?? doc.body,
      hasCompose: (doc) => activeGmailCompose(doc) !== null,
      insert: (doc, data) => insertIntoCompose(doc, gmailCompose, data),
    });
  },
});
