import { REMEDY_KINDS } from '@/utils/policy/types';
import { useEditor } from './context';
import { NumberField, SelectField, TextField } from './Field';
import { ItemGroup, Section, freshId, textOf, useList } from './Groups';

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
  add: 'Add remedy',
  newLabel: 'New remedy',
  unnamed: (n: number) => `Remedy ${n}`,
  kinds: { credit: 'Credit', refund: 'Refund', 'fee-waiver': 'Fee waiver', gift: 'Gift', apology: 'Apology only' },
} as const;

const REMEDY_FIELDS = ['label', 'id', 'kind', 'defaultAmount', 'maxAmount', 'template'];

export function RemediesSection() {
  const editor = useEditor();
  const remedies = useList(['remedies']);
  const templates = useList(['templates']).map((t) => ({
    value: textOf(t, 'id'),
    label: textOf(t, 'label') || textOf(t, 'id'),
  }));
  const kinds = REMEDY_KINDS.map((k) => ({ value: k, label: STRINGS.kinds[k] }));
  return (
    <Section keys={['remedies']} title={STRINGS.title} intro={STRINGS.intro} shown={remedies.map((_, i) => ['remedies', i])}>
      {remedies.map((remedy, i) => {
        const name = textOf(remedy, 'label') || STRINGS.unnamed(i + 1);
        return (
          <ItemGroup
            key={i}
            path={['remedies', i]}
            name={name}
            fields={REMEDY_FIELDS}
            onRemove={() => editor.updateList(['remedies'], (items) => items.filter((_, j) => j !== i))}
          >
            <TextField path={['remedies', i, 'label']} label={STRINGS.label} />
            <TextField path={['remedies', i, 'id']} label={STRINGS.id} />
            <SelectField path={['remedies', i, 'kind']} label={STRINGS.kind} choices={kinds} />
            <NumberField path={['remedies', i, 'defaultAmount']} label={STRINGS.defaultAmount} />
            <NumberField path={['remedies', i, 'maxAmount']} label={STRINGS.maxAmount} hint={STRINGS.maxHint} optional />
            <SelectField
              path={['remedies', i, 'template']}
              label={STRINGS.template}
              choices={templates}
              optional={{ label: STRINGS.noTemplate }}
            />
          </ItemGroup>
        );
      })}
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={() =>
            editor.updateList(['remedies'], (items) => [
              ...items,
              { id: freshId(items, 'remedy'), label: STRINGS.newLabel, kind: 'credit', defaultAmount: 0 },
            ])
          }
        >
          {STRINGS.add}
        </button>
      </div>
    </Section>
  );
}
