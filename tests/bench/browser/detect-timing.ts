import { BUILT_IN_DETECTORS } from '../../../utils/detect/index';
import type { DetectContext } from '../../../utils/detect/types';

// Bundled for a Chromium page: times the product's detectors on the page's own live DOM.
// Each call follows a one-element DOM change (as every real detection does, the content script
// running after the page changed); the change alone is timed too and subtracted.

export function timeDetector(
  tool: keyof typeof BUILT_IN_DETECTORS,
  href: string,
  ctx: DetectContext,
  batches: number,
): { perCallMs: number[]; found: boolean } {
  const detect = BUILT_IN_DETECTORS[tool];
  const url = new URL(href);
  const root = document.querySelector('[role=main]') ?? document.body;
  const change = () => root.appendChild(document.createElement('i')).remove();
  const perCall = (fn: () => unknown): number[] => {
    let calls = 1;
    for (;;) {
      const start = performance.now();
      for (let i = 0; i < calls; i++) fn();
      const elapsed = performance.now() - start;
      if (elapsed >= 20 || calls >= 1 << 22) break;
      calls = elapsed < 1 ? calls * 10 : Math.ceil((calls * 20) / elapsed);
    }
    const out: number[] = [];
    for (let b = 0; b < batches; b++) {
      const start = performance.now();
      for (let i = 0; i < calls; i++) fn();
      out.push((performance.now() - start) / calls);
    }
    return out;
  };
  const both = perCall(() => {
    change();
    detect(url, document, ctx);
  });
  const changeOnly = perCall(change).sort((a, b) => a - b)[batches >> 1]!;
  return { perCallMs: both.map((t) => Math.max(0, t - changeOnly)), found: detect(url, document, ctx) !== null };
}
