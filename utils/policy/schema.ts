import { z } from 'zod';
import { isKnownCurrency, toMinorUnits } from '../money';
import { PHRASE_VARIABLES, isTemplateVariable, templateVariablesUsed } from '../templates';
import { REMEDY_KINDS, type Policy } from './types';
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
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, says('valIdChars'));

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
type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

// The cross-reference checks read the document loosely: they also run on a document whose shape is
// wrong (a field of the wrong type, an unknown key), so that an admin sees every error at once, and
// each check looks only at the values that have the type it needs; the shape reports the rest.
type Loose = Record<string, unknown>;
const objectOf = (value: unknown): Loose | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : undefined;
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const amountOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
/** A reference worth checking: a well-formed id (a malformed one is reported by the shape). */
const referenceOf = (value: unknown): string | undefined => (id.safeParse(value).success ? (value as string) : undefined);
/** The items of a list as objects (undefined where an item is not one), at their own index. */
const itemsOf = (value: unknown): (Loose | undefined)[] => listOf(value).map(objectOf);

function checkUnique(items: readonly (Loose | undefined)[], list: string, report: Report): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const itemId = textOf(item?.id);
    if (itemId === undefined) return;
    if (seen.has(itemId)) report([list, i, 'id'], t('valDuplicateId', itemId));
    seen.add(itemId);
  });
}

