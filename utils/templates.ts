import { formatMoney } from './money';
import type { Policy, RemedyKind, Template } from './policy/types';
import { firstNameOf } from './people';

// The firm's templates are plain text with `{{variable}}` slots. Rendering is one substitution pass:
// a value that itself contains `{{…}}` (a client's name typed by anyone) is never expanded again.

export const TEMPLATE_VARIABLES = [
  'client.name',
  'client.firstName',
  'client.email',
  'amount',
  'remedy.label',
  'remedy.phrase',
  'creditNote.number',
  'date',
  'staff.name',
  'staff.email',
  'firm.name',
  'incident.summary',
  'incident.category',
  'remedies',
  'gifts',
  'actions',
] as const;

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** Values for the slots; a missing value renders as an empty string. */
export type TemplateValues = Partial<Record<TemplateVariable, string>>;

const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

export function isTemplateVariable(name: string): name is TemplateVariable {
  return KNOWN.has(name);
}

// Anything between double braces is a slot, so a typo such as `{{client name}}` is reported by the
// policy check instead of silently reaching a client.
const SLOT = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The slot names a text uses, each once, in order of first use (known or not). */
export function templateVariablesUsed(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(SLOT)) names.add(match[1] ?? '');
  return [...names];
}

function fill(text: string, values: TemplateValues): string {
  return text.replace(SLOT, (_slot, name: string) =>
    isTemplateVariable(name) ? (values[name] ?? '') : '',
  );
}

/** Fills a template's subject and body; the result is plain text, never HTML. */
export function renderTemplate(
  template: { subject: string; body: string },
  values: TemplateValues,
): { subject: string; body: string } {
  return { subject: fill(template.subject, values), body: fill(template.body, values) };
}

/** The variables that speak of something given: a template using one waits for a grant. */
export const REMEDY_VARIABLES: readonly TemplateVariable[] = ['amount', 'remedy.label', 'remedy.phrase', 'creditNote.number', 'remedies', 'gifts'];

/** A remedy given in an incident, as a template names it. */
export interface GivenRemedy {
  remedyId: string;
  label: string;
  kind: RemedyKind;
  /** Minor units. */
  amount: number;
  /** Someone other than the client the gift goes to, as the letter to the client says it ("your mother"). */
  for?: string;
}

/** Slots a remedy's phrase may use. */
export const PHRASE_VARIABLES = ['amount'] as const;

const KIND_PHRASE: Record<RemedyKind, string | null> = {
  credit: 'a credit of {{amount}} ({{label}})',
  refund: 'a refund of {{amount}} ({{label}})',
  'fee-waiver': 'a fee waiver of {{amount}} ({{label}})',
  gift: 'a gift ({{label}}, {{amount}})',
  apology: null,
};

/**
 * How an email names one remedy given: the policy's phrase for it ("a credit of {{amount}} for the
 * courier fee"), else one made from its kind and label; a gift for someone else says for whom.
 * Null for an apology, which gives nothing to name.
 */
export function remedyPhrase(policy: Policy, given: GivenRemedy): string | null {
  const { currency, locale } = policy.firm;
  const phrase = policy.remedies.find((r) => r.id === given.remedyId)?.phrase ?? KIND_PHRASE[given.kind];
  if (phrase === null) return null;
  const amount = formatMoney(given.amount, currency, locale);
  // One pass, as templates: a label containing "{{amount}}" stays as it is.
  const named = phrase.replace(SLOT, (_slot, name: string) => (name === 'amount' ? amount : name === 'label' ? given.label : ''));
  const recipient = given.for?.trim();
  return given.kind === 'gift' && recipient ? `${named} for ${recipient}` : named;
}

/** `remedy.phrase`: the remedy in the policy's words, else made from its kind and label; empty without its id and kind. */
function phraseOf(policy: Policy, remedy: NonNullable<TemplateContext['remedy']>): string {
  if (!remedy.remedyId || !remedy.kind) return '';
  return remedyPhrase(policy, { remedyId: remedy.remedyId, label: remedy.label, kind: remedy.kind, amount: remedy.amount }) ?? '';
}

/** Every remedy given (apologies aside), named and joined as a sentence in the firm's language. */
export function remediesSentence(policy: Policy, given: readonly GivenRemedy[]): string {
  const phrases = given.map((g) => remedyPhrase(policy, g)).filter((p): p is string => p !== null);
  return new Intl.ListFormat(policy.firm.locale, { type: 'conjunction' }).format(phrases);
}

/**
 * Whether a template fits what was given: one that speaks of a remedy only once a remedy that uses
 * it (or, when no remedy names it, any remedy) is given; one that speaks of none always.
 */
export function templateFits(policy: Policy, template: Template, given: readonly Pick<GivenRemedy, 'remedyId' | 'kind'>[]): boolean {
  const used = templateVariablesUsed(`${template.subject}\n${template.body}`);
  if (!REMEDY_VARIABLES.some((v) => used.includes(v))) return true;
  const owners = policy.remedies.filter((r) => r.template === template.id).map((r) => r.id);
  const money = given.filter((g) => g.kind !== 'apology');
  if (used.includes('gifts') && !money.some((g) => g.kind === 'gift')) return false;
  return owners.length === 0 ? money.length > 0 : given.some((g) => owners.includes(g.remedyId));
}

export interface TemplateContext {
  policy: Policy;
  clientName: string;
  clientEmail?: string;
  /** The one remedy a single-remedy slot names; with its id and kind, `remedy.phrase` says it in the policy's words. */
  remedy?: { label: string; /** Minor units. */ amount: number; remedyId?: string; kind?: RemedyKind };
  creditNoteNumber?: string;
  staff: { name: string; email: string };
  incident?: { summary: string; categoryLabel: string };
  /** Everything given in the incident, in order; `remedy` is the one a single-remedy slot names. */
  given?: readonly GivenRemedy[];
  /** What we are doing to put it right, as the person wrote it. */
  actions?: string;
  now: Date;
}

/** The values every template can use, formatted in the firm's currency, locale and time zone. */
export function buildTemplateValues(ctx: TemplateContext): TemplateValues {
  const { firm } = ctx.policy;
  return {
    'client.name': ctx.clientName.trim(),
    'client.firstName': firstNameOf(ctx.clientName, ctx.clientEmail),
    'client.email': ctx.clientEmail ?? '',
    amount: ctx.remedy ? formatMoney(ctx.remedy.amount, firm.currency, firm.locale) : '',
    'remedy.label': ctx.remedy?.label ?? '',
    'remedy.phrase': ctx.remedy ? phraseOf(ctx.policy, ctx.remedy) : '',
    'creditNote.number': ctx.creditNoteNumber ?? '',
    date: new Intl.DateTimeFormat(firm.locale, { dateStyle: 'long', timeZone: firm.timeZone }).format(
      ctx.now,
    ),
    'staff.name': ctx.staff.name,
    'staff.email': ctx.staff.email,
    'firm.name': firm.name,
    'incident.summary': ctx.incident?.summary ?? '',
    'incident.category': ctx.incident?.categoryLabel ?? '',
    remedies: remediesSentence(ctx.policy, ctx.given ?? []),
    gifts: remediesSentence(ctx.policy, (ctx.given ?? []).filter((g) => g.kind === 'gift')),
    actions: ctx.actions?.trim() ?? '',
  };
}
