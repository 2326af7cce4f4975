import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { DetectContext, DetectedClient, Detector } from '../detect/types';
import { detectWith } from '../detect/index';
import type { ContentProtocol } from '../messages';
import { asInsertRequest, type InsertRequest, type InsertResult } from '../compose/insert';
import { sendMessage, serveMessages, type Handlers } from './messaging';
import { stopOnlyWithTheExtension } from './content-context';
import { t } from '../i18n';
import { installBrowserMessages } from './i18n';

// The one loop every detecting content script runs: detect now, again promptly after SPA navigation
// and (debounced) after DOM changes in the narrowest container the site allows, and tell the
// background only when the finding changed. No polling: the page's own changes drive it, and one
// timer at most is pending at any time.

export interface DetectionSite {
  detectors: readonly Detector[];
  /** The element whose subtree changes when the client on screen changes. */
  watchRoot(doc: Document): Node;
  /** True when the page has an open compose window (insert goes straight in). */
  hasCompose?(doc: Document): boolean;
  /** Inserts a template; sites without compose windows leave it out. */
  insert?(doc: Document, data: InsertRequest): Promise<InsertResult>;
}

/** After a navigation: long enough for the app to swap its view in, short enough to feel instant. */
const NAVIGATION_MS = 20;
/** After DOM changes: detect once the page has been quiet this long… */
const QUIET_MS = 200;
/** …or this long after the first unreported change, on pages that never stop changing. */
const MAX_WAIT_MS = 500;
const NO_CONTEXT: DetectContext = { selfEmails: [], firmDomains: [] };

async function loadContext(): Promise<DetectContext> {
  try {
    return await sendMessage('detectContext');
  } catch {
    // Without a policy or settings yet, nobody is known to be "us"; detection still works.
    return NO_CONTEXT;
  }
}

export function runDetection(ctx: ContentScriptContext, site: DetectionSite): void {
  installBrowserMessages();
  stopOnlyWithTheExtension(ctx);
  let context = NO_CONTEXT;
  let lastReport: string | null = null;
  let observed: Node | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstChange = 0;
  let lastChange = 0;

  const report = () => {
    if (ctx.isInvalid) return;
    const client: DetectedClient | null = detectWith(site.detectors, new URL(location.href), document, context);
    const hasCompose = site.hasCompose?.(document) ?? false;
    const key = JSON.stringify([client, hasCompose]);
    if (key === lastReport) return;
    lastReport = key;
    sendMessage('clientDetected', { client, hasCompose }).catch(() => {
      // The background may be restarting; the next change reports again.
      lastReport = null;
    });
  };

  const run = () => {
    timer = undefined;
    if (ctx.isInvalid) return;
    watch();
    report();
  };
  // A change only notes the time; the one pending timer re-arms itself until the page is quiet or
  // the maximum wait is up, so a busy page costs no timer per change and never starves detection.
  const wait = () => {
    const left = Math.min(lastChange + QUIET_MS, firstChange + MAX_WAIT_MS) - performance.now();
    if (left > 0) timer = setTimeout(wait, left);
    else run();
  };
  const changed = () => {
    lastChange = performance.now();
    if (timer !== undefined) return;
    firstChange = lastChange;
    timer = setTimeout(wait, QUIET_MS);
  };

  const observer = new MutationObserver(changed);
  // The narrowest root can be replaced by the app (Gmail swaps its main view): re-attach when it is.
  const watch = () => {
    const root = site.watchRoot(document);
    if (root === observed) return;
    observer.disconnect();
    observer.observe(root, { childList: true, subtree: true });
    if (root !== document.body && document.body) observer.observe(document.body, { childList: true });
    observed = root;
  };

  // Only this extension's background talks to a content script; a site without compose windows
  // leaves insertText to whichever script in the tab has one.
  const stopServing = serveMessages<ContentProtocol>(
    {
      async redetect() {
        lastReport = null;
        context = await loadContext();
        report();
      },
      ...(site.insert
        ? {
            insertText: (data: unknown) => {
              const request = asInsertRequest(data);
              if (!request) throw new Error(t('insertNotUnderstood'));
              return site.insert!(document, request);
            },
          }
        : {}),
    } satisfies Partial<Handlers<ContentProtocol>>,
    (_name, sender) => (sender.id === browser.runtime.id ? null : t('refusedUnknownSender')),
  );

  ctx.onInvalidated(() => {
    clearTimeout(timer);
    observer.disconnect();
    stopServing();
  });
  // A new address always reports, even the same client: the background forgets a tab's client
  // when the browser says the tab is loading, which some in-page navigations also trigger.
  // Apps often render the new view a little later still; the DOM changes that brings report it then.
  const navigated = () => {
    lastReport = null;
    clearTimeout(timer);
    timer = setTimeout(run, NAVIGATION_MS);
  };
  ctx.addEventListener(window, 'wxt:locationchange', navigated);
  ctx.addEventListener(window, 'hashchange', navigated);
  // Moving between two compose windows changes which one is "the" compose.
  ctx.addEventListener(document, 'focusin', changed);

  // The first report waits for who "we" are, so the user's own address never shows as the client.
  void loadContext().then((c) => {
    context = c;
    watch();
    report();
  });
}
