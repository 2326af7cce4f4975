import { getAt } from '@/utils/editor/document';
import { fieldId, useEditor } from './context';
import { FieldMessages, TextField } from './Field';
import { ListSection, freshId, textOf, useList } from './Groups';
import { messages, t } from '@/utils/i18n';

// Incident categories, each with the remedies the panel suggests first.

const STRINGS = messages({
  title: 'edCategoriesTitle',
  intro: 'edCategoriesIntro',
  label: 'edCategoriesLabel',
  id: 'edCategoriesId',
  suggested: 'edCategoriesSuggested',
  add: 'edCategoriesAdd',
  newLabel: 'edCategoriesNewLabel',
  unnamed: (n: number) => t('edUnnamedCategory', n),
});

/** The remedies the panel suggests first for a category, as ticks; each names its own problem. */
function SuggestedRemedies(props: { index: number }) {
  const editor = useEditor();
  const remedies = useList(['remedies']);
  const path = ['categories', props.index, 'suggestedRemedies'] as const;
  const chosen = getAt(editor.doc, path);
  const ids = Array.isArray(chosen) ? chosen.filter((x): x is string => typeof x === 'string') : [];
  const known = remedies.map((r) => textOf(r, 'id'));
  // A suggestion naming no remedy (a typo in a file) stays listed, so it can be seen and unticked.
  const options = [...known, ...ids.filter((id) => !known.includes(id))];
  const legendId = `${fieldId(path)}-legend`;
  return (
    <fieldset class="choices" aria-labelledby={legendId}>
      <legend id={legendId}>{STRINGS.suggested}</legend>
      {options.map((id) => {
        const remedy = remedies.find((r) => textOf(r, 'id') === id);
        const boxId = `${fieldId(path)}-${id}`;
        const index = ids.indexOf(id);
        return (
          <div key={id} class="choice">
            <label class="check" for={boxId}>
              <input
                id={boxId}
                type="checkbox"
                checked={index >= 0}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  editor.set(path, on ? [...ids, id] : ids.filter((x) => x !== id), STRINGS.suggested);
                }}
              />
              {(remedy && textOf(remedy, 'label')) || id}
            </label>
            {index >= 0 && <FieldMessages path={[...path, index]} />}
          </div>
        );
      })}
    </fieldset>
  );
}

export function CategoriesSection() {
  return (
    <ListSection
      listKey="categories"
      title={STRINGS.title}
      intro={STRINGS.intro}
      addLabel={STRINGS.add}
      unnamed={STRINGS.unnamed}
      fields={['label', 'id', 'suggestedRemedies']}
      newItem={(items) => ({ id: freshId(items, 'category'), label: STRINGS.newLabel, suggestedRemedies: [] })}
    >
      {(_category, i) => (
        <>
          <TextField path={['categories', i, 'label']} label={STRINGS.label} />
          <TextField path={['categories', i, 'id']} label={STRINGS.id} />
          <SuggestedRemedies index={i} />
        </>
      )}
    </ListSection>
  );
}
