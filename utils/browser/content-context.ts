import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

// WXT stops a content script when a newer copy of it announces itself with a DOM event on the
// document, and any page can dispatch that event (its name is the extension id and the script's
// name, both public). Only the browser may end a content script: when the extension is reloaded,
// updated or removed, `runtime.id` is gone, and that alone invalidates the context.

const guarded = new WeakSet<ContentScriptContext>();

/** Makes `ctx` ignore invalidation while the extension is still there. Call first thing in `main`. */
export function stopOnlyWithTheExtension(ctx: ContentScriptContext): void {
  if (guarded.has(ctx)) return;
  guarded.add(ctx);
  const invalidate = ctx.notifyInvalidated.bind(ctx);
  ctx.notifyInvalidated = () => {
    if (browser.runtime?.id == null) invalidate();
  };
}
