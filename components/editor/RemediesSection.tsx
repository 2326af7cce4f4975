import { REMEDY_KINDS } from '@/utils/policy/types';
import { NumberField, SelectField, TextField } from './Field';
import { ListSection, freshId, textOf, useList } from './Groups';
import { messages, t } from '@/utils/i18n';

// The remedies catalogue: what can be given, at what default, and with which template.

const STRINGS = messages({
  title: 'edRemediesTitle',
  intro: 'edRemediesIntro',
  label: 'edRemediesLabel',
  id: 'edRemediesId',
  kind: 'edRemediesKind',
  defaultAmount: 'edRemediesDefaultAmount',
  maxAmount: 'edRemediesMaxAmount',
  maxHint: 'edRemediesMaxHint',
  template: 'edRemediesTemplate',
  noTemplate: 'edRemediesNoTemplate',
  phrase: 'edRemediesPhrase',
  phraseHint: 'edRemediesPhraseHint',
  add: 'edRemediesAdd',
  newLabel: 'edRemediesNewLabel',
  unnamed: (n: number) => t('edUnnamedRemedy', n),
  kinds: { credit: 'edKindCredit', refund: 'edKindRefund', 'fee-waiver': 'edKindFeeWaiver', gift: 'edKindGift', apology: 'edKindApology' },
});

export function RemediesSection() {
  const templates = useList(['templates']).map((t) => ({
    value: textOf(t, 'id'),
    label: textOf(t, 'label') || textOf(t, 'id'),
  }));
  const kinds = REMEDY_KINDS.map((k) => ({ value: k, label: t(STRINGS.kinds[k]) }));
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
