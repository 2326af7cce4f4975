import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Templates } from '@/components/panel/Templates';
import { parsePolicy } from '@/utils/policy/parse';
import type { Incident } from '@/utils/ledger/types';
import type { Policy } from '@/utils/policy/types';
import { example } from '../policy/helpers';
import { ANA, NOW, testGrant, testIncident } from './fixtures';
import { answerMessages, click, getByLabel, getByRole, mount, queryByRole, textOf, type } from './dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

// The words that go to the client, with the firm's own policy: every gift named, for whom it is,
// what is being done to put it right, and the person's own edits before it goes in.

const parsed = parsePolicy(example());
if (!parsed.ok) throw new Error('the example policy does not parse');
const policy: Policy = parsed.policy;

const flowers = testGrant({ id: 'g-flowers', remedyId: 'flowers', label: 'Get-well flowers', kind: 'gift', amount: 6000, creditNoteNumber: undefined });
const dinner = testGrant({ id: 'g-dinner', remedyId: 'restaurant-gift', label: 'Restaurant gift card', kind: 'gift', amount: 5000, creditNoteNumber: undefined });

function renderTemplates(incident: Incident) {
  return mount(<Templates policy={policy} me={ANA} incident={incident} tabId={7} now={NOW} />);
}
const region = (el: HTMLElement, name: string) => getByRole(el, 'region', name);
const bodyOf = (el: HTMLElement, name: string) => region(el, name).querySelector('.body')!.textContent ?? '';

describe('the words that go to the client', () => {
  let messages: ReturnType<typeof answerMessages>;
  beforeEach(() => {
    messages = answerMessages({ insertIntoEmail: () => ({ ok: true, message: 'Inserted.' }) });
  });

  it('names both gifts, and the flowers as for the client\'s mother once the person says so', async () => {
    const el = await renderTemplates(testIncident({ category: 'missed-appointment', remedies: [flowers, dinner] }));
    expect(bodyOf(el, 'Apology with a gift')).toContain(
      'we are sending get-well flowers ($60.00) and a restaurant gift card worth $50.00.',
    );
    await type(getByLabel(el, 'Get-well flowers: for whom?'), 'your mother');
    expect(bodyOf(el, 'Apology with a gift')).toContain(
      'we are sending get-well flowers ($60.00) for your mother and a restaurant gift card worth $50.00.',
    );
  });

  it('says what we are doing to put it right, by default what was given, in the person\'s words once written', async () => {
    const courier = testGrant({ remedyId: 'courier-credit', label: 'Credit the courier fee' });
    const el = await renderTemplates(testIncident({ remedies: [courier] }));
    expect(bodyOf(el, 'Apology')).toContain('Here is what we are doing to put it right: a credit of $20.00 for the courier fee');
    expect(bodyOf(el, 'Apology')).not.toContain('Documents went by ground');
    await type(getByLabel(el, 'What we are doing to put it right'), 'The documents go out again tonight by overnight courier, at our cost.');
    expect(bodyOf(el, 'Apology')).toContain(
      'Here is what we are doing to put it right: The documents go out again tonight by overnight courier, at our cost.',
    );
  });

  it('holds the apology back until the person says what is being done, when nothing was given yet', async () => {
    const el = await renderTemplates(testIncident());
    const apology = region(el, 'Apology');
    expect(textOf(apology)).toContain('Say in the line above what you are doing to put it right.');
    // The empty line asks for the words; it does not offer a remedy that fits another mistake.
    const actions = getByLabel<HTMLInputElement>(el, 'What we are doing to put it right');
    expect(actions.value).toBe('');
    expect(actions.placeholder).toBe('One line, in your own words');
    expect((getByRole(apology, 'button', 'Insert into email') as HTMLButtonElement).disabled).toBe(true);
    await type(getByLabel(el, 'What we are doing to put it right'), 'We are re-filing the return today.');
    expect((getByRole(region(el, 'Apology'), 'button', 'Insert into email') as HTMLButtonElement).disabled).toBe(false);
  });

  it('lets the person edit the text before it goes in, and inserts their words', async () => {
    const courier = testGrant({ remedyId: 'courier-credit', label: 'Credit the courier fee' });
    const el = await renderTemplates(testIncident({ remedies: [courier] }));
    const credit = region(el, 'Credit note');
    await click(getByRole(credit, 'button', 'Edit the text'));
    const text = getByLabel<HTMLTextAreaElement>(credit, 'Text');
    expect(text.value).toContain('We have given you a credit of $20.00 for the courier fee');
    await type(text as unknown as HTMLInputElement, `${text.value}\n\nP.S. The March invoice is corrected too.`);
    await click(getByRole(credit, 'button', 'Insert into email'));
    const [sent] = messages.of('insertIntoEmail') as { body: string }[];
    expect(sent!.body).toContain('We have given you a credit of $20.00 for the courier fee');
    expect(sent!.body).toMatch(/P\.S\. The March invoice is corrected too\.$/);
    await click(getByRole(credit, 'button', 'Done editing'));
    expect(bodyOf(el, 'Credit note')).toContain('P.S. The March invoice is corrected too.');
    await click(getByRole(credit, 'button', 'Edit the text'));
    await click(getByRole(credit, 'button', "Back to the template's text"));
    expect(getByLabel<HTMLTextAreaElement>(credit, 'Text').value).not.toContain('P.S.');
    expect(queryByRole(credit, 'button', "Back to the template's text")).toBeNull();
  });
});
