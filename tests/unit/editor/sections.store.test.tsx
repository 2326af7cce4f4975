import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EditorPage } from '@/components/editor/EditorPage';
import type { Example } from '@/components/editor/Sources';
import { parsePolicyText } from '@/utils/policy/parse';
import { emptyPolicyState } from '@/utils/policy/sync';
import type { PolicyState } from '@/utils/policy/types';
import { answerMessages, choose, click, getByLabel, getByRole, mount, settle, textOf, type } from '../panel/dom';
import { exampleDoc, examplePolicyText, group, messagesBeside, problemsBar } from './helpers';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

// Each section of the policy editor, as a partner uses it: each problem the extension's check finds
// is shown beside the field it is about, and the count of what is left follows.

const EXAMPLES: Example[] = [
  { id: 'accounting-firm', label: 'the accounting firm example', path: 'policies/accounting-firm.json' },
  { id: 'law-firm', label: 'the law firm example', path: 'policies/law-firm.json' },
];

const inForce = (): PolicyState => {
  const parsed = parsePolicyText(examplePolicyText('accounting-firm'));
  if (!parsed.ok) throw new Error('example must parse');
  return { ...emptyPolicyState(), policy: parsed.policy, source: 'file' };
};

let messages: ReturnType<typeof answerMessages>;
let saved: { text: string; fileName: string }[];

beforeEach(() => {
  saved = [];
  messages = answerMessages({
    getPolicyState: () => inForce(),
    importPolicy: ({ text }: { text: string }) => {
      const parsed = parsePolicyText(text);
      return parsed.ok
        ? { ...emptyPolicyState(), policy: parsed.policy, source: 'file' }
        : { ...inForce(), lastError: { at: 1, message: 'Policy refused' } };
    },
  });
});

/** The editor on the policy in force, or on `doc` (a file as a firm wrote it, typos included). */
async function openEditor(doc?: unknown) {
  if (doc !== undefined) messages = answerMessages({ getPolicyState: () => emptyPolicyState() });
  const loadExample = vi.fn(async (example: Example) =>
    doc !== undefined ? JSON.stringify(doc) : examplePolicyText(example.id as 'accounting-firm' | 'law-firm'),
  );
  const el = await mount(
    <EditorPage examples={EXAMPLES} loadExample={loadExample} save={(text, fileName) => saved.push({ text, fileName })} />,
  );
  return { el, loadExample };
}

const section = (el: HTMLElement, title: string) => getByRole(el, 'region', title);
const download = (el: HTMLElement) => getByRole<HTMLButtonElement>(el, 'button', 'Download policy');

describe('Firm', () => {
  it('offers currency, locale and time zone as choices, and names an empty policy version beside it', async () => {
    const { el } = await openEditor();
    const firm = section(el, 'Firm');
    expect(getByLabel<HTMLSelectElement>(firm, 'Currency').value).toBe('USD');
    expect([...getByLabel<HTMLSelectElement>(firm, 'Currency').options].some((o) => o.value === 'GBP')).toBe(true);
    expect([...getByLabel<HTMLSelectElement>(firm, 'Time zone').options].some((o) => o.value === 'Europe/London')).toBe(true);
    expect(getByLabel<HTMLSelectElement>(firm, 'Language and region').value).toBe('en-US');
    await type(getByLabel(firm, 'Policy version'), '');
    expect(messagesBeside(getByLabel(firm, 'Policy version'))).toEqual(['must not be empty']);
    expect(problemsBar(el)).toContain('1 problem left to fix. Policy version: must not be empty.');
    await type(getByLabel(firm, 'Policy version'), '2026-12-01');
    expect(problemsBar(el)).toContain('Nothing left to fix.');
  });

  it('names each amount a new currency cannot hold, beside the amount', async () => {
    const { el } = await openEditor(exampleDoc('law-firm'));
    await choose(getByLabel(section(el, 'Firm'), 'Currency'), 'JPY');
    // Yen have no decimals: the courier refund's £35.50 default cannot be written in yen.
    expect(messagesBeside(getByLabel(group(el, 'Refund the courier and filing disbursement'), 'Default amount'))).toEqual([
      'has more decimals than JPY allows (0)',
    ]);
  });

  it('names a credit-note prefix and sync period the extension refuses', async () => {
    const { el } = await openEditor();
    const firm = section(el, 'Firm');
    await type(getByLabel(firm, 'Credit-note prefix'), 'CN 1');
    expect(messagesBeside(getByLabel(firm, 'Credit-note prefix'))).toEqual(['must be letters, digits, "/", "_" or "-"']);
    await type(getByLabel(firm, 'Sync every (minutes)'), '2');
    expect(messagesBeside(getByLabel(firm, 'Sync every (minutes)'))).toEqual(['must be at least 5']);
    expect(problemsBar(el)).toContain('2 problems left to fix');
  });
});

