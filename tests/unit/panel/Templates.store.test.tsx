import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Templates } from '@/components/panel/Templates';
import type { Incident } from '@/utils/ledger/types';
import { ANA, NOW, testGrant, testIncident, testPolicy } from './fixtures';
import { answerMessages, click, getByRole, mount, queryAllByRole, queryByRole, textOf } from './dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

const policy = testPolicy();
function renderTemplates(incident: Incident, tabId: number | null = 7) {
  return mount(<Templates policy={policy} me={ANA} incident={incident} tabId={tabId} now={NOW} />);
}

const region = (el: HTMLElement, name: string) => getByRole(el, 'region', name);

describe('Templates', () => {
  beforeEach(() => {
    answerMessages({});
  });

  it('puts the granted remedy’s template first, filled in with client, amount, credit note and staff', async () => {
    const el = await renderTemplates(testIncident({ remedies: [testGrant()] }));
    const names = [...el.querySelectorAll('.template h3')].map(textOf);
    // After a credit alone there is no gift to apologise with.
    expect(names).toEqual(['Credit note', 'Apology']);
    const credit = region(el, 'Credit note');
    expect(textOf(credit.querySelector('.subject')!)).toBe('Subject: Credit note CN-2026-0007: Credit the courier fee');
    expect(credit.querySelector('.body')!.textContent).toBe(
      'Dear Alice,\n\nWe have credited $20.00 to your account, credit note CN-2026-0007 dated November 25, 2026.\n\nAna Ruiz\nHarbor & Pine CPAs',
    );
    expect(credit.querySelector('details')!.open).toBe(true);
    expect(region(el, 'Apology').querySelector('details')!.open).toBe(false);
    // Every template has its own pair of buttons.
    expect(queryAllByRole(el, 'button', 'Insert into email')).toHaveLength(2);
    expect(queryAllByRole(el, 'button', 'Copy')).toHaveLength(2);
  });

  it('offers only the templates that fit what was given: before a grant, the apology alone', async () => {
    const el = await renderTemplates(testIncident());
    expect([...el.querySelectorAll('.template h3')].map(textOf)).toEqual(['Apology']);
    expect(queryByRole(el, 'region', 'Credit note')).toBeNull();
    const apology = region(el, 'Apology');
    expect(apology.querySelector('details')!.open).toBe(true);
    expect(apology.querySelector('.body')!.textContent).toBe(
      'Dear Alice,\n\nI goofed. Documents went by ground, not overnight\n\nAna Ruiz',
    );
  });

  it('does not send a credit note for a gift, which has no credit note number', async () => {
    const gift = testGrant({ remedyId: 'restaurant-gift', label: 'Restaurant gift card', kind: 'gift', amount: 5000, creditNoteNumber: undefined });
    const el = await renderTemplates(testIncident({ remedies: [gift] }));
    expect(textOf(region(el, 'Apology with a gift').querySelector('.body')!)).toContain('Restaurant gift card ($50.00)');
    expect(queryByRole(el, 'region', 'Credit note')).toBeNull();
  });

  it('shows a hostile client name as text, never as HTML', async () => {
    const hostile = '<img src=x onerror="alert(1)"> {{firm.name}} <b>Bob</b>';
    const gift = testGrant({ id: 'g2', remedyId: 'restaurant-gift', label: 'Restaurant gift card', kind: 'gift', amount: 5000 });
    const incident = testIncident({ clientName: hostile, summary: '<script>alert(2)</script>', remedies: [testGrant(), gift] });
    const el = await renderTemplates(incident);
    expect(el.querySelector('img, script, b')).toBeNull();
    const body = region(el, 'Credit note').querySelector('.body')!;
    expect(body.textContent).toContain('Dear <img,');
    expect(region(el, 'Apology').querySelector('.body')!.textContent).toContain('I goofed. <script>alert(2)</script>');
    const giftRegion = region(el, 'Apology with a gift');
    expect(textOf(giftRegion.querySelector('.subject')!)).toBe('Subject: Our apologies, <img');
  });

  it('inserts subject and body into the tab’s compose window with one click and says what happened', async () => {
    const messages = answerMessages({
      insertIntoEmail: () => ({ ok: true, message: 'Inserted into the reply to Alice' }),
    });
    const el = await renderTemplates(testIncident({ remedies: [testGrant()] }));
    const status = getByRole(region(el, 'Credit note'), 'status');
    expect(textOf(status)).toBe('');
    await click(getByRole(region(el, 'Credit note'), 'button', 'Insert into email'));
    const [sent] = messages.of('insertIntoEmail') as { tabId: number; subject: string; body: string; audience: unknown }[];
    expect(sent!.tabId).toBe(7);
    // Written for the client: it may go only into an email to the client.
    expect(sent!.audience).toEqual({ kind: 'client', client: { email: testIncident().clientEmail, name: testIncident().clientName } });
    expect(sent!.subject).toBe('Credit note CN-2026-0007: Credit the courier fee');
    expect(sent!.body).toContain('We have credited $20.00');
    expect(textOf(getByRole(region(el, 'Credit note'), 'status'))).toBe('Inserted into the reply to Alice');
    expect(getByRole(region(el, 'Credit note'), 'status')).toBe(status);
    expect(textOf(getByRole(region(el, 'Credit note'), 'alert'))).toBe('');
  });

  it('announces a failed insert as an alert, in the template that failed', async () => {
    answerMessages({
      insertIntoEmail: () => {
        throw new Error('The tab was closed');
      },
    });
    const el = await renderTemplates(testIncident());
    const alert = getByRole(region(el, 'Apology'), 'alert');
    expect(textOf(alert)).toBe('');
    await click(getByRole(region(el, 'Apology'), 'button', 'Insert into email'));
    expect(getByRole(region(el, 'Apology'), 'alert')).toBe(alert);
    expect(textOf(alert)).toBe('The tab was closed');
    expect(textOf(getByRole(region(el, 'Apology'), 'status'))).toBe('');
  });

  it('warns that the open email is addressed to someone else and inserts only after "Insert anyway"', async () => {
    const messages = answerMessages({
      insertIntoEmail: (data: { anyway?: boolean }) =>
        data.anyway
          ? { ok: true, message: 'Inserted the text into the email to Carla Meyer (carla.meyer@harborpine.example).' }
          : { ok: false, otherRecipients: true, message: 'The open email is addressed to Carla Meyer (carla.meyer@harborpine.example), not Alice Moreau. Nothing was inserted.' },
    });
    const el = await renderTemplates(testIncident());
    const apology = region(el, 'Apology');
    expect(queryByRole(apology, 'button', 'Insert anyway')).toBeNull();
    await click(getByRole(apology, 'button', 'Insert into email'));
    expect(textOf(getByRole(apology, 'status'))).toMatch(/^The open email is addressed to Carla Meyer .*, not Alice Moreau\. Nothing was inserted\.$/);
    expect(getByRole(apology, 'status').classList.contains('warn')).toBe(true);
    await click(getByRole(apology, 'button', 'Insert anyway'));
    expect((messages.of('insertIntoEmail') as { anyway: boolean }[]).map((m) => m.anyway)).toEqual([false, true]);
    expect(textOf(getByRole(apology, 'status'))).toBe('Inserted the text into the email to Carla Meyer (carla.meyer@harborpine.example).');
    expect(queryByRole(apology, 'button', 'Insert anyway')).toBeNull();
  });

  it('in a reply, says the subject stays the thread\'s and offers to set the template\'s instead', async () => {
    const messages = answerMessages({
      insertIntoEmail: (data: { setSubject?: boolean }) =>
        data.setSubject
          ? { ok: true, message: 'Set the subject of the email to Alice; the text was already there.' }
          : { ok: true, message: 'Inserted the text into the email to Alice', subjectKept: 'Re: Courier fee twice' },
    });
    const el = await renderTemplates(testIncident({ remedies: [testGrant()] }));
    const credit = region(el, 'Credit note');
    await click(getByRole(credit, 'button', 'Insert into email'));
    expect(textOf(credit)).toContain('The reply keeps the thread\'s subject, “Re: Courier fee twice”');
    await click(getByRole(credit, 'button', 'Use “Credit note CN-2026-0007: Credit the courier fee” as the subject'));
    expect((messages.of('insertIntoEmail') as { setSubject: boolean }[]).map((m) => m.setSubject)).toEqual([false, true]);
    expect(textOf(getByRole(credit, 'status'))).toBe('Set the subject of the email to Alice; the text was already there.');
    expect(queryByRole(credit, 'button', /as the subject$/)).toBeNull();
  });

  it('on a CRM record, where no email can be written into, makes Copy the main action and offers no Insert', async () => {
    const el = await renderTemplates(testIncident({ remedies: [testGrant()] }), null);
    const credit = region(el, 'Credit note');
    expect(queryByRole(credit, 'button', 'Insert into email')).toBeNull();
    expect(getByRole(credit, 'button', 'Copy').classList.contains('secondary')).toBe(false);
    expect(getByRole(region(el, 'Apology'), 'button', 'Copy').classList.contains('secondary')).toBe(true);
    expect(textOf(el.querySelector('.templates > p')!)).toBe(
      "Insert into email works in the client's email in Gmail or Outlook. Here, copy the text, or open a new email to the client in your mail app.",
    );
  });

  it('on a CRM record, opens a new email to the client with the text, from the main template', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const el = await renderTemplates(testIncident({ remedies: [testGrant()] }), null);
    const credit = region(el, 'Credit note');
    await click(getByRole(credit, 'button', 'New email'));
    const url = new URL(open.mock.calls[0]![0] as string);
    expect(url.protocol).toBe('mailto:');
    expect(decodeURIComponent(url.pathname)).toBe(testIncident().clientEmail);
    expect(url.searchParams.get('subject')).toBe('Credit note CN-2026-0007: Credit the courier fee');
    expect(url.searchParams.get('body')).toContain('We have credited $20.00 to your account');
    expect(textOf(getByRole(credit, 'status'))).toBe(`A new email to Alice Moreau (${testIncident().clientEmail}) is open in your mail app.`);
    open.mockRestore();
  });

  it('on a CRM record with nothing given yet, the first ready template has the main Copy', async () => {
    const el = await renderTemplates(testIncident(), null);
    expect(getByRole(region(el, 'Apology'), 'button', 'Copy').classList.contains('secondary')).toBe(false);
  });

  it('says so when no compose window could take the text', async () => {
    answerMessages({ insertIntoEmail: () => ({ ok: false, message: 'No compose window is open' }) });
    const el = await renderTemplates(testIncident());
    await click(getByRole(region(el, 'Apology'), 'button', 'Insert into email'));
    const status = getByRole(region(el, 'Apology'), 'status');
    expect(textOf(status)).toBe('No compose window is open');
    expect(status.classList.contains('warn')).toBe(true);
  });

  it('copies the filled-in body to the clipboard', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const el = await renderTemplates(testIncident({ remedies: [testGrant()] }));
    await click(getByRole(region(el, 'Credit note'), 'button', 'Copy'));
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining('Dear Alice,'));
    expect(textOf(getByRole(region(el, 'Credit note'), 'status'))).toBe('Copied the text to the clipboard.');
    vi.unstubAllGlobals();
  });

  it('falls back to a selected text area when the clipboard API is refused', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: vi.fn().mockRejectedValue(new Error('denied')) } });
    const execCommand = vi.fn().mockReturnValue(true);
    document.execCommand = execCommand;
    const el = await renderTemplates(testIncident());
    await click(getByRole(region(el, 'Apology'), 'button', 'Copy'));
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(textOf(getByRole(region(el, 'Apology'), 'status'))).toBe('Copied the text to the clipboard.');
    expect(el.ownerDocument.querySelector('textarea')).toBeNull();
    vi.unstubAllGlobals();
  });
});
