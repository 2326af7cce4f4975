import { describe, expect, it } from 'vitest';
import { formatPolicyIssue, parsePolicy } from '@/utils/policy/parse';
import { example } from '../policy/helpers';

// The policy's optional `ledger.url`: the firm's CouchDB database, published to every browser, so
// it names the database and carries no credentials.

function withLedger(url: unknown) {
  const json = example();
  json.ledger = { url };
  return parsePolicy(json);
}

describe('the policy\'s ledger', () => {
  it('is optional: without it each browser keeps its own ledger', () => {
    const result = parsePolicy(example());
    expect(result.ok && result.policy.ledger).toBe(undefined);
  });

  it.each([
    ['https://ledger.harborpine.example/make-it-right', 'https://ledger.harborpine.example/make-it-right'],
    ['https://ledger.harborpine.example:6984/make-it-right/', 'https://ledger.harborpine.example:6984/make-it-right'],
    ['http://127.0.0.1:5984/firm', 'http://127.0.0.1:5984/firm'],
  ])('accepts %s', (url, kept) => {
    const result = withLedger(url);
    expect(result.ok && result.policy.ledger).toEqual({ url: kept, escalateAfterMinutes: 30, offlineAllowanceHours: 72 });
  });

  it.each([
    ['http://ledger.harborpine.example/make-it-right', 'ledger.url: The ledger URL must start with https:// (http:// only for localhost or 127.0.0.1)'],
    ['https://admin:secret@ledger.harborpine.example/make-it-right', 'ledger.url: must not contain a user name or password: each person signs in'],
    ['https://ledger.harborpine.example/', 'ledger.url: must name the database, e.g. https://ledger.example/make-it-right'],
    ['https://ledger.harborpine.example/db?x=1', 'ledger.url: must be the database URL, without ? or #'],
    ['not a url', 'ledger.url: The ledger URL is not a valid URL'],
    [42, 'ledger.url: expected string, got a number'],
  ])('refuses %s, naming the field', (url, message) => {
    const result = withLedger(url);
    expect(result.ok ? [] : result.errors.map(formatPolicyIssue)).toEqual([message]);
  });

  it('refuses unknown keys inside it', () => {
    const json = example();
    json.ledger = { url: 'https://ledger.harborpine.example/firm', password: 'x' };
    const result = parsePolicy(json);
    expect(result.ok ? [] : result.errors.map(formatPolicyIssue)).toEqual(['ledger.password: unknown key']);
  });
});
