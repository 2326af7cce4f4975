import { formatPath, parsePolicy } from '../policy/parse';
import type { Policy, PolicyIssue } from '../policy/types';
import type { Path, PolicyDocument } from './document';

// The editor's checks are the extension's: the document goes through parsePolicy, and each issue is
// placed beside the field its JSON path names.

export interface Validation {
  /** The parsed policy when there is nothing left to fix. */
  policy: Policy | null;
  issues: PolicyIssue[];
}

export function validateDocument(doc: PolicyDocument): Validation {
  const result = parsePolicy(doc);
  return result.ok ? { policy: result.policy, issues: [] } : { policy: null, issues: result.errors };
}

export function pathKey(path: Path): string {
  return formatPath(path);
}

/** Messages about exactly this path. */
export function messagesAt(issues: readonly PolicyIssue[], path: Path): string[] {
  const key = pathKey(path);
  return issues.filter((i) => i.path === key).map((i) => i.message);
}

function isUnder(issuePath: string, prefix: string): boolean {
  return (
    issuePath === prefix ||
    issuePath.startsWith(`${prefix}.`) ||
    issuePath.startsWith(`${prefix}[`)
  );
}

/**
 * Issues under `prefix` that none of `shown` (the paths with a field of their own, and the prefixes
 * of the groups inside) takes: a group lists them so that no problem goes unseen.
 */
export function issuesLeftUnder(issues: readonly PolicyIssue[], prefix: Path, shown: readonly Path[]): PolicyIssue[] {
  const own = pathKey(prefix);
  const taken = shown.map(pathKey);
  return issues.filter(
    (i) => (prefix.length === 0 || isUnder(i.path, own)) && !taken.some((t) => isUnder(i.path, t)),
  );
}
