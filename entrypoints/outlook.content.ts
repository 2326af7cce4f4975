import { runDetection } from '@/utils/browser/content-runner';
import { activeOutlookCompose, detectOutlookClient, OUTLOOK_SITES } from '@/utils/detect/outlook';
import { insertIntoCompose } from '@/utils/compose/insert';
import { outlookCompose } from '@/utils/compose/outlook';

export default defineContentScript({
  // WXT's start announcement would tell every page the extension's id and the script's name.
  noScriptStartedPostMessage: true,
  matches: [...OUTLOOK_SITES.matches],
  main(ctx) {
    runDetection(ctx, {
      detectors: [detectOutlookClient],
      // The app root holds the reading pane and compose windows (pop-out composes included).
      watchRoot: (doc) => doc.getElementById('app') ?? doc.body,
      hasCompose: (doc) => activeOutlookCompose(doc) !== null,
      insert: (doc, data) => insertIntoCompose(doc, outlookCompose, data),
    });
  },
});
