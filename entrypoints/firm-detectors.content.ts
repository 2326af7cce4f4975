import { runDetection } from '@/utils/browser/content-runner';
import { sendMessage } from '@/utils/browser/messaging';
import { stopOnlyWithTheExtension } from '@/utils/browser/content-context';
import { detectorFromSpec, specMatches } from '@/utils/detect/custom';

// The firm's own detectors from its policy. Registered at run time by the background, only on the
// policy's pages whose sites the user allowed (entrypoints/background/firm-detectors.ts), so it has
// no fixed `matches` and the extension asks for no site up front.
export default defineContentScript({
  // WXT's start announcement would tell every page the extension's id and the script's name.
  noScriptStartedPostMessage: true,
  registration: 'runtime',
  main(ctx) {
    stopOnlyWithTheExtension(ctx);
    void sendMessage('detectContext').then(
      ({ detectors }) => {
        const here = new URL(location.href);
        // The registration can lag behind a policy that just dropped this page's detector.
        if (ctx.isInvalid || !detectors.some((spec) => specMatches(spec, here))) return;
        runDetection(ctx, {
          detectors: detectors.map(detectorFromSpec),
          watchRoot: (doc) => doc.body,
        });
      },
      () => {
        // No answer from the background (the extension is updating): the next page load tries again.
      },
    );
  },
});
