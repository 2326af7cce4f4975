import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import background from '@/entrypoints/background/index';
import type { BackgroundProtocol } from '@/utils/messages';
import { envelope, type Reply } from '@/utils/envelope';
import type { Sender } from '@/utils/browser/messaging';

// Drill: trust boundaries of the background. The real background is started on the fake browser and
// every message of the protocol is sent from forged senders: a web page's content script, another
// extension, a page with no extension id, a page that claims an extension URL from inside a web tab.
// Only the extension's own pages may do anything beyond reporting a detected client; look-alike
// envelopes are ignored; a refused message has no effect on the stored state.

const MESSAGES: { [K in keyof BackgroundProtocol]: Parameters<BackgroundProtocol[K]>[0] } = {
  clientDetected: { client: null, hasCompose: false },
  detectContext: undefined,
  getTabClient: { tabId: 1 },
  searchClients: { query: 'a' },
  getPolicyState: undefined,
  syncPolicy: undefined,
  setPolicyUrl: { url: 'https://evil.example/policy.json' },
  importPolicy: { text: '{}', fileName: 'evil.json' },
  getSettings: undefined,
  setSettings: { selfEmail: 'partner@firm.example' },
  getClientHistory: { clientKey: 'alice@client.example' },
  startIncident: { client: { clientKey: 'a@b.example', name: 'A', source: { tool: 'manual', label: 'x' } }, category: 'c', summary: '' },
  tickStep: { incidentId: 'i', stepId: 's', done: true },
  grantRemedy: { incidentId: 'i', remedyId: 'r', amount: 100_000_00 },
  requestApproval: { incidentId: 'i', remedyId: 'r', amount: 1 },
  markApproved: { incidentId: 'i', grantId: 'g', approverEmail: 'partner@firm.example' },
  resolveIncident: { incidentId: 'i' },
  reopenIncident: { incidentId: 'i' },
  getIncident: { incidentId: 'i' },
  listIncidents: {},
  importLedger: { text: '{}' },
  insertIntoEmail: { tabId: 1, subject: 's', body: 'b' },
} as never;

/** What content scripts may send: report what they see, and ask who "me" is to see it. */
const CONTENT_SCRIPT_MAY = new Set(['clientDetected', 'detectContext']);

function senders(): Record<string, { sender: Sender; contentScript: boolean }> {
  const id = fakeBrowser.runtime.id;
  const own = fakeBrowser.runtime.getURL('/');
  const gmail = 'https://mail.google.com/mail/u/0/#inbox/abc';
  return {
    'own content script in a web page': { sender: { id, tab: { id: 5, url: gmail } as never, frameId: 0, url: gmail }, contentScript: true },
    'own content script in a sub-frame': { sender: { id, tab: { id: 5, url: gmail } as never, frameId: 3, url: 'https://ads.example/x' }, contentScript: true },
    'another extension': { sender: { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/bg.js' }, contentScript: false },
    'another extension claiming our URL': { sender: { id: 'abcdefghijklmnopabcdefghijklmnop', url: `${own}sidepanel.html` }, contentScript: false },
    'a web page (no extension id)': { sender: { url: gmail, tab: { id: 6, url: gmail } as never }, contentScript: false },
    'a web tab claiming our URL': { sender: { id, url: `${own}options.html`, tab: { id: 7, url: gmail } as never }, contentScript: true },
    'no sender at all': { sender: {}, contentScript: false },
  };
}

/**
 * The scripting API the background registers the firm's detectors with, which the fake browser
 * lacks: an in-memory registry, so starting the background logs nothing.
 */
function provideScripting(): void {
  type Script = { id: string; matches?: string[] };
  const registered = new Map<string, Script>();
  (fakeBrowser as unknown as { scripting: unknown }).scripting = {
    getRegisteredContentScripts: async (filter?: { ids?: string[] }) =>
      [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)),
    registerContentScripts: async (scripts: Script[]) => scripts.forEach((s) => registered.set(s.id, s)),
    updateContentScripts: async (scripts: Script[]) => scripts.forEach((s) => registered.set(s.id, s)),
    unregisterContentScripts: async (filter?: { ids?: string[] }) => filter?.ids?.forEach((id) => registered.delete(id)),
  };
}

/** Starts the real background; browser APIs the fake browser lacks (and that no message needs) become no-ops. */
function startBackground(): void {
  provideScripting();
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      background.main();
      return;
    } catch (error) {
      const missing = /^Browser\.([\w.]+) not implemented/.exec((error as Error).message)?.[1];
      if (!missing) throw error;
      const parts = missing.split('.');
      let node = fakeBrowser as unknown as Record<string, unknown>;
      for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
      node[parts.at(-1)!] = () => undefined;
      fakeBrowser.runtime.onMessage.removeAllListeners?.();
    }
  }
  throw new Error('the background did not start');
}

