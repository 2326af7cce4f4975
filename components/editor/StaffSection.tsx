import { useState } from 'preact/hooks';
import { parseStaffRows } from '@/utils/editor/staff-rows';
import { standInChoices } from '@/utils/editor/stand-ins';
import { useEditor } from './context';
import { SelectField, TextField } from './Field';
import { Section, textOf, useList } from './Groups';
import { roleChoices } from './RolesSection';
import { messages, t, tp } from '@/utils/i18n';

// Staff: who holds which role. A firm's list usually lives in a spreadsheet, so rows can be pasted.

const STRINGS = messages({
  title: 'edStaffTitle',
  intro: 'edStaffIntro',
  caption: 'edStaffCaption',
  name: 'edStaffName',
  email: 'edStaffEmail',
  role: 'edStaffRole',
  code: 'edStaffCode',
  codeHint: 'edStaffCodeHint',
  standIn: 'edStaffStandIn',
  standInNone: 'edStaffStandInNone',
  standInHint: 'edStaffStandInHint',
  actions: 'edStaffActions',
  cell: (column: string, row: number) => t('edCell', column, row),
  remove: (who: string) => t('edRemove', who),
  someone: (row: number) => t('edSomeone', row),
  add: 'edStaffAdd',
  paste: 'edStaffPaste',
  pasteButton: 'edStaffPasteButton',
  added: (n: number) => tp('edAdded', n),
  skipped: (lines: string) => t('edSkipped', lines),
});

export function StaffSection() {
  const editor = useEditor();
  const staff = useList(['staff']);
  const roles = useList(['roles']);
  const choices = roleChoices(roles);
  const [pasted, setPasted] = useState('');
  const [report, setReport] = useState<string[]>([]);

  function addPasted() {
    const { rows, skippedLines } = parseStaffRows(pasted, choices.map((c) => ({ id: c.value, label: c.label })));
    editor.updateList(['staff'], (items) => [...items, ...rows.map((r) => ({ ...r }))]);
    setReport([STRINGS.added(rows.length), ...(skippedLines.length ? [STRINGS.skipped(skippedLines.join(', '))] : [])]);
    if (!skippedLines.length) setPasted('');
  }

  return (
    <Section keys={['staff']} title={STRINGS.title} intro={STRINGS.intro} shown={staff.map((_, i) => ['staff', i])}>
      <p class="muted">{STRINGS.codeHint}</p>
      <p class="muted">{STRINGS.standInHint}</p>
      <div class="table-scroll">
        <table class="staff">
          <caption class="visually-hidden">{STRINGS.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{STRINGS.name}</th>
              <th scope="col">{STRINGS.email}</th>
              <th scope="col">{STRINGS.role}</th>
              <th scope="col">{STRINGS.code}</th>
              <th scope="col">{STRINGS.standIn}</th>
              <th scope="col">
                <span class="visually-hidden">{STRINGS.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member, i) => (
              <tr key={i}>
                <td>
                  <TextField path={['staff', i, 'name']} label={STRINGS.cell(STRINGS.name, i + 1)} quietLabel />
                </td>
                <td>
                  <TextField path={['staff', i, 'email']} label={STRINGS.cell(STRINGS.email, i + 1)} quietLabel />
                </td>
                <td>
                  <SelectField path={['staff', i, 'role']} label={STRINGS.cell(STRINGS.role, i + 1)} choices={choices} quietLabel />
                </td>
                <td class="code">
                  <TextField path={['staff', i, 'code']} label={STRINGS.cell(STRINGS.code, i + 1)} quietLabel optional />
                </td>
                <td>
                  <SelectField
                    path={['staff', i, 'standIn']}
                    label={STRINGS.cell(STRINGS.standIn, i + 1)}
                    choices={standInChoices(staff, roles, i)}
                    optional={{ label: STRINGS.standInNone }}
                    quietLabel
                  />
                </td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => editor.updateList(['staff'], (items) => items.filter((_, j) => j !== i))}
                  >
                    {STRINGS.remove(textOf(member, 'name') || STRINGS.someone(i + 1))}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={() =>
            editor.updateList(['staff'], (items) => [...items, { name: '', email: '', role: choices[0]?.value ?? '' }])
          }
        >
          {STRINGS.add}
        </button>
      </div>
      <div class="field">
        <label for="staff-paste">{STRINGS.paste}</label>
        <textarea id="staff-paste" rows={3} value={pasted} onInput={(e) => setPasted((e.currentTarget as HTMLTextAreaElement).value)} />
      </div>
      <div class="row">
        <button type="button" class="secondary" disabled={!pasted.trim()} onClick={addPasted}>
          {STRINGS.pasteButton}
        </button>
        {report.length > 0 && (
          <p role="status" class="muted">
            {report.join(' ')}
          </p>
        )}
      </div>
    </Section>
  );
}
