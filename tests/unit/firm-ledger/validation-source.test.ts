import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { ledgerDesignDoc } from '@/utils/firm-ledger/design-doc';
import { examplePolicy } from '../example-policy';

// The rules run inside the firm's CouchDB: 3.4 with QuickJS (tested over HTTP in tests/ledger/), and
// 3.3 with SpiderMonkey 91, which takes ES2017 at most. The validation source must parse as ES2017,
// so a newer construct (optional chaining, ??, class fields) fails here instead of on a firm's server.

describe('the validation function CouchDB runs', () => {
  const source = ledgerDesignDoc(examplePolicy()).validate_doc_update;

  it('parses as ES2017, as SpiderMonkey 91 (CouchDB 3.3) reads it', () => {
    expect(() => parse(`(${source})`, { ecmaVersion: 2017 })).not.toThrow();
  });

  it('a newer construct would be caught', () => {
    expect(() => parse('(function (a) { return a?.b ?? 1; })', { ecmaVersion: 2017 })).toThrow();
  });
});
