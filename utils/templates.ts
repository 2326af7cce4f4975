import { formatMoney } from './money';
import type { Policy } from './policy/types';
import { firstNameOf } from './people';

// The firm's templates are plain text with `{{variable}}` slots. Rendering is one substitution pass:
// a value that itself contains `{{…}}` (a client's name typed by anyone) is never expanded again.

export const TEMPLATE_VARIABLES = [
  'client.name',
  'client.firstName',
  'client.email',
  'amount',
  'remedy.label',
  'creditNote.number',
  'date',
  'staff.name',
  'staff.email',
  'firm.name',
  'incident.summary',
  'incident.category',
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

export interface TemplateContext {
  policy: Policy;
  clientName: string;
  clientEmail?: string;
  remedy?: { label: string; /** Minor units. */ amount: number };
  creditNoteNumber?: string;
  staff: { name: string; email: string };
  incident?: { summary: string; categoryLabel: string };
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
    'creditNote.number': ctx.creditNoteNumber ?? '',
    date: new Intl.DateTimeFormat(firm.locale, { dateStyle: 'long', timeZone: firm.timeZone }).format(
      ctx.now,
    ),
    'staff.name': ctx.staff.name,
    'staff.email': ctx.staff.email,
    'firm.name': firm.name,
    'incident.summary': ctx.incident?.summary ?? '',
    'incident.category': ctx.incident?.categoryLabel ?? '',
  };
}
