import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, request as httpRequest, type Server } from 'node:http';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { buildDir, fixture } from '../common';
import type { BackgroundProtocol, MessageData, MessageName, MessageResult } from '../../../utils/messages';
import { envelope, unwrapReply } from '../../../utils/envelope';
import type { ExtensionPage } from '../suites/extension-page';

// Real-browser tier in Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi (no
// geckodriver, no browser download). The build is installed as a temporary add-on; third-party pages
// are answered from tests/fixtures by request interception; every request that leaves the browser
// goes through a proxy on 127.0.0.1 that records it and lets only loopback through.

/** What extension pages see when the tests evaluate code in them. */
declare const browser: typeof import('wxt/browser').browser;

const ADDON_ID = 'make-it-right@makeitright.app';
/** Fixed through a pref, so the add-on's pages have a known address. */
const ADDON_UUID = '6d3f2a1b-8c4e-4f5a-9b7d-2e1c0a9f8b6d';

export interface FirefoxSession {
  browser: Browser;
  /** `moz-extension://<uuid>` */
  origin: string;
  /** Every request that left the browser, as the proxy saw it: `GET http://…` or `CONNECT host:port`. */
  egress: string[];
  /** Where downloads land, without asking. */
  downloads: string;
  /** What Firefox printed: console messages and uncaught errors of the add-on arrive only here. */
  log: string[];
  /** Uncaught errors and rejections in the add-on's pages, event page and content scripts so far. */
  extensionErrors(): string[];
  /** Answers every request whose URL starts with `prefix` with an HTML page, in pages opened after. */
  route(prefix: string, html: string | (() => string)): void;
  /** A new tab, with the routes above. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Firefox suspends an idle event page after this long (its default: 30 s). */
  backgroundIdleMs?: number;
}

