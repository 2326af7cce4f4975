import { browser, type Browser } from 'wxt/browser';
import type { BackgroundProtocol, ContentProtocol, MessageData, MessageName, MessageResult, PageEvents } from '../messages';
import { envelope, eventEnvelope, isEnvelope, isEventEnvelope, unwrapReply, type Reply } from '../envelope';
import { errorText } from '../error-text';

// The thin browser side of the protocol in ../messages.ts (envelopes: ../envelope.ts). This folder (utils/browser/) is the only
// part of utils/ that touches extension APIs.

export type Sender = Browser.runtime.MessageSender;

export type Handlers<P> = {
  [K in MessageName<P>]: (
    data: MessageData<P, K>,
    sender: Sender,
  ) => MessageResult<P, K> | Promise<MessageResult<P, K>>;
};

/** UI or content script → background. Rejects with the handler's error message. */
export async function sendMessage<K extends MessageName<BackgroundProtocol>>(
  name: K,
  ...[data]: MessageData<BackgroundProtocol, K> extends undefined
    ? [data?: undefined]
    : [data: MessageData<BackgroundProtocol, K>]
): Promise<MessageResult<BackgroundProtocol, K>> {
  const reply: unknown = await browser.runtime.sendMessage(envelope(name, data));
  return unwrapReply(reply, name);
}

/** Background → the content scripts of one tab (top frame). */
export async function sendToTab<K extends MessageName<ContentProtocol>>(
  tabId: number,
  name: K,
  data: MessageData<ContentProtocol, K>,
): Promise<MessageResult<ContentProtocol, K>> {
  const reply: unknown = await browser.tabs.sendMessage(tabId, envelope(name, data), {
    frameId: 0,
  });
  return unwrapReply(reply, name);
}

/**
 * Serves the handlers for our envelopes, in the background and in content scripts alike. A message
 * without a handler here is left for another listener. `authorize` sees the sender as the browser
 * reports it and returns null to accept or a reason to refuse. Returns a function that stops serving.
 */
export function serveMessages<P>(
  handlers: Partial<Handlers<P>>,
  authorize: (name: MessageName<P>, sender: Sender) => string | null,
): () => void {
  // The reply goes through sendResponse (and `true` keeps the channel open for it): every browser
  // takes that as it is, so content scripts need no promise polyfill to answer.
  const listener = (message: unknown, sender: Sender, sendResponse: (reply: Reply) => void) => {
    if (!isEnvelope(message)) return undefined;
    if (!Object.hasOwn(handlers, message.name)) return undefined;
    const name = message.name as MessageName<P>;
    const refusal = authorize(name, sender);
    if (refusal) {
      sendResponse({ ok: false, error: refusal });
      return undefined;
    }
    void (async (): Promise<Reply> => {
      try {
        const handler = handlers[name] as (data: unknown, sender: Sender) => unknown;
        return { ok: true, value: await handler(message.data, sender) };
      } catch (error) {
        return { ok: false, error: errorText(error) };
      }
    })().then(sendResponse);
    return true as const;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/**
 * Background → every open page of the extension: `name` changed. Nobody listening (no page open) is
 * no error.
 */
export function announce<K extends keyof PageEvents & string>(
  name: K,
  ...[data]: PageEvents[K] extends undefined ? [data?: undefined] : [data: PageEvents[K]]
): void {
  void Promise.resolve()
    .then(() => browser.runtime.sendMessage(eventEnvelope(name, data)))
    .catch(() => undefined);
}

/**
 * A page hears `name` from the background (never from a web page's content script). Returns a
 * function that stops listening.
 */
export function onPageEvent<K extends keyof PageEvents & string>(name: K, listener: (data: PageEvents[K]) => void): () => void {
  const heard = (message: unknown, sender: Sender) => {
    if (!isEventEnvelope(message) || message.event !== name || !isExtensionPage(sender)) return undefined;
    listener(message.data as PageEvents[K]);
    return undefined;
  };
  browser.runtime.onMessage.addListener(heard);
  return () => browser.runtime.onMessage.removeListener(heard);
}

/** True when the message comes from one of this extension's own pages (side panel, options). */
export function isExtensionPage(sender: Sender): boolean {
  if (sender.id !== browser.runtime.id) return false;
  if (sender.tab && !sender.tab.url?.startsWith(browser.runtime.getURL('/'))) return false;
  return (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
}

/** True when the message comes from this extension's content script in a web page tab. */
export function isOwnContentScript(sender: Sender): boolean {
  return sender.id === browser.runtime.id && sender.tab?.id !== undefined && !isExtensionPage(sender);
}
