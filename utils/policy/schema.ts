import { z } from 'zod';
import { toMinorUnits } from '../money';
import { REMEDY_KINDS, type Policy } from './types';
import { ID_PATTERN, checkPolicyReferences } from './references';
import { EMAIL_ADDRESS, normaliseEmail } from '../people';
import { serverUrlProblem } from '../server-url';
import { t, type MessageKey } from '../i18n';

/** A message for zod, looked up when the issue is raised: in the language of whoever reads it. */
const says = (key: MessageKey) => ({ error: () => t(key) });

// The firm's policy document, schemaVersion 1. The JSON edge has decimal amounts; parsing yields a
// `Policy` whose amounts are integer minor units of `firm.currency`. A policy is hostile input until
// it passes: every string and list is bounded, unknown keys are refused, and every cross-reference
// is checked with a message that names its JSON path.

const POLICY_SCHEMA_VERSION = 1;

const LIMITS = {
  id: 64,
  label: 200,
  subject: 500,
  body: 20_000,
  selector: 300,
  pattern: 500,
  roles: 50,
  staff: 5_000,
  remedies: 200,
  categories: 200,
  checklist: 50,
  templates: 100,
  detectors: 50,
  matches: 20,
} as const;

const id = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(ID_PATTERN, says('valIdChars'));

const label = z.string().trim().min(1).max(LIMITS.label);

/** A decimal amount in the firm's currency; converted to minor units once the currency is known. */
const amount = z.number().min(0, says('valNotNegative'));

/** A cap: a decimal amount, or null for no cap. */
const cap = amount.nullable();

const email = z
  .string()
  .max(254)
  .overwrite(normaliseEmail)
  .regex(EMAIL_ADDRESS, says('valEmail'));

const selector = z.strictObject({
  selector: z.string().trim().min(1).max(LIMITS.selector).meta({ description: 'CSS selector' }),
});

export const policyInputSchema = z
  .strictObject({
    $schema: z.string().max(2_000).optional(),
    schemaVersion: z.literal(POLICY_SCHEMA_VERSION),
    policyVersion: z
      .string()
      .trim()
      .min(1)
      .max(LIMITS.id)
      .meta({ description: 'Raise it with every change, e.g. "2026-11-01"; an older version is refused.' }),
    firm: z.strictObject({
      name: label,
      currency: z.string().meta({ description: 'ISO 4217 code, e.g. "USD"' }),
      locale: z.string().max(LIMITS.id).meta({ description: 'BCP 47 tag, e.g. "en-US"' }),
      timeZone: z.string().max(LIMITS.id).meta({ description: 'IANA zone, e.g. "America/New_York"' }),
    }),
    roles: z
      .array(
        z.strictObject({
          id,
          label,
          perIncident: cap.meta({ description: 'Most one person in this role may give per incident; null = no cap.' }),
          perClientPerYear: cap.meta({
            description: 'Most given to one client over a rolling 365 days; null = no cap.',
          }),
          approverRole: id.optional().meta({ description: 'Role that approves above these limits.' }),
        }),
      )
      .min(1)
      .max(LIMITS.roles),
    staff: z
      .array(
        z.strictObject({
          email,
          name: label,
          role: id,
          code: z
            .string()
            .regex(/^[A-Z][A-Z0-9]{0,5}$/, says('valCode'))
            .optional()
            .meta({ description: 'Their own credit-note series, e.g. "AR" numbers CN-2026-AR-0001.' }),
          standIn: email.optional().meta({
            description: "A colleague on the staff list asked in their place while they are away (if that colleague's limits cover the request); absent = the next approver up.",
          }),
        }),
      )
      .max(LIMITS.staff),
    remedies: z
      .array(
        z.strictObject({
          id,
          label,
          kind: z.enum(REMEDY_KINDS),
          defaultAmount: amount,
          maxAmount: amount.optional().meta({ description: 'Binds everyone, whatever their role.' }),
          template: id.optional(),
          phrase: z.string().trim().min(1).max(LIMITS.label).optional().meta({
            description:
              'How an email names it once given, in the middle of a sentence, e.g. "a credit of {{amount}} for the courier fee" or "get-well flowers ({{amount}})"; may use {{amount}}.',
          }),
        }),
      )
      .max(LIMITS.remedies),
    categories: z
      .array(z.strictObject({ id, label, suggestedRemedies: z.array(id).max(LIMITS.remedies) }))
      .max(LIMITS.categories),
    checklist: z
      .array(
        z.strictObject({
          id,
          label,
          dueWithinMinutes: z.number().int().min(0, says('valNotNegative')).max(525_600).optional(),
          completedByGrant: z
            .boolean()
            .optional()
            .meta({ description: 'Ticked when a remedy is granted or approved (e.g. "Record what was given").' }),
        }),
      )
      .max(LIMITS.checklist),
    creditNotes: z.strictObject({
      prefix: z
        .string()
        .min(1)
        .max(20)
        .regex(/^[A-Za-z0-9][A-Za-z0-9/_-]*$/, says('valPathChars')),
    }),
    templates: z
      .array(
        z.strictObject({
          id,
          label,
          subject: z.string().max(LIMITS.subject),
          body: z.string().max(LIMITS.body),
        }),
      )
      .max(LIMITS.templates),
    detectors: z
      .array(
        z.strictObject({
          id,
          label,
          matches: z.array(z.string().max(LIMITS.pattern)).min(1).max(LIMITS.matches),
          email: selector.optional(),
          name: selector.optional(),
          recordId: z
            .strictObject({
              urlPattern: z
                .string()
                .min(1)
                .max(LIMITS.pattern)
                .meta({ description: 'Regular expression over the URL; its first group is the record id.' }),
            })
            .optional(),
        }),
      )
      .max(LIMITS.detectors)
      .default([]),
    sync: z
      .strictObject({
        refreshMinutes: z.number().int().min(5).max(10_080).default(60),
      })
      .default({ refreshMinutes: 60 }),
    ledger: z
      .strictObject({
        url: z
          .string()
          .trim()
          .max(2_000)
          .superRefine((url, ctx) => {
            const problem = ledgerUrlProblem(url);
            if (problem) ctx.addIssue({ code: 'custom', message: problem, input: url });
          })
          .meta({ description: "The firm's CouchDB database, e.g. \"https://ledger.example-firm.com/make-it-right\"" }),
        escalateAfterMinutes: z
          .number()
          .int()
          .min(1)
          .max(10_080)
          .default(30)
          .meta({ description: 'A request for approval not answered in this many minutes also goes to the next approver up.' }),
        offlineAllowanceHours: z
          .number()
          .int()
          .min(1)
          .max(720)
          .default(72)
          .meta({
            description:
              'How long a browser may work offline: the server refuses records older than this when they arrive (and any dated in the future).',
          }),
      })
      .optional()
      .meta({ description: "The firm's shared ledger; without it each browser keeps its own." }),
  })
  .meta({ title: 'Make It Right firm policy', description: 'Schema version 1.' });

