import { runDetection } from '@/utils/browser/content-runner';
import { sendMessage } from '@/utils/browser/messaging';
import { detectorFromSpec, specMatches } from '@/utils/detect/custom';

// The firm's own detectors from its policy. Registered at run time by the background, only on the
// policy's pages whose sites the user allowed (entrypoints/background/firm-detectors.ts), so it has
// no fixed `matches` and the extension asks for no site up front.
export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
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
