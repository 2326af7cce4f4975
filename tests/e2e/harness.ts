import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BackgroundProtocol, MessageData, MessageName, MessageResult } from '../../utils/messages';
import { envelope, unwrapReply } from '../../utils/envelope';
import { buildDir, fixture } from './common';
import type { ExtensionPage } from './suites/extension-page';

// Real-browser tier in Debian's Chromium: the built extension, third-party pages served from
// tests/fixtures through request routing. What does not depend on the browser is in ./common,
// re-exported here; Firefox has its own harness in ./firefox/harness.

export {
  ROOT,
  fixture,
  gmailThreadWithInlineReply,
  screenshotPath,
  startLocalServer,
  withInlineReply,
  type LocalServer,
} from './common';

// What the service worker sees when the tests evaluate code in it.
declare const chrome: typeof import('wxt/browser').browser;

const EXTENSION_DIR = buildDir('chrome-mv3');

export interface ExtensionSession {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

export async function launchExtension(
  /** `lang`: the browser's interface language ("fr"); Debian's Chromium needs chromium-l10n for it. */
  options: { headless?: boolean; extensionDir?: string; lang?: string } = {},
): Promise<ExtensionSession> {
  const headless = options.headless ?? true;
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'mir-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless,
    viewport: { width: 1200, height: 800 },
    // Playwright disables extensions by default; this suite is about one.
    ignoreDefaultArgs: ['--disable-extensions'],
    // On Linux Chromium takes its interface language from LANGUAGE as well as from --lang.
    ...(options.lang ? { env: { ...process.env, LANGUAGE: options.lang }, locale: options.lang } : {}),
    args: [
      ...(options.lang ? [`--lang=${options.lang}`] : []),
      ...(headless ? ['--headless=new'] : []),
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The extension's service worker, waiting for a new one when it was stopped and restarted. */
export async function currentWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** Serves an HTML fixture for every request to `urlGlob` (e.g. 'https://mail.google.com/**'). */
export async function routeFixture(
  context: BrowserContext,
  urlGlob: string,
  relativeFixture: string | (() => string),
): Promise<void> {
  await context.route(urlGlob, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: typeof relativeFixture === 'string' ? fixture(relativeFixture) : relativeFixture(),
    }),
  );
}

/**
 * The browser's id of the tab showing `page`. The extension has no `tabs` permission, so tab URLs
 * are hidden from it: the page is brought to the front and the active tab is asked for.
 */
export async function tabIdOf(session: ExtensionSession, page: Page): Promise<number> {
  await page.bringToFront();
  const worker = await currentWorker(session.context);
  const id = await worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id ?? null;
  });
  if (id === null) throw new Error(`no tab for ${page.url()}`);
  return id;
}

/** Opens `sidepanel.html?tabId=N` in a page of its own, as the panel's Pop out does. */
export async function openSidePanel(
  session: ExtensionSession,
  tabId: number,
  size = { width: 400, height: 900 },
): Promise<Page> {
  const panel = await session.context.newPage();
  await panel.setViewportSize(size);
  await panel.goto(`chrome-extension://${session.extensionId}/sidepanel.html?tabId=${tabId}`);
  return panel;
}

/**
 * Chromium shows the permission prompt in browser UI that automation cannot reach. A site the user
 * already added under the extension's "Site access" in chrome://extensions is granted without a
 * prompt, so a test adds it there first, as a user could, and then clicks what asks for it.
 */
export async function allowSiteInExtensionSettings(session: ExtensionSession, site: string): Promise<void> {
  const page = await session.context.newPage();
  await page.goto('chrome://extensions/');
  await page.evaluate(
    ([id, host]) =>
      (
        globalThis as unknown as {
          chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } };
        }
      ).chrome.developerPrivate.addHostPermission(id, host),
    [session.extensionId, site] as const,
  );
  await page.close();
}

export async function openOptions(session: ExtensionSession): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/options.html`);
  return page;
}

/**
 * Clicks Export JSON / Export CSV on an options page, as a user does, and reads the file the browser
 * downloads. `ms`: from the click to the download starting.
 */
export async function exportFromOptions(options: Page, format: 'json' | 'csv'): Promise<{ fileName: string; text: string; ms: number }> {
  const button = options.getByRole('button', { name: `Export ${format.toUpperCase()}` });
  // Timed from the click itself: not the wait for the page to load the policy and enable the button.
  await button.click({ trial: true, timeout: 120_000 });
  const downloaded = options.waitForEvent('download', { timeout: 120_000 });
  const started = Date.now();
  await button.click();
  const download = await downloaded;
  const ms = Date.now() - started;
  const file = await download.path();
  return { fileName: download.suggestedFilename(), text: readFileSync(file, 'utf8'), ms };
}

/** Sends a protocol message from an extension page (side panel, options), as the UI does. */
export async function callBackground<K extends MessageName<BackgroundProtocol>>(
  extensionPage: Page,
  name: K,
  data: MessageData<BackgroundProtocol, K>,
): Promise<MessageResult<BackgroundProtocol, K>> {
  const reply: unknown = await extensionPage.evaluate(
    (message) => chrome.runtime.sendMessage(message),
    envelope(name, data),
  );
  return unwrapReply(reply, name);
}

/** One of the extension's pages as the shared suites drive it (./suites/extension-page.ts). */
export function pageDriver(page: Page): ExtensionPage {
  return {
    fill: (label, text) => page.getByLabel(label).fill(text),
    press: (button, within) => (within ? page.getByRole('region', { name: within }) : page).getByRole('button', { name: button }).click(),
    choose: (option) => page.getByRole('radio', { name: option }).check(),
    text: async (selector) => ((await page.locator(selector).count()) > 0 ? page.locator(selector).first().textContent() : null),
    regionText: async (name) => {
      const region = page.getByRole('region', { name });
      return (await region.count()) > 0 ? region.first().textContent() : null;
    },
    value: (selector) => page.locator(selector).inputValue(),
    valueOf: (label) => page.getByLabel(label).inputValue(),
    reopen: async () => void (await page.reload()),
  };
}
