import { NumberField, TextField } from './Field';
import { ListSection, freshId } from './Groups';
import { t } from '@/utils/i18n';

// The recovery checklist: the steps of putting a mistake right, each with how soon it is due.

const STRINGS = {
  get title() {
    return t('edChecklistTitle');
  },
  get intro() {
    return t('edChecklistIntro');
  },
  get label() {
    return t('edChecklistLabel');
  },
  get id() {
    return t('edChecklistId');
  },
  get due() {
    return t('edChecklistDue');
  },
  get dueHint() {
    return t('edChecklistDueHint');
  },
  get add() {
    return t('edChecklistAdd');
  },
  get newLabel() {
    return t('edChecklistNewLabel');
  },
  unnamed: (n: number) => t('edUnnamedStep', n),
};

export function ChecklistSection() {
  return (
    <ListSection
      listKey="checklist"
      title={STRINGS.title}
      intro={STRINGS.intro}
      addLabel={STRINGS.add}
      unnamed={STRINGS.unnamed}
      fields={['label', 'id', 'dueWithinMinutes']}
      newItem={(items) => ({ id: freshId(items, 'step'), label: STRINGS.newLabel })}
    >
      {(_step, i) => (
        <>
          <TextField path={['checklist', i, 'label']} label={STRINGS.label} />
          <TextField path={['checklist', i, 'id']} label={STRINGS.id} />
          <NumberField path={['checklist', i, 'dueWithinMinutes']} label={STRINGS.due} hint={STRINGS.dueHint} integer optional />
        </>
      )}
    </ListSection>
  );
}