describe('Firm ledger', () => {
  it('names a ledger URL with credentials beside it, and an empty one leaves the policy without a ledger', async () => {
    const { el } = await openEditor();
    const firm = section(el, 'Firm');
    await type(getByLabel(firm, 'Firm ledger URL'), 'https://ana:secret@ledger.harborpine.example/make-it-right');
    expect(messagesBeside(getByLabel(firm, 'Firm ledger URL'))).toEqual([
      'must not contain a user name or password: each person signs in',
    ]);
    await type(getByLabel(firm, 'Firm ledger URL'), 'https://ledger.harborpine.example/make-it-right');
    await click(getByRole(el, 'button', /^Use version /));
    await click(download(el));
    expect(JSON.parse(saved.at(-1)!.text).ledger).toEqual({ url: 'https://ledger.harborpine.example/make-it-right' });
    await type(getByLabel(firm, 'Firm ledger URL'), '');
    await click(download(el));
    expect('ledger' in JSON.parse(saved.at(-1)!.text)).toBe(false);
  });
});

describe('Firm ledger of a policy that is not signed', () => {
  it('opens the policy in force as written, with the ledger it names, though that ledger is not used', async () => {
    const ledger = { url: 'https://ledger.harborpine.example/make-it-right', escalateAfterMinutes: 45, offlineAllowanceHours: 72 };
    messages = answerMessages({ getPolicyState: () => ({ ...inForce(), unsignedLedger: ledger }) });
    const { el } = await openEditor();
    expect(getByLabel(section(el, 'Firm'), 'Firm ledger URL').value).toBe(ledger.url);
    await click(download(el));
    expect(JSON.parse(saved.at(-1)!.text).ledger).toEqual(ledger);
  });
});

