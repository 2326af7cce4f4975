import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '@/utils/policy/parse';
import type { Policy } from '@/utils/policy/types';
import { buildTemplateValues, remedyPhrase, remediesSentence, renderTemplate, templateFits, type GivenRemedy } from '@/utils/templates';
import { example } from './helpers';

// How an email names what was given: each remedy by the policy's phrase, all of them in one
// sentence; only the templates that fit what was given are offered.

function policy(json = example()): Policy {
  const parsed = parsePolicy(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.policy;
}

const courier: GivenRemedy = { remedyId: 'courier-credit', label: 'Credit the courier fee', kind: 'credit', amount: 2000 };
const flowers: GivenRemedy = { remedyId: 'flowers', label: 'Get-well flowers', kind: 'gift', amount: 6000 };
const dinner: GivenRemedy = { remedyId: 'restaurant-gift', label: 'Restaurant gift card', kind: 'gift', amount: 5000 };
const sorry: GivenRemedy = { remedyId: 'apology', label: 'Apology, nothing charged', kind: 'apology', amount: 0 };

const template = (p: Policy, id: string) => p.templates.find((t) => t.id === id)!;

describe('remedies named in a sentence', () => {
  it('names a remedy with the policy\'s phrase, never as its label in a sentence', () => {
    const p = policy();
    expect(remedyPhrase(p, courier)).toBe('a credit of $20.00 for the courier fee');
    expect(remedyPhrase(p, sorry)).toBeNull();
  });

  it('says who a gift is for when it is not the client', () => {
    expect(remedyPhrase(policy(), { ...flowers, for: 'your mother' })).toBe('get-well flowers ($60.00) for your mother');
  });

  it('names every gift, joined as a sentence in the firm\'s language', () => {
    const p = policy();
    expect(remediesSentence(p, [{ ...flowers, for: 'your mother' }, dinner, sorry])).toBe(
      'get-well flowers ($60.00) for your mother and a restaurant gift card worth $50.00',
    );
    const fr = policy({ ...example(), firm: { ...example().firm, locale: 'fr-FR' } });
    expect(remediesSentence(fr, [courier, flowers, dinner])).toMatch(/ et une? |, .* et /);
  });

  it('makes a phrase from the kind when the policy gives none', () => {
    const json = example();
    for (const r of json.remedies) delete r.phrase;
    expect(remedyPhrase(policy(json), courier)).toBe('a credit of $20.00 (Credit the courier fee)');
    expect(remedyPhrase(policy(json), dinner)).toBe('a gift (Restaurant gift card, $50.00)');
  });

  it('refuses a phrase with a variable other than {{amount}}, naming the field', () => {
    const json = example();
    json.remedies[0].phrase = 'a credit for {{client.name}}';
    const parsed = parsePolicy(json);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toContainEqual({
      path: 'remedies[0].phrase',
      message: 'unknown variable "{{client.name}}" (a phrase may use {{amount}})',
    });
  });
});

describe('templates that fit what was given', () => {
  it('offers no "Apology with a gift" after a credit alone, and no credit note before a credit', () => {
    const p = policy();
    const fits = (given: GivenRemedy[]) => p.templates.filter((t) => templateFits(p, t, given)).map((t) => t.id);
    expect(fits([courier])).toEqual(['credit-note', 'apology']);
    expect(fits([])).toEqual(['apology']);
    expect(fits([flowers])).toEqual(['apology-gift', 'apology']);
    expect(fits([courier, dinner])).toEqual(['credit-note', 'apology-gift', 'apology']);
  });

  it('writes flowers for the client\'s mother and a second gift into the gift apology, both named', () => {
    const p = policy();
    const values = buildTemplateValues({
      policy: p,
      clientName: 'Alice Baker',
      given: [{ ...flowers, for: 'your mother' }, dinner],
      remedy: { label: dinner.label, amount: dinner.amount },
      staff: { name: 'Ana Ruiz', email: 'ana.ruiz@harborpine.example' },
      now: new Date(0),
    });
    expect(renderTemplate(template(p, 'apology-gift'), values).body).toContain(
      'As a small token of apology we are sending get-well flowers ($60.00) for your mother and a restaurant gift card worth $50.00.',
    );
  });

  it('follows "Here is what we are doing to put it right:" with what is being done, not what went wrong', () => {
    const p = policy();
    const values = buildTemplateValues({
      policy: p,
      clientName: 'Alice Baker',
      staff: { name: 'Ana Ruiz', email: 'ana.ruiz@harborpine.example' },
      incident: { summary: 'Courier fee charged twice', categoryLabel: 'Billing error' },
      actions: 'We are re-sending the documents overnight, at our cost.',
      now: new Date(0),
    });
    const body = renderTemplate(template(p, 'apology'), values).body;
    expect(body).toContain('Here is what we are doing to put it right: We are re-sending the documents overnight, at our cost.');
    expect(body).not.toContain('Courier fee charged twice');
  });
});

describe('the example policies speak to the client in their own words', () => {
  const examples = ['public/policies/accounting-firm.json', 'public/policies/law-firm.json', 'tests/fixtures/policy/example.json'];
  const read = (file: string) => policy(JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../..', file), 'utf8')));

  it.each(examples)('%s: every remedy that gives something has its email phrase, and templates use it, not the label', (file) => {
    const p = read(file);
    for (const r of p.remedies.filter((x) => x.kind !== 'apology')) expect(r.phrase, r.id).toBeTruthy();
    for (const tpl of p.templates) expect(`${tpl.subject}\n${tpl.body}`, tpl.id).not.toContain('{{remedy.label}}');
  });

  it('the credit note for the courier credit reads as a sentence: the phrase, not the remedy\'s label', () => {
    const p = read('tests/fixtures/policy/example.json');
    const values = buildTemplateValues({
      policy: p,
      clientName: 'Alice Baker',
      remedy: { label: courier.label, amount: courier.amount, remedyId: courier.remedyId, kind: courier.kind },
      creditNoteNumber: 'CN-2026-0001',
      staff: { name: 'Ana Ruiz', email: 'ana.ruiz@harborpine.example' },
      given: [courier],
      now: new Date('2026-11-25T15:00:00Z'),
    });
    const { subject, body } = renderTemplate(template(p, 'credit-note'), values);
    expect(subject).toBe('Credit note CN-2026-0001');
    expect(body).toContain('We have given you a credit of $20.00 for the courier fee: credit note CN-2026-0001, dated November 25, 2026.');
    expect(body).not.toContain('Credit the courier fee');
  });
});
