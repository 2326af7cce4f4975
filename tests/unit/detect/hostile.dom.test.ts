import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectGmailClient } from '@/utils/detect/gmail';
import { detectOutlookClient } from '@/utils/detect/outlook';
import { asDetectedClient } from '@/utils/detect/accept';
import type { DetectContext } from '@/utils/detect/types';

// Page content is hostile input: what a detector reports is plain, bounded text, and a page built to
// break it neither runs code nor hangs it.

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const CTX: DetectContext = { selfEmails: ['ben.okafor@harborpine.example'], firmDomains: ['harborpine.example'] };
const GMAIL = new URL('https://mail.google.com/mail/u/0/#inbox/x');
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

const load = (fixture: string) =>
  new DOMParser().parseFromString(readFileSync(path.join(FIXTURES, fixture), 'utf8'), 'text/html');

function composeWith(recipients: string[]): Document {
  const doc = document.implementation.createHTMLDocument('Gmail');
  const compose = doc.createElement('div');
  compose.className = 'M9';
  const to = doc.createElement('div');
  to.setAttribute('name', 'to');
  for (const email of recipients) {
    const chip = doc.createElement('div');
    chip.setAttribute('data-hovercard-id', email);
    chip.textContent = email;
    to.append(chip);
  }
  compose.append(to);
  doc.body.append(compose);
  return doc;
}

describe('hostile pages', () => {
  it('reports a sender whose name is HTML and bidi overrides as bounded plain text, running nothing', () => {
    const found = detectGmailClient(GMAIL, load('gmail/hostile.html'), CTX);
    expect(found?.email).toBe('mallory@malware.example');
    expect(found?.name.startsWith('<img src=x onerror="window.__hostileRan=true">Mallory gnp.exe Evil PAD')).toBe(true);
    expect(found?.name.length).toBeLessThanOrEqual(200);
    expect(found?.name).not.toMatch(BIDI);
    expect((globalThis as { __hostileRan?: boolean }).__hostileRan).toBeUndefined();
  });

  it('skips addresses that are markup or not addresses at all', () => {
    const doc = load('gmail/hostile.html');
    doc.querySelector('span.gD[email="mallory@malware.example"]')!.remove();
    expect(detectGmailClient(GMAIL, doc, CTX)).toBeNull();
  });

  it('handles a compose window with 10,000 recipients, reading only a bounded number of them', () => {
    const colleagues = Array.from({ length: 10_000 }, (_, i) => `staff${i}@harborpine.example`);
    expect(detectGmailClient(GMAIL, composeWith([...colleagues, 'late@client.example']), CTX)).toBeNull();
    const clients = Array.from({ length: 10_000 }, (_, i) => `client${i}@example.com`);
    expect(detectGmailClient(GMAIL, composeWith(clients), CTX)?.email).toBe('client0@example.com');
    // Building two 10,000-pill documents in happy-dom takes seconds on a loaded machine.
  }, 30_000);

  it('rejects an address longer than any real one', () => {
    const long = `${'a'.repeat(300)}@example.com`;
    expect(detectGmailClient(GMAIL, composeWith([long]), CTX)).toBeNull();
  });

  it('Outlook: a recipient pill with script and RTL text yields a clean address and name', () => {
    const doc = document.implementation.createHTMLDocument('Outlook');
    const well = doc.createElement('div');
    well.setAttribute('aria-label', 'To');
    const pill = doc.createElement('div');
    pill.setAttribute('role', 'listitem');
    pill.textContent = '<script>alert(1)</script>Eve \u202Eetirw\u202C <eve@evil.example>';
    const body = doc.createElement('div');
    body.setAttribute('contenteditable', 'true');
    body.setAttribute('aria-label', 'Message body');
    well.append(pill);
    doc.body.append(well, body);
    const found = detectOutlookClient(new URL('https://outlook.office.com/mail/'), doc, CTX);
    expect(found).toMatchObject({ email: 'eve@evil.example', name: '<script>alert(1)</script>Eve etirw' });
  });

  it('the background stores only well-formed, bounded findings', () => {
    const good = { source: 'gmail', sourceLabel: 'Gmail', email: 'a@b.example', name: 'A', firstName: 'A', pageKind: 'thread', evidence: 'x' };
    expect(asDetectedClient(good)).toEqual(good);
    expect(asDetectedClient({ ...good, source: 'evil' })).toBeNull();
    expect(asDetectedClient({ ...good, name: 'x'.repeat(201) })).toBeNull();
    expect(asDetectedClient({ ...good, email: undefined })).toBeNull();
    expect(asDetectedClient('<script>')).toBeNull();
  });
});