/** The ids a list declares, well-formed or not: a reference to a declared id is never "unknown". */
function idsOf(items: readonly (Loose | undefined)[]): Set<string> {
  return new Set(items.map((item) => textOf(item?.id)).filter((v): v is string => v !== undefined));
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

const MATCH_PATTERN = /^(\*|https?):\/\/(\*|(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*)(:\d{1,5})?\/\S*$/i;

/**
 * A conservative syntax check without a DOM: balanced brackets and quotes, no declaration blocks,
 * no dangling combinator or comma. It refuses what is obviously not a selector.
 */
function looksLikeCssSelector(text: string): boolean {
  const s = text.trim();
  if (!s || /^[>+~,]/.test(s) || /[>+~,]$/.test(s) || /,\s*,/.test(s)) return false;
  let quote: string | null = null;
  let brackets = 0;
  let parens = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') brackets++;
    else if (c === ']') brackets--;
    else if (c === '(') parens++;
    else if (c === ')') parens--;
    else if (c === '{' || c === '}' || c === ';') return false;
    if (brackets < 0 || parens < 0) return false;
  }
  return quote === null && brackets === 0 && parens === 0;
}

function checkRecordPattern(pattern: string): string | null {
  try {
    const groups = (new RegExp(`${pattern}|`).exec('')?.length ?? 1) - 1;
    return groups >= 1 ? null : t('valNeedsGroup');
  } catch {
    return t('valBadRegex');
  }
}

interface ChainLink {
  /** The role's index in `roles`. */
  at: number;
  id: string;
  approverRole: string | undefined;
}

function checkApproverChains(roles: readonly ChainLink[], report: Report): void {
  const index = new Map(roles.map((r, i) => [r.id, i]));
  roles.forEach((role, start) => {
    const chain = [role.id];
    let at = role.approverRole !== undefined ? index.get(role.approverRole) : undefined;
    while (at !== undefined && at !== start && chain.length <= roles.length) {
      const next = roles[at]!;
      chain.push(next.id);
      at = next.approverRole !== undefined ? index.get(next.approverRole) : undefined;
    }
    // Report each loop once, at the first role (in document order) that belongs to it.
    if (at !== start) return;
    const members = chain.map((rid) => index.get(rid)!);
    if (Math.min(...members) !== start) return;
    report(['roles', role.at, 'approverRole'], t('valChainLoops', [...chain, role.id].join(' → ')));
  });
}

/**
 * Cross-reference checks that a JSON Schema cannot express. `input` is the policy as JSON, well-formed
 * or not: they run with the shape's checks, so every error of a document is reported at once.
 */
export function checkPolicyReferences(input: unknown, report: Report): void {
  const p = objectOf(input) ?? {};
  const firm = objectOf(p.firm) ?? {};
  const currency = textOf(firm.currency);
  const currencyKnown = currency !== undefined && isKnownCurrency(currency);
  if (currency !== undefined && !currencyKnown) report(['firm', 'currency'], t('valUnknownCurrency', currency));
  const locale = textOf(firm.locale);
  if (locale !== undefined && !isLocale(locale)) report(['firm', 'locale'], t('valInvalidLocale', locale));
  const timeZone = textOf(firm.timeZone);
  if (timeZone !== undefined && !isTimeZone(timeZone)) report(['firm', 'timeZone'], t('valUnknownTimeZone', timeZone));

  const roles = itemsOf(p.roles);
  const remedies = itemsOf(p.remedies);
  const categories = itemsOf(p.categories);
  const templates = itemsOf(p.templates);
  const detectors = itemsOf(p.detectors);
  checkUnique(roles, 'roles', report);
  checkUnique(remedies, 'remedies', report);
  checkUnique(categories, 'categories', report);
  checkUnique(itemsOf(p.checklist), 'checklist', report);
  checkUnique(templates, 'templates', report);
  checkUnique(detectors, 'detectors', report);

  const roleIds = idsOf(roles);
  const remedyIds = idsOf(remedies);
  const templateIds = idsOf(templates);

  const money = (path: Path, value: unknown): void => {
    // Negative amounts are refused by the shape; an unknown currency is reported above.
    const amount = amountOf(value);
    if (amount === undefined || amount < 0 || !currencyKnown) return;
    const minor = toMinorUnits(amount, currency);
    if (typeof minor === 'string') report(path, minor);
  };

  const links: ChainLink[] = [];
  roles.forEach((role, i) => {
    if (!role) return;
    money(['roles', i, 'perIncident'], role.perIncident);
    money(['roles', i, 'perClientPerYear'], role.perClientPerYear);
    const approver = referenceOf(role.approverRole);
    if (approver !== undefined && !roleIds.has(approver)) {
      report(['roles', i, 'approverRole'], t('valUnknownRole', approver));
    }
    const roleId = textOf(role.id);
    if (roleId !== undefined) links.push({ at: i, id: roleId, approverRole: approver });
  });
  checkApproverChains(links, report);

  const emails = new Set<string>();
  const codes = new Set<string>();
  itemsOf(p.staff).forEach((member, i) => {
    if (!member) return;
    const address = textOf(member.email);
    if (address !== undefined) {
      const normalised = normaliseEmail(address);
      if (emails.has(normalised)) report(['staff', i, 'email'], t('valDuplicateEmail', normalised));
      emails.add(normalised);
    }
    const code = textOf(member.code);
    if (code !== undefined) {
      if (codes.has(code)) report(['staff', i, 'code'], t('valDuplicateCode', code));
      codes.add(code);
    }
    const role = referenceOf(member.role);
    if (role !== undefined && !roleIds.has(role)) report(['staff', i, 'role'], t('valUnknownRole', role));
  });

  remedies.forEach((remedy, i) => {
    if (!remedy) return;
    money(['remedies', i, 'defaultAmount'], remedy.defaultAmount);
    money(['remedies', i, 'maxAmount'], remedy.maxAmount);
    const defaultAmount = amountOf(remedy.defaultAmount);
    const maxAmount = amountOf(remedy.maxAmount);
    if (defaultAmount !== undefined && maxAmount !== undefined && defaultAmount > maxAmount) {
      report(['remedies', i, 'defaultAmount'], t('valDefaultOverMax'));
    }
    const template = referenceOf(remedy.template);
    if (template !== undefined && !templateIds.has(template)) {
      report(['remedies', i, 'template'], t('valUnknownTemplate', template));
    }
    for (const name of templateVariablesUsed(textOf(remedy.phrase) ?? '')) {
      if (!(PHRASE_VARIABLES as readonly string[]).includes(name)) {
        report(['remedies', i, 'phrase'], t('valUnknownPhraseVariable', `{{${name}}}`, '{{amount}}'));
      }
    }
  });

  categories.forEach((category, i) => {
    listOf(category?.suggestedRemedies).forEach((suggested, j) => {
      const rid = referenceOf(suggested);
      if (rid !== undefined && !remedyIds.has(rid)) {
        report(['categories', i, 'suggestedRemedies', j], t('valUnknownRemedy', rid));
      }
    });
  });

  templates.forEach((template, i) => {
    for (const field of ['subject', 'body'] as const) {
      for (const name of templateVariablesUsed(textOf(template?.[field]) ?? '')) {
        if (!isTemplateVariable(name)) report(['templates', i, field], t('valUnknownVariable', `{{${name}}}`));
      }
    }
  });

  detectors.forEach((detector, i) => {
    if (!detector) return;
    listOf(detector.matches).forEach((pattern, j) => {
      if (typeof pattern === 'string' && !MATCH_PATTERN.test(pattern)) {
        report(['detectors', i, 'matches', j], t('valBadMatch', pattern));
      }
    });
    for (const field of ['email', 'name'] as const) {
      const sel = textOf(objectOf(detector[field])?.selector);
      if (sel !== undefined && !looksLikeCssSelector(sel)) {
        report(['detectors', i, field, 'selector'], t('valBadSelector', sel));
      }
    }
    if (detector.email === undefined && detector.name === undefined) report(['detectors', i], t('valNeedsSelector'));
    const urlPattern = textOf(objectOf(detector.recordId)?.urlPattern);
    if (urlPattern !== undefined) {
      const problem = checkRecordPattern(urlPattern);
      if (problem) report(['detectors', i, 'recordId', 'urlPattern'], problem);
    }
  });
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
      ? { ledger: { url: p.ledger.url.replace(/\/+$/, ''), escalateAfterMinutes: p.ledger.escalateAfterMinutes } }
      : {}),
  };
}

/** JSON in, `Policy` (minor units) out. */
export const policySchema = policyInputSchema
  .superRefine((input, ctx) => {
    // Each issue carries the value it is about: without one, zod attaches the whole document to every
    // issue and stringifies them all, which for thousands of duplicate ids takes seconds, then throws.
    const valueAt = (path: Path): unknown =>
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
