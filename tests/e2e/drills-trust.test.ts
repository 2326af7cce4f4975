import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope } from '../../utils/envelope';
import {
  ROOT,
  callBackground,
  fixture,
  launchExtension,
  openOptions,
  routeFixture,
  type ExtensionSession,
} from './harness';

// Drill: trust boundaries in the built extension. A web page cannot reach the background (no
// externally_connectable; look-alike envelopes through window.postMessage and forged DOM events change
// nothing). The extension's pages keep the strict default CSP, and the shipped code has no eval, no
// new Function, no remote code and no way to parse a value as HTML.

const OUT = path.resolve(ROOT, process.env.MIR_OUT_DIR ?? '.output');
const policyText = readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describe('drill: trust boundaries (built code)', () => {
  it('keeps a strict CSP and ships no eval, no new Function, no remote code and no HTML sink', () => {
    let scanned = 0;
    const findings: string[] = [];
    for (const build of ['chrome-mv3', 'firefox-mv3']) {
      const dir = path.join(OUT, build);
      if (!existsSync(dir)) {
        if (build === 'chrome-mv3') throw new Error(`no build at ${dir}`);
        continue;
      }
      const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      // Absent = the browser's MV3 default (script-src 'self'); present, it may only be as strict.
      const csp = JSON.stringify(manifest.content_security_policy ?? '');
      if (/unsafe-eval|unsafe-inline|wasm-unsafe-eval|https?:|\*/.test(csp)) findings.push(`${build}: CSP ${csp}`);
      for (const file of filesUnder(dir)) {
        const rel = `${build}/${path.relative(dir, file)}`;
        if (file.endsWith('.js')) {
          scanned++;
          const code = readFileSync(file, 'utf8');
          for (const [what, pattern] of [
            ['eval(', /(?<![\w$.])eval\s*\(/],
            ['new Function(', /new\s+Function\s*\(/],
            ['setTimeout with a string', /setTimeout\s*\(\s*["'`]/],
            ['importScripts', /importScripts\s*\(/],
            ['dynamic import of a URL', /import\s*\(\s*["'`]https?:/],
            ['script element with a remote src', /\.src\s*=\s*["'`]https?:/],
            // Clearing with an empty string parses nothing; any other value would be parsed as HTML.
            ['innerHTML / outerHTML set from a value', /\.(?:inner|outer)HTML\s*=(?!=)\s*(?!""|''|``)/],
            ['insertAdjacentHTML or document.write', /insertAdjacentHTML\s*\(|document\.write(?:ln)?\s*\(/],
          ] as const) {
            if (pattern.test(code)) findings.push(`${rel}: ${what}`);
          }
        }
        if (file.endsWith('.html')) {
          scanned++;
          const html = readFileSync(file, 'utf8');
          for (const m of html.matchAll(/<script\b[^>]*>/g)) {
            if (!/src="\/[^"]+\.js"/.test(m[0]) && !/src="\.?\/?(chunks|assets)\//.test(m[0])) findings.push(`${rel}: ${m[0]}`);
          }
          if (/<(link|script)[^>]+(href|src)="https?:/.test(html)) findings.push(`${rel}: remote resource`);
        }
      }
    }
    console.log(`code and CSP: ${scanned} built files scanned in both browsers, ${findings.length} findings (eval, new Function, remote code, loose CSP)`);
    expect(findings).toEqual([]);
    expect(scanned).toBeGreaterThan(5);
  });
});

let session: ExtensionSession;
let gmail: Page;
let options: Page;

beforeAll(async () => {
  session = await launchExtension();
  options = await openOptions(session);
  await callBackground(options, 'importPolicy', { text: policyText, fileName: 'policy.json' });
  await callBackground(options, 'setSettings', { selfEmail: 'ana.ruiz@harborpine.example' });
  await routeFixture(session.context, 'https://mail.google.com/**', 'gmail/thread.html');
  gmail = await session.context.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmrTzVbplNTRcfxdwCjN');
});

afterAll(async () => {
  await session?.close();
});

describe('drill: trust boundaries (web page)', () => {
  it('a web page cannot reach the background, directly or through look-alike messages and events', async () => {
    const before = await callBackground(options, 'getPolicyState', undefined);
    const attacks = [
      envelope('grantRemedy', { incidentId: 'x', remedyId: 'consult-refund', amount: 50_000 }),
      envelope('setPolicyUrl', { url: 'https://evil.example/policy.json' }),
      envelope('importPolicy', { text: '{}', fileName: 'evil.json' }),
      envelope('setSettings', { selfEmail: 'dev.patel@harborpine.example' }),
      envelope('startIncident', { client: { clientKey: 'evil@x.example', name: 'Evil', source: { tool: 'manual', label: 'x' } }, category: 'billing-error', summary: 'x' }),
      envelope('insertText', { subject: 'x', body: '<img src=x onerror=alert(1)>' }),
    ];
    const outcome = await gmail.evaluate(
      async ({ id, attacks }) => {
        let direct = 0;
        let forged = 0;
        const w = window as unknown as { chrome?: { runtime?: { sendMessage?: (id: string, m: unknown) => Promise<unknown> } } };
        for (const message of attacks) {
          // Page world: chrome.runtime is absent without externally_connectable; if present, it must fail.
          forged++;
          try {
            const reply = await w.chrome?.runtime?.sendMessage?.(id, message);
            if (reply !== undefined) direct++;
          } catch {
            // Refused, as it must be.
          }
          window.postMessage(message, '*');
          window.dispatchEvent(new MessageEvent('message', { data: message, origin: `chrome-extension://${id}` }));
          forged += 2;
          for (const type of ['mir', 'wxt:locationchange', 'hashchange', 'focusin']) {
            document.dispatchEvent(new CustomEvent(type, { detail: message, bubbles: true }));
            window.dispatchEvent(new CustomEvent(type, { detail: message }));
            forged += 2;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        return { direct, forged, runtime: typeof w.chrome?.runtime?.sendMessage };
      },
      { id: session.extensionId, attacks },
    );

    const after = await callBackground(options, 'getPolicyState', undefined);
    const settings = await callBackground(options, 'getSettings', undefined);
    const incidents = await callBackground(options, 'listIncidents', {});
    const changed = [
      after.policyUrl !== before.policyUrl && 'policy URL',
      after.policy?.policyVersion !== before.policy?.policyVersion && 'policy',
      settings.selfEmail !== 'ana.ruiz@harborpine.example' && 'who I am',
      incidents.incidents.length > 0 && 'ledger',
      (await gmail.locator('img[src=x]').count()) > 0 && 'page',
    ].filter(Boolean);
    console.log(
      `trust (page): ${outcome.forged} forged messages and events from a web page (page-world chrome.runtime.sendMessage: ${outcome.runtime}), ` +
        `${outcome.direct} answered, ${changed.length} changes to policy, settings or ledger`,
    );
    expect(outcome.direct).toBe(0);
    expect(changed).toEqual([]);
  });
});
