import { decideAuthority } from '../authority';
import { toMinorUnits } from '../money';
import type { Policy, Remedy, RemedyKind } from '../policy/types';

// "What each role may do": each remedy at its default amount, for each role, decided by the very
// function the side panel uses, for a client with nothing granted yet.

/** The cases from the article the product comes from, shown even when the policy has no such remedy. */
const ARTICLE_CASES: readonly { id: string; kind: RemedyKind; amount: number; labelKey: ArticleCase }[] = [
  { id: 'article-courier-credit', kind: 'credit', amount: 20, labelKey: 'courier-credit' },
  { id: 'article-consultation-refund', kind: 'refund', amount: 500, labelKey: 'consultation-refund' },
  { id: 'article-gift', kind: 'gift', amount: 50, labelKey: 'gift' },
];

export type ArticleCase = 'courier-credit' | 'consultation-refund' | 'gift';

export type Cell =
  | { kind: 'on-the-spot' }
  | { kind: 'ask'; approverRoleLabel: string }
  /** No role in the policy can approve it (beyond every cap, or above the remedy's maximum). */
  | { kind: 'no-one' };

export interface TableRow {
  remedyId: string;
  /** The policy's label, or null for an article case the policy lacks (see `articleCase`). */
  label: string | null;
  articleCase: ArticleCase | null;
  /** Minor units. */
  amount: number;
  cells: Cell[];
}

export interface AuthorityTable {
  roles: { id: string; label: string }[];
  rows: TableRow[];
}

const SAMPLE_CLIENT = 'sample-client';

function cellFor(policy: Policy, roleId: string, remedy: Remedy, now: number): Cell {
  const decision = decideAuthority(
    policy,
    roleId,
    [],
    { clientKey: SAMPLE_CLIENT, remedyId: remedy.id, amount: remedy.defaultAmount },
    now,
  );
  if (decision.allowed) return { kind: 'on-the-spot' };
  return decision.approverRoleLabel ? { kind: 'ask', approverRoleLabel: decision.approverRoleLabel } : { kind: 'no-one' };
}

/**
 * `cases`: a remedy at another amount than its default, each shown as a row of its own after the
 * remedy's (the dashboard's draft: the amount people asked for).
 */
export function authorityTable(
  policy: Policy,
  now: number,
  cases: readonly { remedyId: string; amount: number }[] = [],
): AuthorityTable {
  const currency = policy.firm.currency;
  const missing = ARTICLE_CASES.flatMap((c) => {
    const amount = toMinorUnits(c.amount, currency);
    if (typeof amount !== 'number') return [];
    const present = policy.remedies.some((r) => r.kind === c.kind && r.defaultAmount === amount);
    return present ? [] : [{ remedy: { id: c.id, label: c.id, kind: c.kind, defaultAmount: amount }, articleCase: c.labelKey }];
  });
  const withCases: Policy = { ...policy, remedies: [...policy.remedies, ...missing.map((m) => m.remedy)] };
  const rows: TableRow[] = [
    ...policy.remedies.flatMap((remedy) => [
      { remedy, articleCase: null as ArticleCase | null },
      ...cases
        .filter((c) => c.remedyId === remedy.id && c.amount !== remedy.defaultAmount)
        .map((c) => ({ remedy: { ...remedy, defaultAmount: c.amount }, articleCase: null as ArticleCase | null })),
    ]),
    ...missing,
  ].map(({ remedy, articleCase }) => ({
    remedyId: remedy.id,
    label: articleCase ? null : remedy.label,
    articleCase,
    amount: remedy.defaultAmount,
    cells: policy.roles.map((role) => cellFor(withCases, role.id, remedy, now)),
  }));
  return { roles: policy.roles.map((r) => ({ id: r.id, label: r.label })), rows };
}