describe('Roles and limits', () => {
  it('groups each role under its label with Per incident and Per client per year', async () => {
    const { el } = await openEditor();
    const frontDesk = group(el, 'Front desk');
    expect(getByLabel(frontDesk, 'Per incident').value).toBe('25');
    expect(getByLabel(frontDesk, 'Per client per year').value).toBe('100');
    expect(getByLabel<HTMLSelectElement>(frontDesk, 'Approver role').value).toBe('manager');
    expect(getByLabel<HTMLSelectElement>(group(el, 'Partner'), 'Approver role').value).toBe('');
    const noCap = [...group(el, 'Partner').querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    expect(noCap.map((box) => [box.checked, document.getElementById(box.getAttribute('aria-describedby')!)!.textContent])).toEqual([
      [false, 'Per incident'],
      [true, 'Per client per year'],
    ]);
  });

  it('refuses a negative limit beside the field and blocks the download', async () => {
    const { el } = await openEditor();
    const perIncident = getByLabel(group(el, 'Front desk'), 'Per incident');
    await type(perIncident, '-5');
    expect(messagesBeside(perIncident)).toEqual(['must not be negative']);
    expect(problemsBar(el)).toContain('1 problem left to fix. Per incident: must not be negative.');
    expect(download(el).disabled).toBe(true);
    expect(textOf(el)).toContain('Fix the 1 problem above first.');
    await type(perIncident, '15');
    expect(perIncident.getAttribute('aria-invalid')).toBe('false');
    expect(download(el).disabled).toBe(false);
  });

  it('names an approver typo from a file beside the approver', async () => {
    const doc = exampleDoc();
    doc.roles[0].approverRole = 'manger';
    const { el } = await openEditor(doc);
    const approver = getByLabel<HTMLSelectElement>(group(el, 'Front desk'), 'Approver role');
    expect(approver.value).toBe('manger');
    expect(messagesBeside(approver)).toEqual(['unknown role "manger"']);
    await choose(approver, 'manager');
    expect(problemsBar(el)).toContain('Nothing left to fix.');
  });

  it('“No cap” writes null, and unticking it starts from zero', async () => {
    const { el } = await openEditor();
    const frontDesk = group(el, 'Front desk');
    const noCaps = [...frontDesk.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    await click(noCaps[0]!);
    expect(getByLabel(frontDesk, 'Per incident').disabled).toBe(true);
    await click(download(el));
    expect(JSON.parse(saved.at(-1)!.text).roles[0].perIncident).toBeNull();
    await click(noCaps[0]!);
    expect(getByLabel(frontDesk, 'Per incident').value).toBe('0');
  });

  it('renames a role’s id in the staff list and the approver roles too', async () => {
    const { el } = await openEditor();
    const id = getByLabel(group(el, 'Manager'), 'Id');
    await type(id, '');
    await type(id, 'office-manager');
    expect(getByLabel<HTMLSelectElement>(group(el, 'Front desk'), 'Approver role').value).toBe('office-manager');
    expect(getByLabel<HTMLSelectElement>(section(el, 'Staff'), 'Role, row 3').value).toBe('office-manager');
    expect(problemsBar(el)).toContain('Nothing left to fix.');
  });

  it('adds and removes roles; a loop in the approver chain is named', async () => {
    const { el } = await openEditor();
    await click(getByRole(el, 'button', 'Add role'));
    expect(group(el, 'New role')).toBeTruthy();
    await choose(getByLabel(group(el, 'Partner'), 'Approver role'), 'front-desk');
    expect(messagesBeside(getByLabel(group(el, 'Front desk'), 'Approver role'))).toEqual([
      'approver chain loops (front-desk → manager → partner → front-desk)',
    ]);
    await click(getByRole(el, 'button', 'Remove New role'));
    expect(el.querySelectorAll('fieldset.item legend')[4]?.textContent).not.toBe('New role');
  });
});

describe('What each role may do', () => {
  const cell = (el: HTMLElement, remedy: RegExp, column: number) => {
    const table = getByRole(el, 'region', 'What each role may do').querySelector('table')!;
    const row = [...table.querySelectorAll('tbody tr')].find((tr) => remedy.test(tr.querySelector('th')!.textContent!))!;
    return row.querySelectorAll('td')[column]!.textContent;
  };

  it('is captioned, a row per remedy and a column per role, and follows the limits as they change', async () => {
    const { el } = await openEditor();
    const table = getByRole(el, 'region', 'What each role may do').querySelector('table')!;
    expect(table.querySelector('caption')!.textContent).toBe('What each role may do');
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'Remedy',
      'Front desk',
      'Staff accountant',
      'Manager',
      'Partner',
    ]);
    expect(cell(el, /^Credit the courier fee, \$20\.00$/, 0)).toBe('on the spot');
    await type(getByLabel(group(el, 'Front desk'), 'Per incident'), '15');
    expect(cell(el, /^Credit the courier fee/, 0)).toBe('ask Manager');
    await type(getByLabel(group(el, 'Front desk'), 'Per incident'), '-1');
    // While something is left to fix, the last good version stays, and says so.
    expect(cell(el, /^Credit the courier fee/, 0)).toBe('ask Manager');
    expect(textOf(el)).toContain('Showing the last version without problems');
  });

  it('adds the article’s cases a policy lacks', async () => {
    const { el } = await openEditor(exampleDoc('law-firm'));
    expect(cell(el, /^Courier fee credited \(a case from the article\), £20\.00$/, 0)).toBe('ask Associate solicitor');
    expect(cell(el, /^Consultation fee refunded \(a case from the article\), £500\.00$/, 1)).toBe('ask Senior associate');
  });
});

