import { describe, expect, it } from 'vitest';
import {
  amountFromInput,
  documentFromPolicy,
  getAt,
  serializeDocument,
  setAt,
  updateList,
  type PolicyDocument,
} from '@/utils/editor/document';
import { validateDocument } from '@/utils/editor/issues';
import { parsePolicyText } from '@/utils/policy/parse';
import type { Policy } from '@/utils/policy/types';
import { exampleDoc, examplePolicyText } from './helpers';

const parsed = (text: string): Policy => {
  const result = parsePolicyText(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
};

describe('round trip of the example policies', () => {
  for (const name of ['accounting-firm', 'law-firm'] as const) {
    it(`${name}: loaded and downloaded unchanged, byte for byte, and parses to the same policy`, () => {
      const text = examplePolicyText(name);
      const doc = JSON.parse(text) as PolicyDocument;
      expect(validateDocument(doc).issues).toEqual([]);
      const out = serializeDocument(doc);
      expect(out).toBe(text);
      expect(parsed(out)).toEqual(parsed(text));
    });

    it(`${name}: as the policy in force (minor units), opened and downloaded, parses to the same policy`, () => {
      const policy = parsed(examplePolicyText(name));
      const out = serializeDocument(documentFromPolicy(policy));
      expect(parsed(out)).toEqual({ ...policy, $schema: policy.$schema });
      // Amounts are the policy's decimals, not minor units: £35.50 stays 35.5.
      expect(JSON.parse(out).remedies.map((r: { defaultAmount: number }) => r.defaultAmount)).toEqual(
        JSON.parse(examplePolicyText(name)).remedies.map((r: { defaultAmount: number }) => r.defaultAmount),
      );
    });
  }

  it('keeps what the editor did not touch exactly as it was, key order included', () => {
    const doc = exampleDoc();
    const changed = setAt(doc, ['roles', 0, 'perIncident'], 15);
    const before = JSON.parse(serializeDocument(doc));
    const after = JSON.parse(serializeDocument(changed));
    expect(after.roles[0]).toEqual({ ...before.roles[0], perIncident: 15 });
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect({ ...after, roles: null }).toEqual({ ...before, roles: null });
    expect(after.roles.slice(1)).toEqual(before.roles.slice(1));
  });

  it('names a JSON Schema when the document has none', () => {
    const { $schema: _none, ...doc } = exampleDoc();
    const out = JSON.parse(serializeDocument(doc));
    expect(Object.keys(out)[0]).toBe('$schema');
    expect(out.$schema).toBe('policy.schema.json');
  });
});

describe('editing the document', () => {
  it('sets, creates and removes values by path without touching the original', () => {
    const doc = exampleDoc();
    const next = setAt(doc, ['remedies', 0, 'maxAmount'], 40);
    expect(getAt(next, ['remedies', 0, 'maxAmount'])).toBe(40);
    expect(getAt(doc, ['remedies', 0, 'maxAmount'])).toBeUndefined();
    expect(getAt(setAt(next, ['remedies', 0, 'maxAmount'], undefined), ['remedies', 0])).toEqual(doc.remedies[0]);
    expect(getAt(setAt({}, ['ledger', 'url'], 'x'), ['ledger'])).toEqual({ url: 'x' });
    expect(getAt(updateList(doc, ['staff'], (s) => s.slice(1)), ['staff'])).toHaveLength(3);
  });

  it('stores what was typed as a number when it reads as one, else as typed', () => {
    expect(amountFromInput('15')).toBe(15);
    expect(amountFromInput(' 1,250.50 ')).toBe(1250.5);
    expect(amountFromInput('-5')).toBe(-5);
    expect(amountFromInput('15.')).toBe(15);
    expect(amountFromInput('ten')).toBe('ten');
  });

  it('reports a typed word with the extension’s own message', () => {
    const doc = setAt(exampleDoc(), ['roles', 0, 'perIncident'], amountFromInput('ten'));
    expect(validateDocument(doc).issues).toEqual([{ path: 'roles[0].perIncident', message: 'expected number, got a string' }]);
  });
});
