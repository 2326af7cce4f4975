import { runDetection } from '@/utils/browser/content-runner';
import { CRM_DETECTORS, CRM_MATCHES } from '@/utils/detect/index';

export default defineContentScript({
  // WXT's start announcement would tell every page the extension's id and the script's name.
  noScriptStartedPostMessage: true,
  // Every CRM's data centres and regional hosts, from each tool's file in utils/detect/.
  matches: CRM_MATCHES,
  main(ctx) {
    runDetection(ctx, {
      detectors: Object.values(CRM_DETECTORS),
      // CRMs render records inside <main> once their shell is up; before that only <body> exists.
      watchRoot: (doc) => doc.querySelector('main') ?? doc.body,
    });
  },
});