type PolicyInput = z.output<typeof policyInputSchema>;

/** The published policy names the database; each person signs in as themselves, so no credentials. */
export function ledgerUrlProblem(url: string): string | null {
  const problem = serverUrlProblem(url, 'ledger');
  if (problem) return problem;
  const parsed = new URL(url);
  if (parsed.username || parsed.password) return t('valLedgerCredentials');
  if (parsed.search || parsed.hash) return t('valLedgerNoQuery');
  if (parsed.pathname.replace(/\/+$/, '') === '') return t('valLedgerNoDb');
  return null;
}
function minor(value: number, currency: string): number {
  const result = toMinorUnits(value, currency);
  // Unreachable after checkPolicyReferences; kept loud rather than storing a wrong amount.
  if (typeof result === 'string') throw new RangeError(result);
  return result;
}

function toPolicy(p: PolicyInput): Policy {
  const c = p.firm.currency;
  const capOf = (value: number | null) => (value === null ? null : minor(value, c));
  return {
    ...(p.$schema !== undefined ? { $schema: p.$schema } : {}),
    schemaVersion: 1,
    policyVersion: p.policyVersion,
    firm: p.firm,
    roles: p.roles.map((r) => ({
      id: r.id,
      label: r.label,
      perIncident: capOf(r.perIncident),
      perClientPerYear: capOf(r.perClientPerYear),
      ...(r.approverRole !== undefined ? { approverRole: r.approverRole } : {}),
    })),
    staff: p.staff,
    remedies: p.remedies.map((r) => ({
      id: r.id,
      label: r.label,
      kind: r.kind,
      defaultAmount: minor(r.defaultAmount, c),
      ...(r.maxAmount !== undefined ? { maxAmount: minor(r.maxAmount, c) } : {}),
      ...(r.template !== undefined ? { template: r.template } : {}),
      ...(r.phrase !== undefined ? { phrase: r.phrase } : {}),
    })),
    categories: p.categories,
    checklist: p.checklist.map((s) => ({
      id: s.id,
      label: s.label,
      ...(s.dueWithinMinutes !== undefined ? { dueWithinMinutes: s.dueWithinMinutes } : {}),
      ...(s.completedByGrant ? { completedByGrant: true } : {}),
    })),
    creditNotes: p.creditNotes,
    templates: p.templates,
    detectors: p.detectors.map((d) => ({
      id: d.id,
      label: d.label,
      matches: d.matches,
      ...(d.email ? { email: d.email } : {}),
      ...(d.name ? { name: d.name } : {}),
      ...(d.recordId ? { recordId: d.recordId } : {}),
    })),
    sync: p.sync,
    ...(p.ledger
      ? {
          ledger: {
            url: p.ledger.url.replace(/\/+$/, ''),
            escalateAfterMinutes: p.ledger.escalateAfterMinutes,
            offlineAllowanceHours: p.ledger.offlineAllowanceHours,
          },
        }
      : {}),
  };
}

/** JSON in, `Policy` (minor units) out. */
export const policySchema = policyInputSchema
  .superRefine((input, ctx) => {
    // Each issue carries the value it is about: without one, zod attaches the whole document to every
    // issue and stringifies them all, which for thousands of duplicate ids takes seconds, then throws.
    const valueAt = (path: (string | number)[]): unknown =>
      path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], input) ?? '';
    checkPolicyReferences(input, (path, message) =>
      ctx.addIssue({ code: 'custom', path, message, input: valueAt(path) }),
    );
  })
  .transform(toPolicy);

// The schema's output and the `Policy` the rest of the product uses must stay the same type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type PolicySchemaMatchesPolicy = Same<z.output<typeof policySchema>, Policy> extends true
  ? true
  : never;
const schemaMatchesPolicy: PolicySchemaMatchesPolicy = true;
void schemaMatchesPolicy;
