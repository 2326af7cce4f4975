import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { fakeBrowser } from 'wxt/testing';
import type { DetectedClient, Detector } from '@/utils/detect/types';

const send = vi.hoisted(() => vi.fn());
vi.mock(import('@/utils/browser/messaging'), async (original) => ({ ...(await original()), sendMessage: send }));

const { runDetection } = await import('@/utils/browser/content-runner');

// The loop every detecting content script runs on a live webmail or CRM page: what reaches the
// background, and when, as the page navigates and changes.

/** The client on screen is whoever the view's `data-client` names. */
const detector: Detector = (_url, doc) => {
  const email = doc.querySelector('[data-client]')?.getAttribute('data-client');
  return email ? ({ source: 'gmail', sourceLabel: 'Gmail', email, name: email, firstName: email, pageKind: 'thread', evidence: 'test' } satisfies DetectedClient) : null;
};

let ctx: ContentScriptContext;
let main: HTMLElement;

/** The clients reported to the background so far, in order. */
const reported = () =>
  send.mock.calls.filter(([name]) => name === 'clientDetected').map(([, data]) => (data as { client: DetectedClient | null }).client?.email ?? null);

/** The app swaps its view to show another client. */
function showClient(email: string) {
  const view = document.createElement('div');
  view.setAttribute('data-client', email);
  main.replaceChildren(view);
}

/** One DOM change of the kind a live page makes all the time (a ticking clock, presence dots). */
function tick() {
  main.append(document.createElement('span'));
  main.lastChild?.remove();
}

async function start() {
  runDetection(ctx, { detectors: [detector], watchRoot: (doc) => doc.querySelector('main') ?? doc.body });
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  // The runner measures quiet time with performance.now(): fake it too, so a busy machine cannot
  // stretch the test's simulated milliseconds.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
  send.mockReset();
  send.mockImplementation(async (name: string) => (name === 'detectContext' ? { selfEmails: [], firmDomains: [], detectors: [] } : undefined));
  document.body.replaceChildren();
  main = document.body.appendChild(document.createElement('main'));
  showClient('alice@bakery.example');
  ctx = new ContentScriptContext('runner-test');
});

afterEach(() => {
  ctx.abort('test over');
  vi.useRealTimers();
});

describe('client detection on a live page', () => {
  it('reports the client on screen as soon as it knows who "we" are', async () => {
    await start();
    expect(reported()).toEqual(['alice@bakery.example']);
  });

  it('reports the next client within a frame or so of an in-app navigation, not after a long debounce', async () => {
    await start();
    showClient('dan@orchard.example');
    // One navigation event, as the browser fires it (setting location.hash in happy-dom would fire a
    // second one at a time of its own choosing, and every navigation reports afresh by design).
    window.dispatchEvent(new Event('hashchange'));
    await vi.advanceTimersByTimeAsync(50);
    expect(reported()).toEqual(['alice@bakery.example', 'dan@orchard.example']);
  });

  it('still catches a view the app renders a little after the address changed', async () => {
    await start();
    window.dispatchEvent(new Event('hashchange'));
    await vi.advanceTimersByTimeAsync(50);
    showClient('dan@orchard.example');
    await vi.advanceTimersByTimeAsync(600);
    expect(reported().at(-1)).toBe('dan@orchard.example');
  });

  it('reports a change on a page that never stops changing, within the maximum wait', async () => {
    await start();
    showClient('dan@orchard.example');
    // 1,000 changes a second: the page is never quiet.
    for (let ms = 0; ms < 500; ms++) {
      tick();
      await vi.advanceTimersByTimeAsync(1);
    }
    expect(reported()).toEqual(['alice@bakery.example', 'dan@orchard.example']);
  });

  it('keeps one timer and no new invalidation listeners however often the page changes', async () => {
    const onAbort = vi.spyOn(ctx.signal, 'addEventListener');
    await start();
    const listenersAtStart = onAbort.mock.calls.length;
    const timersAtStart = vi.getTimerCount();
    for (let ms = 0; ms < 1000; ms++) {
      tick();
      await vi.advanceTimersByTimeAsync(1);
      expect(vi.getTimerCount()).toBeLessThanOrEqual(timersAtStart + 1);
    }
    expect(onAbort.mock.calls.length).toBe(listenersAtStart);
  });

  it('does not send the same finding again when nothing changed', async () => {
    await start();
    for (let ms = 0; ms < 2000; ms++) {
      tick();
      await vi.advanceTimersByTimeAsync(1);
    }
    document.body.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(reported()).toEqual(['alice@bakery.example']);
  });

  it('sends nothing once the extension has been reloaded or removed', async () => {
    await start();
    showClient('dan@orchard.example');
    tick();
    window.dispatchEvent(new Event('hashchange'));
    await vi.advanceTimersByTimeAsync(0);
    // Without the extension (reloaded or removed) the browser takes its runtime away.
    const id = Object.getOwnPropertyDescriptor(fakeBrowser.runtime, 'id');
    Object.defineProperty(fakeBrowser.runtime, 'id', { value: undefined, configurable: true });
    try {
      ctx.notifyInvalidated();
    } finally {
      if (id) Object.defineProperty(fakeBrowser.runtime, 'id', id);
    }
    await vi.advanceTimersByTimeAsync(2000);
    showClient('erin@harbor.example');
    await vi.advanceTimersByTimeAsync(2000);
    expect(reported()).toEqual(['alice@bakery.example']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps running when the page forges the start of a newer copy of the script', async () => {
    await start();
    // The event name WXT listens for (its start announcement), as a page can compute it.
    const type = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }).SCRIPT_STARTED_MESSAGE_TYPE;
    document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'runner-test', messageId: 'forged' } }));
    showClient('dan@orchard.example');
    await vi.advanceTimersByTimeAsync(2000);
    expect(ctx.isValid).toBe(true);
    expect(reported()).toEqual(['alice@bakery.example', 'dan@orchard.example']);
  });
});
