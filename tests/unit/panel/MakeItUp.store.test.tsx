import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MakeItUp } from '@/components/panel/MakeItUp';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import type { GrantedRemedy, Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import type { TabClient } from '@/utils/detect/types';
import { ANA, BEN, NOW, testGrant, testIncident, testPolicy } from './fixtures';
import { answerMessages, choose, click, getByLabel, getByRole, mount, queryByRole, settle, textOf, type } from './dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

const policy = testPolicy();

async function renderMakeItUp(
  opts: { me?: Me | null; incident?: Incident; others?: Incident[]; tab?: TabClient | null; focusAction?: boolean } = {},
) {
  const incident = opts.incident ?? testIncident();
  const onIncident = vi.fn();
  const el = await mount(
    <MakeItUp
      policy={policy}
      me={opts.me === undefined ? ANA : opts.me}
      incident={incident}
      clientIncidents={[incident, ...(opts.others ?? [])]}
      tab={opts.tab ?? null}
      now={NOW}
      focusAction={opts.focusAction ?? false}
      onIncident={onIncident}
    />,
  );
  return { el, onIncident };
}

const decisionText = (el: HTMLElement) => textOf(el.querySelector('.decision')!);

describe('Make it up, in a side panel of real size', () => {
  it('offers the category\'s own remedies and folds the others away', async () => {
    const { el } = await renderMakeItUp();
    const others = el.querySelector<HTMLDetailsElement>('details.more-remedies')!;
    expect(textOf(others.querySelector('summary')!)).toBe('Other remedies (4)');
    expect(others.open).toBe(false);
    const outside = [...el.querySelectorAll<HTMLInputElement>('input[type=radio]')].filter((r) => !others.contains(r));
    expect(outside.map((r) => r.value)).toEqual(['courier-credit']);
    expect(outside[0]!.checked).toBe(true);
  });

  it('gives Grant the focus when the incident was just started', async () => {
    const { el } = await renderMakeItUp({ focusAction: true });
    expect(document.activeElement).toBe(getByRole(el, 'button', 'Grant'));
  });

  it('leaves the focus alone when an incident is only opened', async () => {
    const before = document.activeElement;
    await renderMakeItUp();
    expect(document.activeElement).toBe(before);
  });
});

describe('Make it up', () => {
  beforeEach(() => {
    answerMessages({});
  });

  it("offers the category's suggestions first, the first one picked, amount filled with its default", async () => {
    const { el } = await renderMakeItUp({ incident: testIncident({ category: 'missed-appointment' }) });
    const radios = [...el.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(radios.map((r) => r.value)).toEqual([
      'apology',
      'restaurant-gift',
      'courier-credit',
      'consult-refund',
      'flowers',
    ]);
    expect(radios[0]!.checked).toBe(true);
    // An apology has no amount to edit.
    expect(el.querySelector('.amount')).toBeNull();
    await click(getByRole(el, 'radio', /^Restaurant gift card/));
    expect(getByLabel(el, 'Amount (USD)').value).toBe('50.00');
  });

  it('shows the decision live as the amount crosses the per-incident limit', async () => {
    const { el } = await renderMakeItUp();
    const amount = getByLabel(el, 'Amount (USD)');
    expect(amount.value).toBe('20.00');
    expect(decisionText(el)).toBe('Within your $25.00 per-incident limit; after this grant, $80.00 left for this client this year');
    expect(getByRole(el, 'button', 'Grant')).toBeTruthy();

    await type(amount, '25');
    expect(decisionText(el)).toBe('Within your $25.00 per-incident limit; after this grant, $75.00 left for this client this year');
    expect(queryByRole(el, 'button', 'Ask for approval')).toBeNull();

    await type(amount, '25.01');
    expect(decisionText(el)).toContain('Above your $25.00 per-incident limit: a Manager must approve');
    expect(decisionText(el)).toContain('Ask Carla Meyer (Manager)');
    expect(queryByRole(el, 'button', 'Grant')).toBeNull();
    expect(getByRole(el, 'button', 'Ask for approval')).toBeTruthy();

    await type(amount, 'twenty');
    expect(decisionText(el)).toBe('Enter an amount, like 20.00.');
    expect(queryByRole(el, 'button', 'Grant')).toBeNull();
  });

  it('counts what the client was given this year against the yearly limit', async () => {
    const earlier = testIncident({
      id: 'inc-0',
      createdAt: NOW - 30 * 86_400_000,
      status: 'resolved',
      remedies: [testGrant({ amount: 2500, grantedAt: NOW - 30 * 86_400_000 }), testGrant({ id: 'g2', amount: 2500 })],
    });
    const older = testIncident({
      id: 'inc-x',
      createdAt: NOW - 400 * 86_400_000,
      status: 'resolved',
      remedies: [testGrant({ id: 'g3', amount: 2500, grantedAt: NOW - 400 * 86_400_000 })],
    });
    const { el } = await renderMakeItUp({ me: BEN, others: [earlier, older] });
    const amount = getByLabel(el, 'Amount (USD)');

    // Staff: $300 a year per client, $50 already given within 365 days (the $25 from 400 days ago no longer counts).
    await type(amount, '99.99');
    expect(decisionText(el)).toBe('Within your $100.00 per-incident limit; after this grant, $150.01 left for this client this year');

    const heavy = testIncident({
      id: 'inc-0',
      status: 'resolved',
      remedies: [testGrant({ amount: 25000 })],
    });
    const again = await renderMakeItUp({ me: BEN, others: [heavy] });
    const amount2 = getByLabel(again.el, 'Amount (USD)');
    await type(amount2, '50');
    expect(decisionText(again.el)).toBe('Within your $100.00 per-incident limit; after this grant, $0.00 left for this client this year');
    await type(amount2, '50.01');
    expect(decisionText(again.el)).toContain('Above your $300.00 yearly limit for this client ($50.00 left)');
    expect(getByRole(again.el, 'button', 'Ask for approval')).toBeTruthy();
  });

  it("stops at a remedy's own maximum, which no one can approve past", async () => {
    const { el } = await renderMakeItUp({ me: BEN });
    await click(getByRole(el, 'radio', /^Get-well flowers/));
    const amount = getByLabel(el, 'Amount (USD)');
    await type(amount, '100');
    expect(decisionText(el)).toBe('Within your $100.00 per-incident limit; after this grant, $200.00 left for this client this year');
    await type(amount, '100.01');
    expect(decisionText(el)).toBe('Above the $100.00 maximum for Get-well flowers: no one can approve more');
    expect(queryByRole(el, 'button', 'Grant')).toBeNull();
    expect(queryByRole(el, 'button', 'Ask for approval')).toBeNull();
  });

  it('tells someone who is not on the staff list that approval is needed', async () => {
    const { el } = await renderMakeItUp({ me: { email: 'temp@elsewhere.example', name: 'temp@elsewhere.example', role: null } });
    expect(decisionText(el)).toContain("not on the firm's staff list");
    expect(getByRole(el, 'button', 'Ask for approval')).toBeTruthy();
  });

  it('grants within authority and reports the credit note number', async () => {
    const granted = testIncident({ remedies: [testGrant()] });
    const messages = answerMessages({ grantRemedy: () => granted });
    const { el, onIncident } = await renderMakeItUp();
    // The result's live region is on the page, empty, before Grant, so its message is announced.
    const result = getByRole(el, 'status', '');
    await click(getByRole(el, 'button', 'Grant'));
    expect(messages.of('grantRemedy')).toEqual([{ incidentId: 'inc-1', remedyId: 'courier-credit', amount: 2000 }]);
    expect(onIncident).toHaveBeenCalledWith(granted);
    expect(textOf(getByRole(el, 'status', /^Granted/))).toBe(
      'Granted: Credit the courier fee, $20.00, credit note CN-2026-0007.',
    );
    expect(getByRole(el, 'status', /^Granted/)).toBe(result);
    // Grant is gone; the keyboard continues from the result, not from the top of the page.
    expect(queryByRole(el, 'button', 'Grant')).toBeNull();
    expect(document.activeElement).toBe(result);
  });

  it('folds the picker away once something is given, until another remedy is wanted', async () => {
    const { el } = await renderMakeItUp({ incident: testIncident({ remedies: [testGrant()] }) });
    expect(textOf(el.querySelector('.granted')!)).toBe('Credit the courier fee $20.00 · CN-2026-0007 · within authority');
    expect(queryByRole(el, 'radio')).toBeNull();
    await click(getByRole(el, 'button', 'Give another remedy'));
    expect(document.activeElement).toBe(getByRole(el, 'radio', /^Credit the courier fee/));
    // $20 of Ana's $25 for this incident is used: the same credit again now needs a manager.
    expect(decisionText(el)).toContain('Above your $25.00 per-incident limit ($5.00 left on this incident)');
  });

  it('shows what the background refused, when it re-checks and says no', async () => {
    answerMessages({
      grantRemedy: () => {
        throw new Error('Above your $25.00 per-incident limit: a Manager must approve');
      },
    });
    const { el } = await renderMakeItUp();
    const alert = getByRole(el, 'alert');
    expect(textOf(alert)).toBe('');
    await click(getByRole(el, 'button', 'Grant'));
    expect(textOf(getByRole(el, 'alert'))).toBe('Above your $25.00 per-incident limit: a Manager must approve');
    expect(getByRole(el, 'alert')).toBe(alert);
    // Grant stays for another try, and keeps the focus it had.
    expect(getByRole(el, 'button', 'Grant')).toBeTruthy();
  });

  it('asks the approvers by email (mailto without a compose window) and marks the remedy pending', async () => {
    const pending = testIncident({
      remedies: [testGrant({ remedyId: 'consult-refund', label: 'Refund the consultation fee', kind: 'refund', amount: 50000, status: 'pending', decision: 'needs-approval', creditNoteNumber: undefined, grantedAt: undefined })],
    });
    const messages = answerMessages({ requestApproval: () => pending });
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const { el, onIncident } = await renderMakeItUp();
    await click(getByRole(el, 'radio', /^Refund the consultation fee/));
    expect(getByLabel(el, 'Amount (USD)').value).toBe('500.00');
    await click(getByRole(el, 'button', 'Ask for approval'));
    expect(messages.of('requestApproval')).toEqual([{ incidentId: 'inc-1', remedyId: 'consult-refund', amount: 50000 }]);
    expect(onIncident).toHaveBeenCalledWith(pending);
    const url = String(open.mock.calls[0]![0]);
    expect(url.startsWith('mailto:carla.meyer%40harborpine.example?')).toBe(true);
    const params = new URLSearchParams(url.slice(url.indexOf('?') + 1));
    expect(params.get('subject')).toBe('Approval needed: Refund the consultation fee, $500.00 for Alice Moreau');
    expect(params.get('body')).toContain('Hello Carla,');
    expect(params.get('body')).toContain('I would like to give Refund the consultation fee, $500.00.');
  });

  it('writes the approval request into a new email to the approvers in the webmail tab, never into the open reply to the client', async () => {
    const messages = answerMessages({
      requestApproval: () => testIncident(),
      insertIntoEmail: () => ({ ok: true, message: 'Wrote a new email to Carla Meyer (carla.meyer@harborpine.example) only: check it and send it.' }),
    });
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const { el } = await renderMakeItUp({ tab: { tabId: 7, client: null, url: '', hasCompose: true } });
    await type(getByLabel(el, 'Amount (USD)'), '30');
    await click(getByRole(el, 'button', 'Ask for approval'));
    const [sent] = messages.of('insertIntoEmail') as { tabId: number; audience: unknown; subject: string }[];
    expect(sent).toMatchObject({ tabId: 7, audience: { kind: 'new', to: [{ email: 'carla.meyer@harborpine.example', name: 'Carla Meyer' }] } });
    expect(sent!.subject).toBe('Approval needed: Credit the courier fee, $30.00 for Alice Moreau');
    expect(open).not.toHaveBeenCalled();
    expect(textOf(el.querySelector('.message.ok')!)).toBe('Marked pending. Wrote a new email to Carla Meyer (carla.meyer@harborpine.example) only: check it and send it.');
    expect(queryByRole(el, 'button', 'Ask for approval')).toBeNull();
    expect(document.activeElement).toBe(getByRole(el, 'status', /^Marked pending/));
  });

  it('falls back to the mail app when the webmail tab cannot open a new email', async () => {
    answerMessages({
      requestApproval: () => testIncident(),
      insertIntoEmail: () => ({ ok: false, message: 'Could not open a new email on this page.' }),
    });
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const { el } = await renderMakeItUp({ tab: { tabId: 7, client: null, url: '', hasCompose: true } });
    await type(getByLabel(el, 'Amount (USD)'), '30');
    await click(getByRole(el, 'button', 'Ask for approval'));
    expect(String(open.mock.calls[0]![0])).toMatch(/^mailto:carla\.meyer%40harborpine\.example\?/);
    expect(textOf(el.querySelector('.message.ok')!)).toBe('Marked pending. An email to Carla Meyer is open in your mail app.');
  });

  describe('asked through the firm ledger', () => {
    const ledgerPolicy = { ...policy, ledger: { url: 'https://ledger.harborpine.example/make-it-right', escalateAfterMinutes: 30, offlineAllowanceHours: 72 } };
    const CARLA = 'carla.meyer@harborpine.example';
    const request = testGrant({
      id: 'req-1', remedyId: 'consult-refund', label: 'Refund the consultation fee', kind: 'refund', amount: 50000,
      status: 'pending', decision: 'needs-approval', creditNoteNumber: undefined, grantedAt: undefined,
    });

    /** The panel as it holds the incident: what the background answers, then what arrives from the firm. */
    async function askThenHear() {
      answerMessages({ requestApproval: () => testIncident({ remedies: [request] }), listAway: () => [] });
      let arrive: (incident: Incident) => void = () => undefined;
      function Live() {
        const [incident, setIncident] = useState(testIncident());
        arrive = setIncident;
        return <MakeItUp policy={ledgerPolicy} me={ANA} incident={incident} clientIncidents={[incident]} tab={null} now={NOW} onIncident={setIncident} />;
      }
      const el = await mount(<Live />);
      await click(getByRole(el, 'radio', /^Refund the consultation fee/));
      await click(getByRole(el, 'button', 'Ask for approval'));
      // Who was asked is said once, on the request: the first step of its route.
      expect(textOf(el.querySelector('.message')!)).toBe('Sent for approval.');
      const asked = textOf(el.querySelector('.pending')!);
      expect(asked).toContain('Refund the consultation fee $500.00 waiting for approval');
      expect(asked).toContain('Asked Carla Meyer (Manager) through the firm ledger: the answer shows here.');
      expect(asked).not.toMatch(/approval:/);
      expect(textOf(el).split('Asked ')).toHaveLength(2);
      const hear = async (answered: Partial<GrantedRemedy>) => {
        await act(() => arrive(testIncident({ remedies: [{ ...request, ...answered }] })));
        await settle();
      };
      return { el, hear };
    }

    it('says before asking who is asked first and who next; with the approver away, who is asked instead and why', async () => {
      const el = await mount(<MakeItUp policy={ledgerPolicy} me={ANA} incident={testIncident()} clientIncidents={[]} tab={null} now={NOW} onIncident={() => undefined} />);
      answerMessages({ listAway: () => [] });
      await click(getByRole(el, 'radio', /^Refund the consultation fee/));
      expect(textOf(el.querySelector('[data-testid="route"]')!)).toBe(
        'Carla Meyer (Manager) is asked first. Dev Patel (Partner) after 30 minutes without an answer.',
      );
      const carla = policy.staff.find((s) => s.role === 'manager')!;
      const until = NOW + 3 * 3_600_000;
      answerMessages({
        listAway: () => [{ _id: `away/${carla.email}:1-x`, type: 'approver-away', v: 2, author: carla.email, at: NOW - 60_000, until }],
        requestApproval: () => testIncident({ remedies: [{ ...request, requestedAt: NOW }] }),
      });
      const away = await mount(<MakeItUp policy={ledgerPolicy} me={ANA} incident={testIncident()} clientIncidents={[]} tab={null} now={NOW} onIncident={() => undefined} />);
      await click(getByRole(away, 'radio', /^Refund the consultation fee/));
      expect(textOf(away.querySelector('[data-testid="route"]')!)).toMatch(/^Carla Meyer is away until .+; asked Dev Patel\. Dev Patel \(Partner\) is asked first\.$/);
    });

    it('once approved, the line says who approved it and when', async () => {
      const { el, hear } = await askThenHear();
      await hear({ status: 'granted', decision: 'approved', approvedBy: CARLA, approvedByIdentity: 'approver-signed-in', grantedAt: NOW - 60_000, creditNoteNumber: 'CN-2026-CM-0001' });
      expect(textOf(el.querySelector('.message')!)).toMatch(/^Approved by Carla Meyer at .+\.$/);
      expect(el.querySelector('.message.ok')).not.toBeNull();
      expect(textOf(el)).not.toContain('through the firm ledger');
    });

    it('once declined, the line says who declined it and why', async () => {
      const { el, hear } = await askThenHear();
      await hear({ status: 'declined', declinedBy: CARLA, declinedAt: NOW - 60_000, declineReason: 'Refunded once this year already' });
      expect(textOf(el.querySelector('.message')!)).toBe('Declined by Carla Meyer: Refunded once this year already');
      expect(el.querySelector('.message.warn')).not.toBeNull();
      expect(textOf(el)).not.toContain('through the firm ledger');
    });
  });

  it('records the approval of a pending remedy with the approver picked from the staff list', async () => {
    const pendingRemedy = testGrant({ id: 'grant-9', amount: 50000, status: 'pending', decision: 'needs-approval' });
    const messages = answerMessages({ markApproved: () => testIncident() });
    const { el } = await renderMakeItUp({ incident: testIncident({ remedies: [pendingRemedy] }) });
    const approver = getByLabel<HTMLSelectElement>(el, 'Approved by');
    expect([...approver.options].map((o) => o.textContent)).toEqual(['Carla Meyer', 'Dev Patel']);
    await choose(approver, 'dev.patel@harborpine.example');
    await click(getByRole(el, 'button', 'Mark approved'));
    expect(messages.of('markApproved')).toEqual([
      { incidentId: 'inc-1', grantId: 'grant-9', approverEmail: 'dev.patel@harborpine.example' },
    ]);
  });

  it('offers as approvers only the staff whose own limits cover the request', async () => {
    const pendingRemedy = testGrant({ id: 'grant-9', amount: 60000, status: 'pending', decision: 'needs-approval' });
    answerMessages({});
    const { el } = await renderMakeItUp({ incident: testIncident({ remedies: [pendingRemedy] }) });
    const approver = getByLabel<HTMLSelectElement>(el, 'Approved by');
    expect([...approver.options].map((o) => o.textContent)).toEqual(['Dev Patel']);
  });
});
