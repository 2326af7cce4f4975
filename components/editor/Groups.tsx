import type { ComponentChildren } from 'preact';
import { getAt, type Json, type Path } from '@/utils/editor/document';
import { issuesLeftUnder } from '@/utils/editor/issues';
import { fieldId, useEditor } from './context';
import { t } from '@/utils/i18n';

// The frame of each part of the policy (a section) and of each item in a list (a group named by the
// item's label), with the problems no single field of theirs shows, so none goes unseen.

const STRINGS = {
  remove: (item: string) => t('edRemove', item),
  problem: (path: string, message: string) => t('edPathProblem', path, message),
};

function Leftovers(props: { prefix: Path; shown: readonly Path[] }) {
  const { issues } = useEditor();
  const left = issuesLeftUnder(issues, props.prefix, props.shown);
  if (!left.length) return null;
  return (
    <ul class="field-error">
      {left.map((issue, i) => (
        <li key={i}>{STRINGS.problem(issue.path, issue.message)}</li>
      ))}
    </ul>
  );
}

export function Section(props: {
  /** The top-level key(s) of the policy this section edits. */
  keys: readonly string[];
  title: string;
  intro?: string;
  /** Paths inside whose problems a field or group of this section shows. */
  shown: readonly Path[];
  children: ComponentChildren;
}) {
  const headingId = `${fieldId([props.keys[0]!])}-heading`;
  return (
    <section class="card stack editor-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.title}</h2>
      {props.intro && <p class="muted">{props.intro}</p>}
      {props.keys.map((key) => (
        <Leftovers key={key} prefix={[key]} shown={props.shown} />
      ))}
      {props.children}
    </section>
  );
}

/** A field of a list item, relative to the item: 'label', or ['email', 'selector']. */
export type ItemField = string | readonly (string | number)[];

/** One item of a list: a group named by its label, its fields, a Remove button. */
function ItemGroup(props: {
  path: Path;
  name: string;
  fields: readonly ItemField[];
  onRemove: () => void;
  children: ComponentChildren;
}) {
  const legendId = `${fieldId(props.path)}-legend`;
  const shown = props.fields.map((f) => [...props.path, ...(typeof f === 'string' ? [f] : f)]);
  return (
    <fieldset class="item" aria-labelledby={legendId}>
      <legend id={legendId}>{props.name}</legend>
      <Leftovers prefix={props.path} shown={shown} />
      <div class="item-fields">{props.children}</div>
      <button type="button" class="secondary remove" onClick={props.onRemove}>
        {STRINGS.remove(props.name)}
      </button>
    </fieldset>
  );
}

/**
 * A list of the policy (roles, remedies, …): each item a group named by its label (or `unnamed`),
 * with its fields from `children`, a Remove button, and an Add button that appends `newItem`.
 */
export function ListSection(props: {
  listKey: string;
  title: string;
  intro: string;
  addLabel: string;
  unnamed: (n: number) => string;
  fields: readonly ItemField[];
  newItem: (items: readonly Json[]) => Json;
  children: (item: Json, index: number) => ComponentChildren;
}) {
  const editor = useEditor();
  const items = useList([props.listKey]);
  return (
    <Section
      keys={[props.listKey]}
      title={props.title}
      intro={props.intro}
      shown={items.map((_, i) => [props.listKey, i])}
    >
      {items.map((item, i) => (
        <ItemGroup
          key={i}
          path={[props.listKey, i]}
          name={textOf(item, 'label') || props.unnamed(i + 1)}
          fields={props.fields}
          onRemove={() => editor.updateList([props.listKey], (list) => list.filter((_, j) => j !== i))}
        >
          {props.children(item, i)}
        </ItemGroup>
      ))}
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={() => editor.updateList([props.listKey], (list) => [...list, props.newItem(list)])}
        >
          {props.addLabel}
        </button>
      </div>
    </Section>
  );
}

/** The list at `path` in the document, as an array (missing: empty). */
export function useList(path: Path): Json[] {
  const { doc } = useEditor();
  const list = getAt(doc, path);
  return Array.isArray(list) ? list : [];
}

/** A string property of a list item, for its group's name. */
export function textOf(item: Json | undefined, key: string): string {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return '';
  const value = item[key];
  return typeof value === 'string' ? value : '';
}

/** An id not yet used in the list: "role-5". */
export function freshId(items: readonly Json[], base: string): string {
  const used = new Set(items.map((i) => textOf(i, 'id')));
  let n = items.length + 1;
  while (used.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}