describe('Staff', () => {
  it('names a bad email and an unknown role beside their cells', async () => {
    const { el } = await openEditor();
    const staff = section(el, 'Staff');
    await type(getByLabel(staff, 'Email, row 1'), 'ana.ruiz');
    expect(messagesBeside(getByLabel(staff, 'Email, row 1'))).toEqual(['must be an email address']);
    await type(getByLabel(staff, 'Email, row 1'), 'ana.ruiz@harborpine.example');
    await type(getByLabel(staff, 'Name, row 2'), '');
    expect(messagesBeside(getByLabel(staff, 'Name, row 2'))).toEqual(['must not be empty']);
  });

  it('gives a person a credit-note code, named beside it when the extension refuses it', async () => {
    const { el } = await openEditor();
    const staff = section(el, 'Staff');
    await type(getByLabel(staff, 'Credit-note code, row 1'), 'ar');
    expect(messagesBeside(getByLabel(staff, 'Credit-note code, row 1'))).toEqual([
      'must be 1 to 6 capital letters or digits, starting with a letter',
    ]);
    await type(getByLabel(staff, 'Credit-note code, row 1'), 'AR');
    await type(getByLabel(staff, 'Credit-note code, row 2'), 'AR');
    expect(messagesBeside(getByLabel(staff, 'Credit-note code, row 2'))).toEqual(['duplicate code "AR"']);
    await type(getByLabel(staff, 'Credit-note code, row 2'), '');
    await click(getByRole(el, 'button', /^Use version /));
    await click(download(el));
    const saved1 = JSON.parse(saved.at(-1)!.text).staff;
    expect(saved1[0]).toEqual({ email: 'ana.ruiz@harborpine.example', name: 'Ana Ruiz', role: 'front-desk', code: 'AR' });
    expect('code' in saved1[1]).toBe(false);
  });

  it('names a stand-in from the colleagues who approve; one who approves for no one is named beside it', async () => {
    const { el } = await openEditor();
    const staff = section(el, 'Staff');
    const devStandIn = getByLabel<HTMLSelectElement>(staff, 'Stand-in, row 4');
    expect([...devStandIn.options].map((o) => o.text)).toEqual(['None: the next approver up', 'Carla Meyer (carla.meyer@harborpine.example)']);
    await choose(devStandIn, 'carla.meyer@harborpine.example');
    await click(getByRole(el, 'button', /^Use version /));
    await click(download(el));
    const written = JSON.parse(saved.at(-1)!.text).staff;
    expect(written[3]).toMatchObject({ name: 'Dev Patel', standIn: 'carla.meyer@harborpine.example' });
    expect(written[2]).toMatchObject({ name: 'Carla Meyer', standIn: 'dev.patel@harborpine.example' });
    await choose(getByLabel<HTMLSelectElement>(staff, 'Stand-in, row 4'), '');
    await click(download(el));
    expect('standIn' in JSON.parse(saved.at(-1)!.text).staff[3]).toBe(false);
  });

  it('shows a file’s stand-in who approves for no one, with what to do', async () => {
    const doc = exampleDoc();
    doc.staff[2].standIn = 'ben.okafor@harborpine.example';
    const { el } = await openEditor(doc);
    const carla = getByLabel<HTMLSelectElement>(section(el, 'Staff'), 'Stand-in, row 3');
    expect(carla.value).toBe('ben.okafor@harborpine.example');
    expect(messagesBeside(carla)).toEqual([
      'stand-in "ben.okafor@harborpine.example" approves for no one: choose a colleague whose role approves for another role, or no stand-in',
    ]);
    await choose(carla, 'dev.patel@harborpine.example');
    expect(carla.getAttribute('aria-invalid')).not.toBe('true');
  });

  it('adds rows pasted from a spreadsheet, by role label, and names the typo among them', async () => {
    const { el } = await openEditor();
    const staff = section(el, 'Staff');
    await type(getByLabel(staff, 'Paste rows from a spreadsheet (name, email, role)') as unknown as HTMLInputElement,
      'Eve Stone\teve.stone@harborpine.example\tFront desk\nFinn Wu\tfinn.wu@harborpine.example\tmanger');
    await click(getByRole(staff, 'button', 'Add pasted rows'));
    expect(textOf(staff)).toContain('Added 2 people.');
    expect(getByLabel(staff, 'Name, row 5').value).toBe('Eve Stone');
    expect(getByLabel<HTMLSelectElement>(staff, 'Role, row 5').value).toBe('front-desk');
    expect(messagesBeside(getByLabel(staff, 'Role, row 6'))).toEqual(['unknown role "manger"']);
    await click(getByRole(staff, 'button', 'Remove Finn Wu'));
    expect(problemsBar(el)).toContain('Nothing left to fix.');
  });
});

