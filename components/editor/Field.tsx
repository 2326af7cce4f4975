import { useEffect, useState } from 'preact/hooks';
import { amountFromInput, amountToInput, getAt, type Path } from '@/utils/editor/document';
import { messagesAt } from '@/utils/editor/issues';
import type { Choice } from '@/utils/editor/choices';
import type { ReferencedList } from '@/utils/editor/references';
import { fieldId, useEditor } from './context';

// One field of the policy: its label, its control, and beside it every message the policy check has
// about exactly this path. The control points at the messages (aria-describedby) and is marked
// invalid, so a screen reader reads the problem with the field.

export function FieldMessages(props: { path: Path; id?: string }) {
  const { issues } = useEditor();
  const messages = messagesAt(issues, props.path);
  if (!messages.length) return null;
  return (
    <ul class="field-error" id={props.id ?? `${fieldId(props.path)}-error`}>
      {messages.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

interface Described {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

function useDescribed(path: Path, hintId?: string, more?: string): Described {
  const { issues } = useEditor();
  const id = fieldId(path);
  const invalid = messagesAt(issues, path).length > 0;
  const describedBy = [invalid ? `${id}-error` : null, hintId ?? null, more ?? null].filter(Boolean).join(' ');
  return { id, 'aria-invalid': invalid, ...(describedBy ? { 'aria-describedby': describedBy } : {}) };
}

interface FieldProps {
  path: Path;
  label: string;
  hint?: string;
  /** Hides the label visually (a table cell whose column header says it); it still names the control. */
  quietLabel?: boolean;
  /** Another element that describes the control (a warning shown beside it). */
  describedBy?: string;
  /** Shown after the field's own messages, inside its block. */
  after?: preact.ComponentChildren;
  class?: string;
}

function Shell(props: FieldProps & { children: preact.ComponentChildren }) {
  const hintId = props.hint ? `${fieldId(props.path)}-hint` : undefined;
  return (
    <div class={`field ${props.class ?? ''}`}>
      <label for={fieldId(props.path)} id={`${fieldId(props.path)}-label`} class={props.quietLabel ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      {props.children}
      {props.hint && (
        <p class="muted hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <FieldMessages path={props.path} />
      {props.after}
    </div>
  );
}

/**
 * Free text; an empty optional field is removed from the document (with `removeWhenEmpty`, the
 * object that holds it: an empty selector removes `email: { selector }` whole). With `renames`, the
 * field is an item's id (path [list, index, 'id']) and what refers to it follows.
 */
export function TextField(
  props: FieldProps & {
    optional?: boolean;
    removeWhenEmpty?: Path;
    renames?: ReferencedList;
    multiline?: boolean;
    rows?: number;
  },
) {
  const editor = useEditor();
  const value = getAt(editor.doc, props.path);
  const described = useDescribed(props.path, props.hint ? `${fieldId(props.path)}-hint` : undefined, props.describedBy);
  const onInput = (e: Event) => {
    const text = (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;
    if (props.renames) editor.renameId(props.renames, props.path[1] as number, text, props.label);
    else if (text === '' && props.removeWhenEmpty) editor.set(props.removeWhenEmpty, undefined, props.label);
    else editor.set(props.path, props.optional && text === '' ? undefined : text, props.label);
  };
  const shown = typeof value === 'string' ? value : '';
  return (
    <Shell {...props}>
      {props.multiline ? (
        <textarea {...described} rows={props.rows ?? 4} value={shown} onInput={onInput} />
      ) : (
        <input {...described} type="text" value={shown} onInput={onInput} />
      )}
    </Shell>
  );
}

/**
 * A number as the policy writes it (decimal amounts, whole minutes). What is typed is kept as typed
 * while the document holds its value, so "15." on the way to "15.5" is not rewritten under the cursor.
 */
export function NumberField(props: FieldProps & { optional?: boolean; disabled?: boolean; integer?: boolean }) {
  const editor = useEditor();
  const value = getAt(editor.doc, props.path);
  const [text, setText] = useState(amountToInput(value));
  useEffect(() => {
    const typed = text.trim() === '' ? undefined : amountFromInput(text);
    if (typed !== value) setText(amountToInput(value));
  }, [value]);
  const described = useDescribed(props.path, props.hint ? `${fieldId(props.path)}-hint` : undefined, props.describedBy);
  return (
    <Shell {...props}>
      <input
        {...described}
        type="text"
        inputMode={props.integer ? 'numeric' : 'decimal'}
        value={props.disabled ? '' : text}
        disabled={props.disabled}
        onInput={(e) => {
          const typed = (e.currentTarget as HTMLInputElement).value;
          setText(typed);
          editor.set(props.path, typed.trim() === '' && props.optional ? undefined : amountFromInput(typed), props.label);
        }}
      />
    </Shell>
  );
}

/** One of a list; a value the list does not have (a typo in a loaded file) stays shown and selected. */
export function SelectField(props: FieldProps & { choices: readonly Choice[]; optional?: { label: string } }) {
  const editor = useEditor();
  const value = getAt(editor.doc, props.path);
  const current = typeof value === 'string' ? value : '';
  const described = useDescribed(props.path, props.hint ? `${fieldId(props.path)}-hint` : undefined, props.describedBy);
  const known = props.choices.some((c) => c.value === current);
  return (
    <Shell {...props}>
      <select
        {...described}
        value={current}
        onChange={(e) => {
          const next = (e.currentTarget as HTMLSelectElement).value;
          editor.set(props.path, next === '' && props.optional ? undefined : next, props.label);
        }}
      >
        {props.optional && <option value="">{props.optional.label}</option>}
        {!known && current !== '' && <option value={current}>{current}</option>}
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