/** Sends as the browser does: the reply comes through sendResponse, kept open by a listener returning true. */
function send(message: unknown, sender: Sender): Promise<Reply | undefined> {
  return new Promise((resolve) => {
    const respond = (reply: Reply) => resolve(reply);
    // The fake browser's types name two arguments; its trigger hands every argument to the listeners.
    const trigger = fakeBrowser.runtime.onMessage.trigger as unknown as (...args: unknown[]) => Promise<unknown[]>;
    void trigger(message, sender, respond).then((results) => {
      if (!results.includes(true)) resolve(undefined);
    });
  });
}

describe('drill: trust boundaries', () => {
  it('refuses every privileged message from anyone but the extension’s own pages', async () => {
    startBackground();
    let sent = 0;
    let refused = 0;
    let leaked = 0;
    for (const [who, { sender, contentScript }] of Object.entries(senders())) {
      for (const [name, data] of Object.entries(MESSAGES)) {
        sent++;
        const reply = await send(envelope(name, data), sender);
        const allowed = contentScript && CONTENT_SCRIPT_MAY.has(name);
        const wasRefused = reply?.ok === false && reply.error.startsWith('Refused');
        if (wasRefused) refused++;
        if (!allowed && !wasRefused) {
          leaked++;
          expect.fail(`${who}: "${name}" was not refused (${JSON.stringify(reply)})`);
        }
        if (allowed) expect(wasRefused, `${who}: ${name}`).toBe(false);
      }
    }
    // Nothing a refused message asked for happened.
    const own = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/sidepanel.html') };
    const state = await send(envelope('getPolicyState', undefined), own);
    const settings = await send(envelope('getSettings', undefined), own);
    expect(state?.ok && (state.value as { policyUrl: string | null }).policyUrl).toBeNull();
    expect(settings?.ok && (settings.value as { selfEmail: string }).selfEmail).toBe('');

    // Look-alike envelopes and other extensions' message shapes are not ours: no answer at all.
    const lookAlikes = [
      { mir: '1', name: 'grantRemedy', data: {} },
      { mir: 1, name: 'toString', data: {} },
      { mir: 1, name: '__proto__', data: {} },
      { mir: 1, name: 'constructor', data: {} },
      { type: 'grantRemedy', data: {} },
      { mir: 1, name: ['grantRemedy'], data: {} },
      'grantRemedy',
      null,
    ];
    let ignored = 0;
    for (const message of lookAlikes) {
      sent++;
      if ((await send(message, own)) === undefined) ignored++;
    }

    // The extension's own page is let through (the handler answers, whatever its answer).
    const reply = await send(envelope('getPolicyState', undefined), own);
    expect(reply?.ok).toBe(true);

    const privileged = Object.keys(MESSAGES).length - CONTENT_SCRIPT_MAY.size;
    console.log(
      `trust: ${sent} forged or look-alike messages from ${Object.keys(senders()).length} kinds of sender, ${refused} refused, ` +
        `${ignored} look-alikes ignored, ${leaked} privileged messages (of ${privileged}) let through`,
    );
    expect(leaked).toBe(0);
    expect(ignored).toBe(lookAlikes.length);
  });
});
