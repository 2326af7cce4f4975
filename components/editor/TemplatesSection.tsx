import { useState } from 'preact/hooks';
import { getAt, type Path } from '@/utils/editor/document';
import { sampleTemplateValues } from '@/utils/sample-client';
import { TEMPLATE_VARIABLES, renderTemplate, type TemplateVariable } from '@/utils/templates';
import { fieldId, useEditor } from './context';
import { TextField } from './Field';
import { ListSection, freshId, textOf } from './Groups';
import { messages, t } from '@/utils/i18n';

// Email templates, with the variables a template may use one pick away and a live preview for a
// sample client.

const STRINGS = messages({
  title: 'edTemplatesTitle',
  intro: 'edTemplatesIntro',
  label: 'edTemplatesLabel',
  id: 'edTemplatesId',
  subject: 'edTemplatesSubject',
  body: 'edTemplatesBody',
  variable: 'edTemplatesVariable',
  insert: 'edTemplatesInsert',
  preview: 'edTemplatesPreview',
  previewSubject: 'edTemplatesPreviewSubject',
  noPreview: 'edTemplatesNoPreview',
  add: 'edTemplatesAdd',
  newLabel: 'edTemplatesNewLabel',
  unnamed: (n: number) => t('edUnnamedTemplate', n),
});

function VariablePicker(props: { bodyPath: Path }) {
  const editor = useEditor();
  const [variable, setVariable] = useState<TemplateVariable>(TEMPLATE_VARIABLES[0]);
  const pickerId = `${fieldId(props.bodyPath)}-variable`;
  function insert() {
    const body = getAt(editor.doc, props.bodyPath);
    const text = typeof body === 'string' ? body : '';
    const area = document.getElementById(fieldId(props.bodyPath)) as HTMLTextAreaElement | null;
    const at = area?.selectionStart ?? text.length;
    const slot = `{{${variable}}}`;
    editor.set(props.bodyPath, text.slice(0, at) + slot + text.slice(area?.selectionEnd ?? at), STRINGS.body);
    area?.focus();
  }
  return (
    <div class="row picker">
      <label for={pickerId}>{STRINGS.variable}</label>
      <select id={pickerId} value={variable} onChange={(e) => setVariable((e.currentTarget as HTMLSelectElement).value as TemplateVariable)}>
        {TEMPLATE_VARIABLES.map((v) => (
          <option key={v} value={v}>{`{{${v}}}`}</option>
        ))}
      </select>
      <button type="button" class="secondary" onClick={insert}>
        {STRINGS.insert}
      </button>
    </div>
  );
}

function Preview(props: { index: number }) {
  const editor = useEditor();
  const template = getAt(editor.doc, ['templates', props.index]);
  if (!editor.lastValid) return <p class="muted">{STRINGS.noPreview}</p>;
  const filled = renderTemplate(
    { subject: textOf(template, 'subject'), body: textOf(template, 'body') },
    sampleTemplateValues(editor.lastValid, Date.now()),
  );
  return (
    <figure class="preview">
      <figcaption>{STRINGS.preview}</figcaption>
      <p>
        <strong>{STRINGS.previewSubject}</strong> {filled.subject}
      </p>
      <pre>{filled.body}</pre>
    </figure>
  );
}

export function TemplatesSection() {
  return (
    <ListSection
      listKey="templates"
      title={STRINGS.title}
      intro={STRINGS.intro}
      addLabel={STRINGS.add}
      unnamed={STRINGS.unnamed}
      fields={['label', 'id', 'subject', 'body']}
      newItem={(items) => ({ id: freshId(items, 'template'), label: STRINGS.newLabel, subject: '', body: '' })}
    >
      {(_template, i) => (
        <>
          <TextField path={['templates', i, 'label']} label={STRINGS.label} />
          <TextField path={['templates', i, 'id']} label={STRINGS.id} renames="templates" />
          <TextField path={['templates', i, 'subject']} label={STRINGS.subject} class="wide" />
          <TextField path={['templates', i, 'body']} label={STRINGS.body} multiline rows={7} class="wide" />
          <div class="wide">
            <VariablePicker bodyPath={['templates', i, 'body']} />
            <Preview index={i} />
          </div>
        </>
      )}
    </ListSection>
  );
}
