import { REMEDY_KINDS } from '@/utils/policy/types';
import { NumberField, SelectField, TextField } from './Field';
import { ListSection, freshId, textOf, useList } from './Groups';

// The remedies catalogue: what can be given, at what default, and with which template.

const STRINGS = {
  title: 'Remedies',
  intro: 'Amounts in the firm’s currency. A maximum binds everyone, whatever their role.',
  label: 'Label',
  id: 'Id',
  kind: 'Kind',
  defaultAmount: 'Default amount',
  maxAmount: 'Maximum amount',
  maxHint: 'Leave empty for no maximum.',
  template: 'Template',
  noTemplate: 'No template',
  phrase: 'In an email',
  phraseHint: 'How an email names it once given, mid-sentence: “a credit of {{amount}} for the courier fee”. Empty: made from its kind and label.',
  add: 'Add remedy',
  newLabel: 'New remedy',
  unnamed: (n: number) => `Remedy ${n}`,
  kinds: { credit: 'Credit', refund: 'Refund', 'fee-waiver': 'Fee waiver', gift: 'Gift', apology: 'Apology only' },
} as const;

export function RemediesSection() {
  const templates = useList(['templates']).map((t) => ({
    value: textOf(t, 'id'),
    label: textOf(t, 'label') || textOf(t, 'id'),
  }));
  const kinds = REMEDY_KINDS.map((k) => ({ value: k, label: STRINGS.kinds[k] }));
  return (
    <ListSection
      listKey="remedies"
      title={STRINGS.title}
      intro={STRINGS.intro}
      addLabel={STRINGS.add}
      unnamed={STRINGS.unnamed}
      fields={['label', 'id', 'kind', 'defaultAmount', 'maxAmount', 'template', 'phrase']}
      newItem={(items) => ({ id: freshId(items, 'remedy'), label: STRINGS.newLabel, kind: 'credit', defaultAmount: 0 })}
    >
      {(_remedy, i) => (
        <>
          <TextField path={['remedies', i, 'label']} label={STRINGS.label} />
          <TextField path={['remedies', i, 'id']} label={STRINGS.id} renames="remedies" />
          <SelectField path={['remedies', i, 'kind']} label={STRINGS.kind} choices={kinds} />
          <NumberField path={['remedies', i, 'defaultAmount']} label={STRINGS.defaultAmount} />
          <NumberField path={['remedies', i, 'maxAmount']} label={STRINGS.maxAmount} hint={STRINGS.maxHint} optional />
          <SelectField
            path={['remedies', i, 'template']}
            label={STRINGS.template}
            choices={templates}
            optional={{ label: STRINGS.noTemplate }}
          />
          <TextField path={['remedies', i, 'phrase']} label={STRINGS.phrase} hint={STRINGS.phraseHint} optional />
        </>
      )}
    </ListSection>
  );
}
