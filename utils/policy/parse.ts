import type { z } from 'zod';
import { policySchema } from './schema';
import { checkPolicyReferences } from './references';
import { jsonErrorAt } from './json-position';
import type { PolicyIssue, PolicyParseResult } from './types';
import { errorText } from '../error-text';
import { t, tp, type MessageKey } from '../i18n';

// The one door a policy comes in by (URL, file, tests, the admin's CLI). Never throws: every problem
// becomes an issue with the JSON path it is about.

const SUPPORTED_SCHEMA_VERSIONS = [1] as const;
export const ROOT_PATH = '(root)';

/** ['roles', 2, 'approverRole'] → "roles[2].approverRole"; [] → "(root)". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || ROOT_PATH;
}

export function formatPolicyIssue(issue: PolicyIssue): string {
  return `${issue.path}: ${issue.message}`;
}

const KINDS: Partial<Record<string, MessageKey>> = {
  object: 'valAnObject',
  string: 'valAString',
  number: 'valANumber',
  boolean: 'valABoolean',
};

function describe(value: unknown): string {
  if (value === null) return t('valNull');
  if (Array.isArray(value)) return t('valAnArray');
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const kind = KINDS[typeof value];
  return kind ? t(kind) : typeof value;
}

function limit(issue: { origin?: string; minimum?: unknown; maximum?: unknown }, big: boolean): string {
  const n = String(big ? issue.maximum : issue.minimum);
  if (issue.origin === 'string') {
    return n === '1' && !big ? t('valNotEmpty') : t(big ? 'valCharsAtMost' : 'valCharsAtLeast', n);
  }
  if (issue.origin === 'array') return tp(big ? 'valItemsAtMost' : 'valItemsAtLeast', Number(n));
  return t(big ? 'valAtMost' : 'valAtLeast', n);
}

/** Zod's issues in words an admin reads in a terminal or on the options page. */
function messageOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' && typeof issue.input === 'number') return t('valFinite');
      return issue.input === undefined ? t('valRequired') : t('valExpected', issue.expected, describe(issue.input));
    case 'invalid_value':
      return issue.values.length === 1
        ? t('valMustBe', JSON.stringify(issue.values[0]))
        : t('valMustBeOneOf', issue.values.map((v) => JSON.stringify(v)).join(', '));
    case 'too_small':
    case 'too_big':
      // A message set in the schema wins over the generic wording.
      return issue.message && !issue.message.startsWith('Too ') ? issue.message : limit(issue, issue.code === 'too_big');
    default:
      return issue.message;
  }
}

function toIssues(error: z.ZodError): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: formatPath([...issue.path, key]), message: t('valUnknownKey') });
    } else {
      issues.push({ path: formatPath(issue.path), message: messageOf(issue) });
    }
  }
  return issues;
}

/**
 * The shape's issues and every cross-reference issue: zod checks references only once the shape
 * holds, so without this an unknown role would show up only after the other errors were fixed.
 */
function withReferences(issues: PolicyIssue[], json: unknown): PolicyIssue[] {
  const seen = new Set(issues.map((issue) => `${issue.path}\n${issue.message}`));
  const all = [...issues];
  checkPolicyReferences(json, (path, message) => {
    const issue = { path: formatPath(path), message };
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    all.push(issue);
  });
  return all;
}

export function parsePolicy(json: unknown): PolicyParseResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, errors: [{ path: ROOT_PATH, message: t('valExpectedObject', describe(json)) }] };
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined) return { ok: false, errors: [{ path: 'schemaVersion', message: t('valRequired') }] };
  if (!SUPPORTED_SCHEMA_VERSIONS.includes(version as 1)) {
    return {
      ok: false,
      errors: [
        {
          path: 'schemaVersion',
          message: t('valUnsupportedSchema', JSON.stringify(version), SUPPORTED_SCHEMA_VERSIONS.join(', ')),
        },
      ],
    };
  }
  try {
    const result = policySchema.safeParse(json, { reportInput: true });
    return result.success ? { ok: true, policy: result.data } : { ok: false, errors: withReferences(toIssues(result.error), json) };
  } catch (error) {
    // Hostile input (getters, proxies) must not take the caller down.
    return { ok: false, errors: [{ path: ROOT_PATH, message: errorText(error) }] };
  }
}

export function parsePolicyText(text: string): PolicyParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) return { ok: false, errors: [{ path: ROOT_PATH, message: t('valNotJson', t('valUnreadable')) }] };
    // Where it breaks as line and column, whichever engine parsed it ("position 325" helps no one).
    const at = jsonErrorAt(text, error.message);
    const message = at ? t('valNotJsonAt', String(at.line), String(at.column), at.detail) : t('valNotJson', error.message);
    return { ok: false, errors: [{ path: ROOT_PATH, message }] };
  }
  return parsePolicy(json);
}
