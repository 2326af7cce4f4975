import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPolicyIssue, parsePolicy, parsePolicyText } from '@/utils/policy/parse';
import type { Policy } from '@/utils/policy/types';
import { example, exampleText } from './helpers';

function errorsOf(json: unknown): string[] {
  const result = parsePolicy(json);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors.map(formatPolicyIssue);
}

function accepted(json: unknown): Policy {
  const result = parsePolicy(json);
  if (!result.ok) throw new Error(result.errors.map(formatPolicyIssue).join('\n'));
  return result.policy;
}

describe('the reference policy', () => {
  it('is accepted as it is, with amounts in cents', () => {
    const result = parsePolicyText(exampleText);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { policy } = result;
    expect(policy.firm.name).toBe('Harbor & Pine CPAs');
    expect(policy.roles.map((r) => [r.id, r.perIncident, r.perClientPerYear])).toEqual([
      ['front-desk', 2500, 10000],
      ['staff', 10000, 30000],
      ['manager', 50000, 150000],
      ['partner', 200000, null],
    ]);
    expect(policy.remedies.find((r) => r.id === 'courier-credit')?.defaultAmount).toBe(2000);
    expect(policy.checklist.at(-1)).toEqual({ id: 'record', label: 'Record what was given', completedByGrant: true });
    expect(policy.detectors[0]?.matches).toEqual(['https://portal.harborpine.example/clients/*']);
  });

  it.each(['accounting-firm.json', 'law-firm.json'])('public/policies/%s is valid', (file) => {
    const text = readFileSync(path.resolve(import.meta.dirname, '../../../public/policies', file), 'utf8');
    const result = parsePolicyText(text);
    expect(result.ok ? [] : result.errors.map(formatPolicyIssue)).toEqual([]);
  });
});

describe('defaults and normalisation', () => {
  it('fills detectors and sync, allows $schema and normalises staff emails', () => {
    const json = example();
    delete json.detectors;
    delete json.sync;
    json.$schema = 'https://example.com/policy.schema.json';
    json.staff[0].email = '  Ana.Ruiz@HarborPine.example ';
    const policy = accepted(json);
    expect(policy.detectors).toEqual([]);
    expect(policy.sync).toEqual({ refreshMinutes: 60 });
    expect(policy.staff[0]?.email).toBe('ana.ruiz@harborpine.example');
  });
});

describe('minor units', () => {
  function withCurrency(currency: string, perIncident: number) {
    const json = example();
    json.firm.currency = currency;
    json.roles[0].perIncident = perIncident;
    for (const r of json.remedies) r.defaultAmount = 0;
    return json;
  }

  it('JPY has no decimals', () => {
    expect(accepted(withCurrency('JPY', 2500)).roles[0]?.perIncident).toBe(2500);
    expect(errorsOf(withCurrency('JPY', 25.5))).toEqual([
      'roles[0].perIncident: has more decimals than JPY allows (0)',
    ]);
  });

  it('BHD has three decimals', () => {
    expect(accepted(withCurrency('BHD', 12.345)).roles[0]?.perIncident).toBe(12345);
    expect(errorsOf(withCurrency('BHD', 1.2345))).toEqual([
      'roles[0].perIncident: has more decimals than BHD allows (3)',
    ]);
  });

  it('USD cents survive binary fractions', () => {
    expect(accepted(withCurrency('USD', 0.29)).roles[0]?.perIncident).toBe(29);
  });

  it('negative and non-finite amounts are refused', () => {
    const json = example();
    json.roles[0].perIncident = -1;
    json.remedies[1].defaultAmount = Number.POSITIVE_INFINITY;
    json.remedies[2].maxAmount = Number.NaN;
    expect(errorsOf(json)).toEqual([
      'roles[0].perIncident: must not be negative',
      'remedies[1].defaultAmount: must be a finite number',
      'remedies[2].maxAmount: must be a finite number',
    ]);
  });

  it('a default above the maximum is refused', () => {
    const json = example();
    json.remedies[0].maxAmount = 10;
    expect(errorsOf(json)).toEqual(['remedies[0].defaultAmount: must not be more than maxAmount']);
  });
});

