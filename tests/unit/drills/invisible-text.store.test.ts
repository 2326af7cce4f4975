import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Sender } from '@/utils/browser/messaging';
import { detectGmailClient } from '@/utils/detect/gmail';
import type { DetectContext, DetectedClient } from '@/utils/detect/types';
import type { TabClient } from '@/utils/detect/types';
import { makeTabService } from '@/entrypoints/background/tab-clients';

const { handlers: tabHandlers } = makeTabService({ openIncidentCount: async () => 0, onDetectContextChange: () => undefined });

// Drill: invisible characters in a client's name and address. A hostile sender hides every format
// character and default-ignorable code point Unicode defines inside the name and the address on a
// Gmail thread; a compromised page process sends the same straight to the background, with addresses
// in the wrong form. What the panel would show must be exactly the visible name, and no address that
// is not one is stored under the tab.

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/gmail/thread.html');
const GMAIL = new URL('https://mail.google.com/mail/u/0/#inbox/x');
const CTX: DetectContext = { selfEmails: ['ben.okafor@harborpine.example'], firmDomains: ['harborpine.example'] };

/** Every code point drawn as nothing: format characters, default-ignorables, and the braille blank. */
function invisibleCodePoints(): string[] {
  const all: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    if (/[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/u.test(c)) all.push(c);
  }
  return all;
}
const STILL_INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]/u;

const fromGmailTab = (tabId: number): Sender => ({
  id: fakeBrowser.runtime.id,
  tab: { id: tabId } as Sender['tab'],
  frameId: 0,
  url: GMAIL.href,
});

async function stored(tabId: number): Promise<DetectedClient | null> {
  return ((await tabHandlers.getTabClient({ tabId }, fromGmailTab(1))) as TabClient | null)?.client ?? null;
}

describe('drill: invisible characters in names and addresses', () => {
  it('shows only the visible name, from the page and from a tampered content script alike', async () => {
    const invisible = invisibleCodePoints();
    const named = ['\u061c', '\u2060', '\u00ad', '\u115f', '\u3164'];
    for (const c of named) expect(invisible).toContain(c);
    const html = readFileSync(FIXTURE, 'utf8');

    let pages = 0;
    let pageSurvivors = 0;
    let direct = 0;
    let directSurvivors = 0;
    // Sixteen different invisible characters at a time, each group in its own thread.
    const groups: string[][] = [];
    for (let i = 0; i < invisible.length; i += 16) groups.push(invisible.slice(i, i + 16));
    for (const [i, group] of groups.entries()) {
      const c = group.join('');
      // The page: the sender's name and address as Gmail's thread view carries them.
      pages++;
      const doc = new DOMParser().parseFromString(
        html.replaceAll('"Alice Baker"', `"A${c}lice ${c}Baker${c}"`).replace('Alice.Baker@BakerBakery.example', `Alice.${c}Baker@BakerBakery.example`),
        'text/html',
      );
      const found = detectGmailClient(GMAIL, doc, CTX);
      if (found?.name !== 'Alice Baker' || found.email !== 'alice.baker@bakerbakery.example' || STILL_INVISIBLE.test(found.firstName)) {
        pageSurvivors++;
      }

      // A compromised page process: the same finding sent to the background uncleaned.
      direct++;
      const tabId = 100 + i;
      const raw: DetectedClient = {
        source: 'gmail',
        sourceLabel: `Gm${c}ail`,
        email: 'alice.baker@bakerbakery.example',
        name: `${c}Alice${c} Baker`,
        firstName: `Ali${c}ce`,
        pageKind: 'thread',
        evidence: `span.gD${c}`,
      };
      await tabHandlers.clientDetected({ client: raw, hasCompose: false }, fromGmailTab(tabId));
      const kept = await stored(tabId);
      if (!kept || [kept.name, kept.firstName, kept.sourceLabel, kept.evidence].some((t) => STILL_INVISIBLE.test(t)) || kept.name !== 'Alice Baker') {
        directSurvivors++;
      }
    }

    // Addresses in the wrong form, straight to the background: none is stored as the tab's client.
    const badEmails = [
      'not-an-email',
      'alice@',
      '@bakerbakery.example',
      'alice baker@bakerbakery.example',
      'alice@bakerbakery',
      'alice@@bakerbakery.example',
      '<alice@bakerbakery.example>',
      'alice@bakerbakery.example\nBcc: all@firm.example',
      '"alice"@bakerbakery.example',
      'ALICE@BAKERBAKERY.EXAMPLE, mallory@evil.example',
    ];
    let badStored = 0;
    for (const [i, email] of badEmails.entries()) {
      const tabId = 5_000 + i;
      await tabHandlers.clientDetected(
        { client: { source: 'gmail', sourceLabel: 'Gmail', email, name: 'Alice', firstName: 'Alice', pageKind: 'thread', evidence: '' }, hasCompose: false },
        fromGmailTab(tabId),
      );
      if ((await stored(tabId))?.email !== undefined) badStored++;
    }
    // An address only in another case is the same address, in the one form the ledger keys on.
    await tabHandlers.clientDetected(
      { client: { source: 'gmail', sourceLabel: 'Gmail', email: 'Alice.Baker@BakerBakery.example', name: 'Alice', firstName: 'Alice', pageKind: 'thread', evidence: '' }, hasCompose: false },
      fromGmailTab(9_000),
    );
    expect((await stored(9_000))?.email).toBe('alice.baker@bakerbakery.example');

    console.log(
      `invisible text: ${invisible.length} invisible code points (\\p{Cf}, default-ignorable, braille blank), 16 per name; ` +
        `${pages} hostile Gmail threads, ${pageSurvivors} names or addresses changed by them; ` +
        `${direct} uncleaned findings sent to the background, ${directSurvivors} stored with one; ` +
        `${badEmails.length} malformed addresses sent, ${badStored} stored`,
    );
    expect(pageSurvivors).toBe(0);
    expect(directSurvivors).toBe(0);
    expect(badStored).toBe(0);
  }, 60_000);
});
