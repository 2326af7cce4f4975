import { isKnownCurrency, toMinorUnits } from '../money';
import { PHRASE_VARIABLES, isTemplateVariable, templateVariablesUsed } from '../templates';
import { normaliseEmail } from '../people';
import { t } from '../i18n';

// The policy's cross-references and the rules a JSON Schema cannot express (unknown roles, remedies
// and templates, duplicate ids, approver loops, amounts finer than the currency, patterns that do not
// compile). utils/policy/schema.ts runs them with the shape's checks, and parse.ts runs them on a
// document whose shape is wrong too, so that every error of a document is reported at once.

/** What an id looks like: roles, remedies, categories, steps, templates, detectors. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

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
const referenceOf = (value: unknown): string | undefined =>
  typeof value === 'string' && ID_PATTERN.test(value) ? value : undefined;
/** The items of a list as objects (undefined where an item is not one), at their own index. */
const itemsOf = (value: unknown): (Loose | undefined)[] => listOf(value).map(objectOf);

/** The roles that approve for another role (some role names them as its approver): who may stand in. */
export function approvingRoles(roles: readonly unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const role of itemsOf(roles)) {
    const approver = referenceOf(role?.approverRole);
    if (approver !== undefined && approver !== textOf(role?.id)) ids.add(approver);
  }
  return ids;
}

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

/**
 * Each loop in the approver chains, reported once at its first role in document order. Linear in the
 * number of roles (each is walked once), so a hostile policy with thousands of roles costs nothing.
 */
function checkApproverChains(roles: readonly ChainLink[], report: Report): void {
  const index = new Map(roles.map((r, i) => [r.id, i]));
  const approverOf = roles.map((r) => (r.approverRole !== undefined ? index.get(r.approverRole) : undefined));
  // 0: not yet seen; 1: on the walk in progress; 2: seen on an earlier walk.
  const state = new Uint8Array(roles.length);
  roles.forEach((_, start) => {
    const walk: number[] = [];
    let at: number | undefined = start;
    while (at !== undefined && state[at] === 0) {
      state[at] = 1;
      walk.push(at);
      at = approverOf[at];
    }
    if (at !== undefined && state[at] === 1) {
      const loop = walk.slice(walk.indexOf(at));
      const first = loop.reduce((a, b) => Math.min(a, b));
      const from = loop.indexOf(first);
      const chain = [...loop.slice(from), ...loop.slice(0, from), first].map((i) => roles[i]!.id);
      report(['roles', roles[first]!.at, 'approverRole'], t('valChainLoops', chain.join(' → ')));
    }
    for (const visited of walk) state[visited] = 2;
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
  // A stand-in is a colleague on the list who approves for someone, never the person themselves.
  const approving = approvingRoles(listOf(p.roles));
  // While an approver role is misnamed (already reported), who approves is not known: no second error.
  const chainsKnown = roles.every((role) => role?.approverRole === undefined || roleIds.has(textOf(role.approverRole) ?? ''));
  const roleOf = new Map(itemsOf(p.staff).map((m) => [normaliseEmail(textOf(m?.email) ?? ''), textOf(m?.role)]));
  itemsOf(p.staff).forEach((member, i) => {
    const standIn = member ? textOf(member.standIn) : undefined;
    if (standIn === undefined) return;
    const normalised = normaliseEmail(standIn);
    if (!emails.has(normalised)) report(['staff', i, 'standIn'], t('valUnknownStandIn', normalised));
    else if (normalised === normaliseEmail(textOf(member!.email) ?? '')) report(['staff', i, 'standIn'], t('valOwnStandIn'));
    else if (chainsKnown && !approving.has(roleOf.get(normalised) ?? '')) report(['staff', i, 'standIn'], t('valStandInNotApprover', normalised));
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