export async function launchFirefox(options: LaunchOptions = {}): Promise<FirefoxSession> {
  const executablePath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(executablePath)) {
    throw new Error(`No Firefox at ${executablePath}: apt-get install firefox-esr, or set FIREFOX_PATH`);
  }
  const extensionDir = buildDir('firefox-mv3');
  if (!existsSync(extensionDir)) throw new Error(`No Firefox build at ${extensionDir}: npm run build:firefox`);
  const proxy = await startEgressProxy();
  const downloads = mkdtempSync(path.join(tmpdir(), 'mir-firefox-downloads-'));
  const browserInstance = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    // Release builds read the remote-settings server pref below only with this set.
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    // Without it no moz-extension:// page can be opened over BiDi.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      // permissions.request() is granted without a door-hanger no automation can reach.
      'extensions.webextOptionalPermissionPrompts': false,
      ...(options.backgroundIdleMs ? { 'extensions.background.idle.timeout': options.backgroundIdleMs } : {}),
      // Firefox's own remote settings would otherwise be fetched (and refused by the proxy).
      'services.settings.server': 'data:,#remote-settings-off/v1',
      // Console messages and uncaught errors of the add-on's pages go to the browser's stdout.
      'devtools.console.stdout.chrome': true,
      'devtools.console.stdout.content': true,
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
  const log: string[] = [];
  for (const stream of [browserInstance.process()?.stdout, browserInstance.process()?.stderr]) {
    stream?.on('data', (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  }
  const installed = await browserInstance.installExtension(extensionDir);
  if (installed !== ADDON_ID) throw new Error(`installed ${installed}, expected ${ADDON_ID}`);

  const routes: { prefix: string; html: string | (() => string) }[] = [];
  const answer = (req: HTTPRequest) => {
    if (req.isInterceptResolutionHandled()) return;
    // The newest route for a prefix wins, as a test re-routing a site expects.
    const match = [...routes].reverse().find((r) => req.url().startsWith(r.prefix));
    if (!match) return void req.continue();
    void req.respond({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: typeof match.html === 'string' ? match.html : match.html(),
    });
  };
  return {
    browser: browserInstance,
    origin: `moz-extension://${ADDON_UUID}`,
    egress: proxy.seen,
    downloads,
    log,
    extensionErrors: () => log.filter((line) => line.startsWith(`JavaScript error: moz-extension://${ADDON_UUID}/`)),
    route(prefix, html) {
      routes.push({ prefix, html });
    },
    async newPage() {
      const page = await browserInstance.newPage();
      await page.setRequestInterception(true);
      page.on('request', answer);
      return page;
    },
    async close() {
      await browserInstance.close();
      await proxy.close();
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}

/** Serves a fixture file for every request starting with `prefix`. */
export function routeFixture(session: FirefoxSession, prefix: string, relativeFixture: string): void {
  session.route(prefix, () => fixture(relativeFixture));
}

/**
 * Opens one of the add-on's pages. Extension pages send no load events over BiDi, so this waits
 * for the document itself.
 */
export async function openExtensionPage(
  session: FirefoxSession,
  pathAndQuery: string,
  viewport = { width: 1000, height: 800 },
): Promise<Page> {
  const page = await session.newPage();
  await page.setViewport(viewport);
  await gotoExtensionPage(session, page, pathAndQuery);
  return page;
}

export async function gotoExtensionPage(session: FirefoxSession, page: Page, pathAndQuery: string): Promise<void> {
  await page.goto(`${session.origin}/${pathAndQuery}`, { waitUntil: [] });
  await page.waitForFunction(
    (href) => location.href === href && document.readyState === 'complete',
    {},
    `${session.origin}/${pathAndQuery}`,
  );
}

export function openOptions(session: FirefoxSession): Promise<Page> {
  return openExtensionPage(session, 'options.html');
}

/** `sidepanel.html?tabId=N` in a tab of its own, as the panel's Pop out does. */
export function openSidePanel(session: FirefoxSession, tabId: number, size = { width: 400, height: 900 }): Promise<Page> {
  return openExtensionPage(session, `sidepanel.html?tabId=${tabId}`, size);
}

/** Clicks Export JSON / Export CSV on the options page, as a user does, and reads the file Firefox saves. */
export async function exportFromOptions(
  session: FirefoxSession,
  options: Page,
  format: 'json' | 'csv',
): Promise<{ fileName: string; text: string }> {
  const before = new Set(readdirSync(session.downloads));
  await options.locator(`::-p-aria([name="Export ${format.toUpperCase()}"][role="button"])`).click();
  const deadline = Date.now() + 60_000;
  for (;;) {
    // Firefox creates an empty `<name>` at once, writes `<name>.part` and moves it over `<name>` when
    // the download is complete: done is `<name>` without its `.part`.
    const files = readdirSync(session.downloads);
    const done = files.filter((f) => !before.has(f) && !f.endsWith('.part') && !files.includes(`${f}.part`));
    const fileName = done.find((f) => f.endsWith(`.${format}`));
    // An export always has at least its header, so an empty file is still the placeholder.
    const text = fileName ? readFileSync(path.join(session.downloads, fileName), 'utf8') : '';
    if (fileName && text) return { fileName, text };
    if (Date.now() > deadline) throw new Error(`no ${format} download within 60 s (saw: ${done.join(', ') || 'nothing'})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Sends a protocol message from an extension page, as the UI does. */
export async function callBackground<K extends MessageName<BackgroundProtocol>>(
  extensionPage: Page,
  name: K,
  data: MessageData<BackgroundProtocol, K>,
): Promise<MessageResult<BackgroundProtocol, K>> {
  const reply: unknown = await extensionPage.evaluate(
    (message) => browser.runtime.sendMessage(message),
    envelope(name, data),
  );
  return unwrapReply(reply, name);
}

/**
 * The browser's id of the tab showing `page`, asked from an extension page after bringing the tab
 * to the front (the add-on has no `tabs` permission, so tab URLs are hidden from it).
 */
export async function tabIdOf(extensionPage: Page, page: Page): Promise<number> {
  await page.bringToFront();
  const id = await extensionPage.evaluate(async () => {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id ?? null;
  });
  if (id === null) throw new Error(`no tab for ${page.url()}`);
  return id;
}

/** The text of the first element matching `selector`, or null while there is none. */
export async function textOf(page: Page, selector: string): Promise<string | null> {
  const handle = await page.$(selector);
  if (!handle) return null;
  try {
    return await handle.evaluate((el) => (el as HTMLElement).innerText ?? el.textContent);
  } finally {
    await handle.dispose();
  }
}

/**
 * Opens the real sidebar in the window of `extensionPage`'s tab. sidebarAction.open() needs a user
 * action, so a button is clicked with real input, as a person would click the toolbar button.
 */
export async function openSidebar(extensionPage: Page): Promise<void> {
  await extensionPage.bringToFront();
  await extensionPage.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'open-sidebar-for-test';
    button.textContent = 'Open the sidebar';
    button.addEventListener('click', () => {
      void (browser as unknown as { sidebarAction: { open(): Promise<void> } }).sidebarAction.open();
    });
    document.body.prepend(button);
  });
  await extensionPage.click('#open-sidebar-for-test');
  await extensionPage.evaluate(() => document.getElementById('open-sidebar-for-test')?.remove());
}

/**
 * Reads the open sidebar's document from another page of the add-on (extension pages share one
 * process, so `extension.getViews` hands over the sidebar's window). null while no sidebar is open.
 */
export async function sidebarText(extensionPage: Page, selector: string): Promise<string | null> {
  return extensionPage.evaluate((sel) => {
    // The polyfill's types know no 'sidebar' view; Firefox does.
    const getViews = browser.extension.getViews as unknown as (o: { type: string }) => Window[];
    const [view] = getViews({ type: 'sidebar' });
    if (!view) return null;
    const el = view.document.querySelector<HTMLElement>(sel);
    return el ? el.innerText : null;
  }, selector);
}

/**
 * Waits until Firefox has suspended the idle event page (launch with a short `backgroundIdleMs`),
 * and proves it: a mark left in the old page's globals is gone from the one that wakes next.
 */
export async function waitForBackgroundRestart(extensionPage: Page, timeoutMs = 30_000): Promise<void> {
  await extensionPage.evaluate(async () => {
    const page = (await browser.runtime.getBackgroundPage()) as unknown as { beforeRestart?: boolean } | null;
    if (!page) throw new Error('no background page');
    page.beforeRestart = true;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Asking wakes the background, so ask seldom enough for it to go idle in between.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const fresh = await extensionPage.evaluate(async () => {
      const page = (await browser.runtime.getBackgroundPage()) as unknown as { beforeRestart?: boolean } | null;
      return page !== null && page.beforeRestart !== true;
    });
    if (fresh) return;
    if (Date.now() > deadline) throw new Error(`the background was not suspended within ${timeoutMs} ms`);
  }
}

interface EgressProxy {
  port: number;
  seen: string[];
  close(): Promise<void>;
}

/**
 * The browser's only way out: records each request, forwards plain-HTTP ones to loopback (the tests'
 * policy servers) and refuses everything else, so no test can reach the internet.
 */
async function startEgressProxy(): Promise<EgressProxy> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      return void res.writeHead(400).end();
    }
    if (target.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(target.hostname)) {
      return void res.writeHead(502).end();
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('proxy did not start');
  return {
    port: address.port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One of the add-on's pages (`options.html`, …) as the shared suites drive it (../suites/extension-page.ts). */
export function pageDriver(session: FirefoxSession, page: Page, pagePath = 'options.html'): ExtensionPage {
  let reopened = 0;
  const aria = (name: string, role: string) => `::-p-aria([name="${name}"][role="${role}"])`;
  return {
    fill: (label, text) => page.locator(aria(label, 'textbox')).fill(text),
    press: (button, within) => page.locator(`${within ? `${aria(within, 'region')} ` : ''}${aria(button, 'button')}`).click(),
    choose: (option) => page.locator(aria(option, 'radio')).click(),
    text: (selector) => textOf(page, selector),
    regionText: (name) => textOf(page, aria(name, 'region')),
    value: (selector) => page.$eval(selector, (el) => (el as HTMLInputElement).value),
    valueOf: (label) => page.locator(aria(label, 'textbox')).map((el) => (el as HTMLInputElement).value).wait(),
    // Extension pages send no load events over BiDi: opened again rather than reloaded.
    reopen: () => gotoExtensionPage(session, page, `${pagePath}?reopened=${++reopened}`),
  };
}