describe('Remedies', () => {
  it('edits kind, amounts and template; a default above the maximum is named beside it', async () => {
    const { el } = await openEditor();
    const flowers = group(el, 'Get-well flowers');
    expect(getByLabel<HTMLSelectElement>(flowers, 'Kind').value).toBe('gift');
    expect(getByLabel<HTMLSelectElement>(flowers, 'Template').value).toBe('apology-gift');
    await type(getByLabel(flowers, 'Maximum amount'), '40');
    expect(messagesBeside(getByLabel(flowers, 'Default amount'))).toEqual(['must not be more than maxAmount']);
    await type(getByLabel(flowers, 'Maximum amount'), '80.5');
    await click(download(el));
    expect(JSON.parse(saved.at(-1)!.text).remedies[3]).toMatchObject({ defaultAmount: 60, maxAmount: 80.5 });
    await type(getByLabel(flowers, 'Maximum amount'), '80.555');
    expect(messagesBeside(getByLabel(flowers, 'Maximum amount'))).toEqual(['has more decimals than USD allows (2)']);
    await type(getByLabel(flowers, 'Maximum amount'), '');
    expect(problemsBar(el)).toContain('Nothing left to fix.');
  });
});

describe('Incident categories', () => {
  it('ticks suggested remedies; a suggestion naming no remedy is listed and named', async () => {
    const doc = exampleDoc();
    doc.categories[1].suggestedRemedies = ['courier-credit', 'courier-credt'];
    const { el } = await openEditor(doc);
    const shipping = group(el, 'Documents sent the wrong way');
    const typo = getByLabel<HTMLInputElement>(shipping, 'courier-credt');
    expect(typo.checked).toBe(true);
    expect(textOf(typo.closest('.choice')!)).toContain('unknown remedy "courier-credt"');
    await click(typo);
    await click(getByLabel<HTMLInputElement>(shipping, 'Apology, nothing charged'));
    await click(download(el));
    expect(JSON.parse(saved.at(-1)!.text).categories[1].suggestedRemedies).toEqual(['courier-credit', 'apology']);
  });
});

describe('Recovery checklist', () => {
  it('edits due times in minutes; a negative one is named beside it and an empty one is no due time', async () => {
    const { el } = await openEditor();
    const step = group(el, 'Apologize personally');
    await type(getByLabel(step, 'Due within (minutes)'), '-10');
    expect(messagesBeside(getByLabel(step, 'Due within (minutes)'))).toEqual(['must not be negative']);
    await type(getByLabel(step, 'Due within (minutes)'), '');
    await click(download(el));
    expect(JSON.parse(saved.at(-1)!.text).checklist[1]).toEqual({ id: 'apologize', label: 'Apologize personally' });
    await click(getByRole(el, 'button', 'Add step'));
    expect(group(el, 'New step')).toBeTruthy();
  });
});

describe('Email templates', () => {
  it('inserts a variable from the picker, previews for a sample client, and names an unknown variable', async () => {
    const { el } = await openEditor();
    const apology = group(el, 'Apology');
    const preview = () => textOf(apology.querySelector('.preview')!);
    expect(preview()).toContain('Subject: I am sorry, Alice');
    const body = getByLabel<HTMLTextAreaElement>(apology, 'Body');
    body.setSelectionRange(0, 0);
    await choose(getByLabel(apology, 'Variable'), 'firm.name');
    await click(getByRole(apology, 'button', 'Insert into body'));
    expect(body.value.startsWith('{{firm.name}}Dear')).toBe(true);
    expect(preview()).toContain('Harbor & Pine CPAsDear Alice');
    await type(getByLabel(apology, 'Subject'), 'Sorry, {{client.nmae}}');
    expect(messagesBeside(getByLabel(apology, 'Subject'))).toEqual(['unknown variable "{{client.nmae}}"']);
  });
});

