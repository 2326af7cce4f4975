import { getAt, type Json, type Path } from '@/utils/editor/document';
import { fieldId, useEditor } from './context';
import { NumberField, SelectField, TextField } from './Field';
import { ListSection, freshId, textOf, useList } from './Groups';
import { messages, t } from '@/utils/i18n';

// Roles: how much each may give on the spot, and who approves above that.

const STRINGS = messages({
  title: 'edRolesTitle',
  intro: 'edRolesIntro',
  label: 'edRolesLabel',
  id: 'edRolesId',
  perIncident: 'edRolesPerIncident',
  perClientPerYear: 'edRolesPerClientPerYear',
  noCap: 'edRolesNoCap',
  approver: 'edRolesApprover',
  topOfChain: 'edRolesTopOfChain',
  add: 'edRolesAdd',
  newLabel: 'edRolesNewLabel',
  unnamed: (n: number) => t('edUnnamedRole', n),
});

/**
 * An amount or "no cap" (null). Unticking "No cap" starts from zero, the safest limit. The box is
 * named "No cap" and described by its limit's label, so "Per incident" names one control only.
 */
function CapField(props: { path: Path; label: string }) {
  const editor = useEditor();
  const noCap = getAt(editor.doc, props.path) === null;
  const boxId = `${fieldId(props.path)}-nocap`;
  return (
    <div class="cap">
      <NumberField path={props.path} label={props.label} disabled={noCap} />
      <label class="check" for={boxId}>
        <input
          id={boxId}
          type="checkbox"
          aria-describedby={`${fieldId(props.path)}-label`}
          checked={noCap}
          onChange={(e) => editor.set(props.path, (e.currentTarget as HTMLInputElement).checked ? null : 0, props.label)}
        />
        {STRINGS.noCap}
      </label>
    </div>
  );
}

export function roleChoices(roles: readonly Json[]) {
  return roles.map((r) => ({ value: textOf(r, 'id'), label: textOf(r, 'label') || textOf(r, 'id') }));
}

export function RolesSection() {
  const choices = roleChoices(useList(['roles']));
  return (
    <ListSection
      listKey="roles"
      title={STRINGS.title}
      intro={STRINGS.intro}
      addLabel={STRINGS.add}
      unnamed={STRINGS.unnamed}
      fields={['label', 'id', 'perIncident', 'perClientPerYear', 'approverRole']}
      newItem={(items) => ({ id: freshId(items, 'role'), label: STRINGS.newLabel, perIncident: 0, perClientPerYear: 0 })}
    >
      {(role, i) => (
        <>
          <TextField path={['roles', i, 'label']} label={STRINGS.label} />
          <TextField path={['roles', i, 'id']} label={STRINGS.id} renames="roles" />
          <CapField path={['roles', i, 'perIncident']} label={STRINGS.perIncident} />
          <CapField path={['roles', i, 'perClientPerYear']} label={STRINGS.perClientPerYear} />
          <SelectField
            path={['roles', i, 'approverRole']}
            label={STRINGS.approver}
            choices={choices.filter((c) => c.value !== textOf(role, 'id'))}
            optional={{ label: STRINGS.topOfChain }}
          />
        </>
      )}
    </ListSection>
  );
}
