import { useEditor } from './context';
import { NumberField, TextField } from './Field';
import { ItemGroup, Section, freshId, textOf, useList } from './Groups';

// The recovery checklist: the steps of putting a mistake right, each with how soon it is due.

const STRINGS = {
  title: 'Recovery checklist',
  intro: 'The steps, in order, each due so many minutes after the incident is logged (0: at once).',
  label: 'Step',
  id: 'Id',
  due: 'Due within (minutes)',
  dueHint: 'Leave empty for no due time. 60 is an hour, 1440 a day.',
  add: 'Add step',
  newLabel: 'New step',
  unnamed: (n: number) => `Step ${n}`,
};

export function ChecklistSection() {
  const editor = useEditor();
  const steps = useList(['checklist']);
  return (
    <Section keys={['checklist']} title={STRINGS.title} intro={STRINGS.intro} shown={steps.map((_, i) => ['checklist', i])}>
      {steps.map((step, i) => (
        <ItemGroup
          key={i}
          path={['checklist', i]}
          name={textOf(step, 'label') || STRINGS.unnamed(i + 1)}
          fields={['label', 'id', 'dueWithinMinutes']}
          onRemove={() => editor.updateList(['checklist'], (items) => items.filter((_, j) => j !== i))}
        >
          <TextField path={['checklist', i, 'label']} label={STRINGS.label} />
          <TextField path={['checklist', i, 'id']} label={STRINGS.id} />
          <NumberField path={['checklist', i, 'dueWithinMinutes']} label={STRINGS.due} hint={STRINGS.dueHint} integer optional />
        </ItemGroup>
      ))}
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={() =>
            editor.updateList(['checklist'], (items) => [...items, { id: freshId(items, 'step'), label: STRINGS.newLabel }])
          }
        >
          {STRINGS.add}
        </button>
      </div>
    </Section>
  );
}