describe('The firm’s own pages', () => {
  it('names a bad match pattern and a missing selector', async () => {
    const { el } = await openEditor();
    const portal = group(el, 'Firm client portal');
    const matches = getByLabel<HTMLTextAreaElement>(portal, 'Pages (one match pattern a line)');
    await type(matches as unknown as HTMLInputElement, 'https://portal.harborpine.example/clients/*\nportal.harborpine.example');
    expect(messagesBeside(matches)).toEqual([
      'detectors[0].matches[1]: invalid match pattern "portal.harborpine.example" (expected e.g. "https://portal.example/clients/*")',
    ]);
    await type(matches as unknown as HTMLInputElement, 'https://portal.harborpine.example/clients/*');
    await type(getByLabel(portal, 'Email selector'), '');
    await type(getByLabel(portal, 'Name selector'), '');
    expect(textOf(portal)).toContain('detectors[0]: needs an email or a name selector');
    await type(getByLabel(portal, 'Name selector'), '[data-field="client-name"]');
    await type(getByLabel(portal, 'Record id pattern'), '/clients/\\d+');
    expect(messagesBeside(getByLabel(portal, 'Record id pattern'))).toEqual(['needs a capture group for the record id']);
  });
});

describe('Use the policy', () => {
  it('downloads the file with "$schema" and applies it on this computer through the policy import', async () => {
    const { el } = await openEditor();
    await type(getByLabel(group(el, 'Front desk'), 'Per incident'), '15');
    // A change under the version in force would be refused here: the editor says so beside the
    // version, with the extension's words, and offers a newer one.
    const version = getByLabel(section(el, 'Firm'), 'Policy version');
    const warning = document.getElementById(version.getAttribute('aria-describedby')!.split(' ').at(-1)!)!;
    expect(warning.parentElement).toBe(version.parentElement);
    expect(textOf(warning.querySelector('p')!)).toBe(
      'policyVersion "2026-11-01" is the one in force, but this policy differs from it; publish changes under a newer policyVersion',
    );
    await click(getByRole(warning, 'button', /^Use version \d{4}-\d{2}-\d{2}$/));
    expect(version.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(document.getElementById('policy-version-warning')).toBeNull();
    await click(download(el));
    expect(saved).toHaveLength(1);
    expect(saved[0]!.fileName).toBe('policy.json');
    const json = JSON.parse(saved[0]!.text);
    expect(json.$schema).toBe('../policy.schema.json');
    expect(json.roles[0].perIncident).toBe(15);
    expect(json.policyVersion).toBe(version.value);
    await click(getByRole(el, 'button', 'Use on this computer'));
    expect(messages.of('importPolicy')).toEqual([{ text: saved[0]!.text, fileName: 'policy.json' }]);
    expect(textOf(el)).toContain(`In force on this computer: Harbor & Pine CPAs, policy ${version.value}.`);
    // Now that one is in force, the next change needs a newer version again.
    await type(getByLabel(group(el, 'Front desk'), 'Per incident'), '16');
    expect(document.getElementById('policy-version-warning')).not.toBeNull();
  });

  it('raises the version itself when a changed policy is downloaded, and says so beside the buttons first', async () => {
    const { el } = await openEditor();
    await type(getByLabel(group(el, 'Front desk'), 'Per incident'), '75');
    expect(problemsBar(el)).toContain('Nothing left to fix.');
    const note = document.getElementById(download(el).getAttribute('aria-describedby')!)!;
    expect(textOf(note)).toMatch(/^Changed from the policy in force \(version 2026-11-01\): Download and Use save it as version (\d{4}-\d{2}-\d{2})\.$/);
    const next = /version (\d{4}-\d{2}-\d{2}(?:\.\d+)?)\.$/.exec(textOf(note))![1]!;
    expect(download(el).disabled).toBe(false);
    await click(download(el));
    const json = JSON.parse(saved[0]!.text);
    expect(json.policyVersion).toBe(next);
    expect(json.roles[0].perIncident).toBe(75);
    expect(getByLabel<HTMLInputElement>(section(el, 'Firm'), 'Policy version').value).toBe(next);
    expect(textOf(el)).toContain(`Downloaded policy.json, policy version ${next}.`);
    // The file this computer would take: the same text, accepted by the import.
    await click(getByRole(el, 'button', 'Use on this computer'));
    expect(messages.of('importPolicy')).toEqual([{ text: saved[0]!.text, fileName: 'policy.json' }]);
  });

  it('after download lists the next steps that apply: sign it where policies must be signed, set up the ledger it names, publish', async () => {
    const { el } = await openEditor();
    await click(download(el));
    const steps = () => [...el.querySelectorAll('.next-steps li')].map(textOf);
    expect(steps()).toEqual([expect.stringMatching(/^To give it to everyone, put the downloaded file on a web server/)]);

    messages = answerMessages({ getPolicyState: () => ({ ...inForce(), signingKey: '{"kty":"OKP"}' }) });
    const signed = (await openEditor()).el;
    await type(getByLabel(section(signed, 'Firm'), 'Firm ledger URL'), 'https://ledger.harborpine.example/make-it-right');
    await click(download(signed));
    expect([...signed.querySelectorAll('.next-steps li')].map(textOf)).toEqual([
      'Sign it, as this computer accepts only signed policies: npm run policy:sign -- policy.json <the private key>, then publish policy.json.jws.',
      'This policy names the firm ledger at https://ledger.harborpine.example/make-it-right: run npm run ledger:setup -- <database URL with admin credentials> policy.json so the ledger checks grants against its staff and limits.',
      expect.stringMatching(/^To give it to everyone/),
    ]);
  });

  it('keeps the index of sections and the buttons together in the bar, each link to a section on the page', async () => {
    const { el } = await openEditor();
    const bar = el.querySelector('.editor-bar')!;
    expect(bar.contains(download(el))).toBe(true);
    expect(bar.contains(getByRole(el, 'button', 'Use on this computer'))).toBe(true);
    const links = [...el.querySelector('nav[aria-label="Sections of the policy"]')!.querySelectorAll('a')];
    expect(links.map(textOf)).toEqual(['Firm', 'Roles and limits', 'What each role may do', 'Staff', 'Remedies', 'Incident categories', 'Recovery checklist', 'Email templates', 'The firm’s own pages']);
    for (const link of links) expect(document.getElementById(link.getAttribute('href')!.slice(1)), link.textContent!).not.toBeNull();
    expect(getByRole(el, 'link', 'Playbooks of this draft').getAttribute('href')).toBe('playbook.html?source=draft');
  });

  it('says when this computer also syncs from a policy URL', async () => {
    messages = answerMessages({ getPolicyState: () => ({ ...inForce(), policyUrl: 'https://intranet.harborpine.example/policy.json' }) });
    const { el } = await openEditor();
    expect(textOf(section(el, 'Use the policy'))).toContain(
      'This computer also syncs from https://intranet.harborpine.example/policy.json: the next sync replaces a policy used here unless its policy version is older.',
    );
  });

  it('shows why the extension refused to apply it', async () => {
    messages = answerMessages({
      getPolicyState: () => ({ ...inForce(), policy: null }),
      importPolicy: () => ({ ...inForce(), lastError: { at: 1, message: 'Policy refused: it is not signed, and your organisation accepts only signed policies' } }),
    });
    const { el } = await openEditor();
    await click(getByRole(el, 'button', 'Use on this computer'));
    expect(getByRole(el, 'alert').textContent).toBe('Policy refused: it is not signed, and your organisation accepts only signed policies');
  });
});

describe('Start from', () => {
  it('opens either example, and keeps the policy being edited when a file is not a policy', async () => {
    const { el } = await openEditor();
    await click(getByRole(el, 'button', 'Start from the law firm example'));
    expect(problemsBar(el)).toContain('Editing the law firm example.');
    expect(group(el, 'Legal assistant')).toBeTruthy();
    const input = el.querySelector<HTMLInputElement>('input[type=file]')!;
    const file = new File(['{ not json'], 'policy.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(getByRole(el, 'alert').textContent).toMatch(/^policy\.json is not a JSON policy \(.+\); nothing was changed\.$/);
    expect(group(el, 'Legal assistant')).toBeTruthy();
  });

  it('starts from the accounting example when no policy is in force', async () => {
    messages = answerMessages({ getPolicyState: () => emptyPolicyState() });
    const el = await mount(
      <EditorPage examples={EXAMPLES} loadExample={async () => examplePolicyText('accounting-firm')} save={() => {}} />,
    );
    expect(textOf(el)).toContain('No policy is in force on this computer yet');
    expect(group(el, 'Front desk')).toBeTruthy();
  });
});