describe('each rule names its path', () => {
  const cases: [string, (json: ReturnType<typeof example>) => void, string[]][] = [
    ['unknown approver role', (j) => (j.roles[2].approverRole = 'manger'), ['roles[2].approverRole: unknown role "manger"']],
    ['unknown staff role', (j) => (j.staff[1].role = 'boss'), ['staff[1].role: unknown role "boss"']],
    ['unknown remedy template', (j) => (j.remedies[0].template = 'nope'), ['remedies[0].template: unknown template "nope"']],
    [
      'unknown suggested remedy',
      (j) => j.categories[0].suggestedRemedies.push('spa-day'),
      ['categories[0].suggestedRemedies[2]: unknown remedy "spa-day"'],
    ],
    ['duplicate role', (j) => j.roles.push({ ...j.roles[0] }), ['roles[4].id: duplicate id "front-desk"']],
    [
      'duplicate staff email (after normalising)',
      (j) => j.staff.push({ email: 'ANA.RUIZ@harborpine.example', name: 'A', role: 'staff' }),
      ['staff[4].email: duplicate email "ana.ruiz@harborpine.example"'],
    ],
    ['duplicate remedy', (j) => j.remedies.push({ ...j.remedies[4] }), ['remedies[5].id: duplicate id "apology"']],
    ['duplicate category', (j) => j.categories.push({ ...j.categories[0] }), ['categories[4].id: duplicate id "missed-appointment"']],
    ['duplicate checklist step', (j) => j.checklist.push({ ...j.checklist[0] }), ['checklist[6].id: duplicate id "acknowledge"']],
    ['duplicate template', (j) => j.templates.push({ ...j.templates[0] }), ['templates[3].id: duplicate id "credit-note"']],
    ['duplicate detector', (j) => j.detectors.push({ ...j.detectors[0] }), ['detectors[1].id: duplicate id "client-portal"']],
    [
      'approver chain loop',
      (j) => (j.roles[3].approverRole = 'manager'),
      ['roles[2].approverRole: approver chain loops (manager → partner → manager)'],
    ],
    ['role approving itself', (j) => (j.roles[3].approverRole = 'partner'), ['roles[3].approverRole: approver chain loops (partner → partner)']],
    ['unknown currency', (j) => (j.firm.currency = 'XYZ'), ['firm.currency: unknown currency "XYZ"']],
    ['unknown time zone', (j) => (j.firm.timeZone = 'Mars/Olympus'), ['firm.timeZone: unknown time zone "Mars/Olympus"']],
    ['invalid locale', (j) => (j.firm.locale = 'en_US'), ['firm.locale: invalid locale "en_US"']],
    [
      'template with an unknown variable',
      (j) => (j.templates[1].subject = 'Hi {{client.phone}}'),
      ['templates[1].subject: unknown variable "{{client.phone}}"'],
    ],
    [
      'invalid match pattern',
      (j) => (j.detectors[0].matches = ['portal.example.com/*']),
      ['detectors[0].matches[0]: invalid match pattern "portal.example.com/*" (expected e.g. "https://portal.example/clients/*")'],
    ],
    [
      'invalid CSS selector',
      (j) => (j.detectors[0].name.selector = "div[data-x='a'"),
      [`detectors[0].name.selector: invalid CSS selector "div[data-x='a'"`],
    ],
    ['detector without selectors', (j) => (j.detectors[0] = { id: 'd', label: 'D', matches: ['https://x.example/*'] }), ['detectors[0]: needs an email or a name selector']],
    ['unknown top-level key', (j) => (j.colour = 'blue'), ['colour: unknown key']],
    ['unknown nested key', (j) => (j.roles[0].perIncedent = 5), ['roles[0].perIncedent: unknown key']],
    ['missing field', (j) => delete j.policyVersion, ['policyVersion: required']],
    ['wrong type', (j) => (j.firm.name = 42), ['firm.name: expected string, got a number']],
    [
      'unknown remedy kind',
      (j) => (j.remedies[0].kind = 'voucher'),
      ['remedies[0].kind: must be one of "credit", "refund", "fee-waiver", "gift", "apology"'],
    ],
    ['bad staff email', (j) => (j.staff[0].email = 'ana'), ['staff[0].email: must be an email address']],
    ['too-long label', (j) => (j.roles[0].label = 'x'.repeat(201)), ['roles[0].label: must be at most 200 characters']],
    ['refresh too often', (j) => (j.sync.refreshMinutes = 1), ['sync.refreshMinutes: must be at least 5']],
  ];

  it.each(cases)('%s', (_name, mutate, expected) => {
    const json = example();
    mutate(json);
    expect(errorsOf(json)).toEqual(expected);
  });

  it('bounds the number of roles', () => {
    const json = example();
    json.roles = Array.from({ length: 51 }, (_, i) => ({ ...json.roles[3], id: `r${i}` }));
    expect(errorsOf(json)[0]).toBe('roles: must have at most 50 items');
    json.roles = [];
    expect(errorsOf(json)[0]).toBe('roles: must have at least 1 item');
  });

  it('reports every cross-reference problem at once', () => {
    const json = example();
    json.roles[2].approverRole = 'manger';
    json.staff[1].role = 'boss';
    json.firm.timeZone = 'Nowhere/City';
    expect(errorsOf(json)).toHaveLength(3);
  });
});

describe('the document itself', () => {
  it('refuses text that is not JSON at the root', () => {
    const result = parsePolicyText('<html>Sign in</html>');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.path).toBe('(root)');
    expect(result.errors[0]?.message).toMatch(/^not valid JSON/);
  });

  it('refuses JSON that is not an object', () => {
    expect(errorsOf([1, 2])).toEqual(['(root): expected a JSON object, got an array']);
    expect(errorsOf(null)).toEqual(['(root): expected a JSON object, got null']);
  });

  it('refuses a schema version it does not know, with one clear error', () => {
    const json = example();
    json.schemaVersion = 2;
    json.roles = 'whatever';
    expect(errorsOf(json)).toEqual(['schemaVersion: unsupported schema version 2 (this extension reads 1)']);
    delete json.schemaVersion;
    expect(errorsOf(json)).toEqual(['schemaVersion: required']);
  });

  it('never throws on hostile input', () => {
    const hostile = example();
    Object.defineProperty(hostile, 'firm', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(parsePolicy(hostile).ok).toBe(false);
  });
});
