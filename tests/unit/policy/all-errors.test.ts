import { describe, expect, it } from 'vitest';
import { formatPolicyIssue, parsePolicy, parsePolicyText } from '@/utils/policy/parse';
import { jsonErrorOffset } from '@/utils/policy/json-position';
import { example, exampleText } from './helpers';

function errorsOf(json: unknown): string[] {
  const result = parsePolicy(json);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors.map(formatPolicyIssue);
}

function textErrors(text: string): string[] {
  const result = parsePolicyText(text);
  if (result.ok) throw new Error('expected the text to be refused');
  return result.errors.map(formatPolicyIssue);
}

describe('every error of a policy at once', () => {
  it('lists unknown roles and remedies together with errors of the wrong type or an unknown key', () => {
    const json = example();
    json.roles[0].perIncident = '1000'; // a string where a number belongs
    json.roles[2].approverRole = 'manger';
    json.staff[1].role = 'boss';
    json.staff[2].nickname = 'CM'; // an unknown key
    json.categories[0].suggestedRemedies.push('no-such-remedy');
    const errors = errorsOf(json);
    expect(errors).toEqual(
      expect.arrayContaining([
        'roles[0].perIncident: expected number, got a string',
        'staff[2].nickname: unknown key',
        'roles[2].approverRole: unknown role "manger"',
        'staff[1].role: unknown role "boss"',
        `categories[0].suggestedRemedies[${json.categories[0].suggestedRemedies.length - 1}]: unknown remedy "no-such-remedy"`,
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it('reports each problem once when the shape is only partly wrong (a negative amount and an unknown role)', () => {
    const json = example();
    json.roles[0].perIncident = -5;
    json.roles[2].approverRole = 'manger';
    expect(errorsOf(json)).toEqual([
      'roles[0].perIncident: must not be negative',
      'roles[2].approverRole: unknown role "manger"',
    ]);
  });

  it('does not call a declared role unknown because the role itself has an error', () => {
    const json = example();
    json.roles[1].perIncident = 'lots';
    json.roles[1].colour = 'blue';
    // staff[1] is in roles[1] ("staff"): that role is declared, so staff[1].role is not an error.
    expect(errorsOf(json)).toEqual(['roles[1].perIncident: expected number, got a string', 'roles[1].colour: unknown key']);
  });

  it('leaves a malformed reference to the shape instead of reporting it twice', () => {
    const json = example();
    json.staff[0].role = 42;
    json.firm.extra = true;
    expect(errorsOf(json)).toEqual(['firm.extra: unknown key', 'staff[0].role: expected string, got a number']);
  });
});

describe('a hostile policy', () => {
  it('with 15,000 roles in one approver chain is refused in seconds, not minutes', () => {
    const json = example();
    const n = 15_000;
    json.roles = Array.from({ length: n }, (_, i) => ({
      id: `r${i}`,
      label: 'Role',
      perIncident: 1,
      perClientPerYear: 1,
      ...(i + 1 < n ? { approverRole: `r${i + 1}` } : { approverRole: 'r0' }),
    }));
    const started = performance.now();
    const errors = errorsOf(json);
    // Walking the chain from every role took 18 s before; each role is walked once now.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(errors[0]).toBe('roles: must have at most 50 items');
    expect(errors.find((e) => e.startsWith('roles[0].approverRole: approver chain loops (r0 → r1 → r2'))).toMatch(/ → r14999 → r0\)$/);
  });
});

describe('JSON syntax errors', () => {
  it('name the line and column, not the character position', () => {
    const broken = exampleText.replace('"perIncident": 500,', '"perIncident": 500,,');
    const line = exampleText.slice(0, exampleText.indexOf('"perIncident": 500,')).split('\n').length;
    const [error] = textErrors(broken);
    expect(error).toMatch(new RegExp(`^\\(root\\): not valid JSON at line ${line}, column 26 \\(`));
    expect(error).not.toMatch(/position/);
  });

  it('find the place where the engine only quotes the text (a bad literal, an empty slot in a list)', () => {
    expect(textErrors('{\n  "a": tru}')).toEqual([`(root): not valid JSON at line 2, column 11 (Unexpected token '}')`]);
    expect(textErrors('{"roles": [1,2,,3]}')[0]).toMatch(/^\(root\): not valid JSON at line 1, column 16 /);
  });

  it('point at the end of a text that stops too early', () => {
    expect(textErrors('{\n  "schemaVersion": 1,\n')[0]).toMatch(/^\(root\): not valid JSON at line 3, column 1 /);
  });

  it('find the first error in any JSON, and none in valid JSON however deeply nested', () => {
    const cases: [string, number | null][] = [
      ['{"a": [1, 2.5e3, -0.1, true, false, null, "x\\u00e9\\n"]}', null],
      ['{"a": 01}', 7],
      ['{"a": "line\nbreak"}', 11],
      ['{"a": "\\q"}', 8],
      ['{"a" 1}', 5],
      ['{"a": 1}}', 8],
      ['[1 2]', 3],
      ['{,}', 1],
      ['', 0],
      ['-', 1],
      [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, null],
      [`${'['.repeat(100_000)}`, 100_000],
    ];
    for (const [text, offset] of cases) {
      expect(jsonErrorOffset(text), text.slice(0, 30)).toBe(offset);
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(valid, text.slice(0, 30)).toBe(offset === null);
    }
  });
});
