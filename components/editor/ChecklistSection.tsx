import { NumberField, TextField } from './Field';
import { ListSection, freshId } from './Groups';
import { fieldId, useEditor } from './context';
import { getAt } from '@/utils/editor/document';
import { messages, t } from '@/utils/i18n';

// The recovery checklist: the steps of putting a mistake right, each with how soon it is due.

const STRINGS = messages({
  title: 'edChecklistTitle',
  intro: 'edChecklistIntro',
  label: 'edChecklistLabel',
  id: 'edChecklistId',
  due: 'edChecklistDue',
  dueHint: 'edChecklistDueHint',
  byGrant: 'edChecklistByGrant',
  add: 'edChecklistAdd',
  newLabel: 'edChecklistNewLabel',
  unnamed: (n: number) => t('edUnnamedStep', n),
});

/** A step a grant completes; unticked, the key leaves the document, as the policy's default. */
function ByGrantField({ index }: { index: number }) {
  const editor = useEditor();
  const path = ['checklist', index, 'completedByGrant'];
  const boxId = fieldId(path);
  return (
    <label class="check" for={boxId}>
      <input
        id={boxId}
        type="checkbox"
        checked={getAt(editor.doc, path) === true}
        onChange={(e) => editor.set(path, (e.currentTarget as HTMLInputElement).checked ? true : undefined, STRINGS.byGrant)}
      />
      {STRINGS.byGrant}
    </label>
  );
}

export function ChecklistSection() {
  return (
    <ListSection
      listKey="checklist"
      title={STRINGS.title}
      intro={STRINGS.intro}
      addLabel={STRINGS.add}
      unnamed={STRINGS.unnamed}
      fields={['label', 'id', 'dueWithinMinutes', 'completedByGrant']}
      newItem={(items) => ({ id: freshId(items, 'step'), label: STRINGS.newLabel })}
    >
      {(_step, i) => (
        <>
          <TextField path={['checklist', i, 'label']} label={STRINGS.label} />
          <TextField path={['checklist', i, 'id']} label={STRINGS.id} />
          <NumberField path={['checklist', i, 'dueWithinMinutes']} label={STRINGS.due} hint={STRINGS.dueHint} integer optional />
          <ByGrantField index={i} />
        </>
      )}
    </ListSection>
  );
}
