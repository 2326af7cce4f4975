import { describe, expect, it } from 'vitest';
import {
  TEMPLATE_VARIABLES,
  buildTemplateValues,
  renderTemplate,
  templateVariablesUsed,
} from '@/utils/templates';
import type { Policy } from '@/utils/policy/types';
import { firstNameOf } from '@/utils/people';

const policy = {
  firm: { name: 'Harbor & Pine CPAs', currency: 'USD', locale: 'en-US', timeZone: 'America/New_York' },
} as Policy;

describe('templates', () => {
  it('lists exactly the documented variables', () => {
    expect([...TEMPLATE_VARIABLES].sort()).toEqual(
      [
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
      ].sort(),
    );
  });

  it('finds every slot once, in order, including unknown ones', () => {
    expect(templateVariablesUsed('{{ amount }} {{client.name}} {{amount}} {{client name}}')).toEqual([
      'amount',
      'client.name',
      'client name',
    ]);
  });

  it('fills subject and body', () => {
    const out = renderTemplate(
      { subject: 'Credit note {{creditNote.number}}', body: 'Dear {{client.firstName}}, {{ amount }}.' },
      { 'creditNote.number': 'CN-2026-0001', 'client.firstName': 'Alice', amount: '$20.00' },
    );
    expect(out).toEqual({ subject: 'Credit note CN-2026-0001', body: 'Dear Alice, $20.00.' });
  });

  it('never expands a value a second time', () => {
    const out = renderTemplate(
      { subject: '{{client.name}}', body: 'Hi {{client.name}} from {{firm.name}}' },
      { 'client.name': '{{firm.name}} <b>x</b>', 'firm.name': 'Harbor' },
    );
    expect(out.subject).toBe('{{firm.name}} <b>x</b>');
    expect(out.body).toBe('Hi {{firm.name}} <b>x</b> from Harbor');
  });

  it('renders missing and unknown variables as empty text', () => {
    expect(renderTemplate({ subject: 'a{{amount}}b', body: 'c{{nope}}d' }, {})).toEqual({
      subject: 'ab',
      body: 'cd',
    });
  });

  it('builds values in the firm currency, locale and time zone', () => {
    const values = buildTemplateValues({
      policy,
      clientName: '  Alice Smith ',
      clientEmail: 'alice@client.example',
      remedy: { label: 'Credit the courier fee', amount: 2000 },
      creditNoteNumber: 'CN-2026-0001',
      staff: { name: 'Ben Okafor', email: 'ben.okafor@harborpine.example' },
      incident: { summary: 'Sent the wrong way', categoryLabel: 'Billing error' },
      // 02:00 UTC on 2 Nov is still 1 Nov in New York.
      now: new Date('2026-11-02T02:00:00Z'),
    });
    expect(values).toEqual({
      'client.name': 'Alice Smith',
      'client.firstName': 'Alice',
      'client.email': 'alice@client.example',
      amount: '$20.00',
      'remedy.label': 'Credit the courier fee',
      // Without the remedy's id and kind there is no phrase to say it with.
      'remedy.phrase': '',
      'creditNote.number': 'CN-2026-0001',
      date: 'November 1, 2026',
      'staff.name': 'Ben Okafor',
      'staff.email': 'ben.okafor@harborpine.example',
      'firm.name': 'Harbor & Pine CPAs',
      'incident.summary': 'Sent the wrong way',
      'incident.category': 'Billing error',
      remedies: '',
      gifts: '',
      actions: '',
    });
  });

  it('formats yen without decimals and German dates', () => {
    const values = buildTemplateValues({
      policy: { firm: { name: 'K', currency: 'JPY', locale: 'de-DE', timeZone: 'Europe/Berlin' } } as Policy,
      clientName: '',
      clientEmail: 'max.mustermann@client.example',
      remedy: { label: 'Gutschrift', amount: 1500 },
      staff: { name: 'S', email: 's@k.example' },
      now: new Date('2026-03-05T12:00:00Z'),
    });
    expect(values.amount).toBe('1.500\u00a0¥');
    expect(values.date).toBe('5. März 2026');
    expect(values['client.firstName']).toBe('Max');
  });

  it('takes the first name from the name, else from the email', () => {
    expect(firstNameOf('Dev Patel')).toBe('Dev');
    expect(firstNameOf('', 'carla_meyer@x.example')).toBe('Carla');
    expect(firstNameOf('  ')).toBe('');
  });

  it('greets a client known only by email by the email\'s first name, not the address', () => {
    const values = buildTemplateValues({
      policy,
      clientName: 'alice.baker@bakerbakery.example',
      clientEmail: 'alice.baker@bakerbakery.example',
      staff: { name: 'Ana Ruiz', email: 'ana.ruiz@harborpine.example' },
      now: new Date('2026-11-25T12:00:00Z'),
    });
    expect(values['client.firstName']).toBe('Alice');
  });
});
