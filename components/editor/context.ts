import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Json, Path, PolicyDocument } from '@/utils/editor/document';
import type { ReferencedList } from '@/utils/editor/references';
import type { Policy, PolicyIssue } from '@/utils/policy/types';

// What every editor section reads and writes: the document, its issues, and one way to change it.

export interface Editor {
  doc: PolicyDocument;
  issues: readonly PolicyIssue[];
  /** The document as a policy when it last had nothing to fix (for previews and the table). */
  lastValid: Policy | null;
  /** Why the policy in force would refuse this document by its version, and a version it would take. */
  version: { problem: string; suggestion: string } | null;
  /** Sets (or with undefined removes) the value at `path`; `label` names the field for announcements. */
  set(path: Path, value: Json | undefined, label: string): void;
  /** Gives item `index` of `list` a new id, and what refers to it the same. */
  renameId(list: ReferencedList, index: number, newId: string, label: string): void;
  /** Replaces the list at `path`. */
  updateList(path: Path, change: (items: Json[]) => Json[]): void;
}

export const EditorContext = createContext<Editor | null>(null);

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('editor sections render inside an EditorContext');
  return editor;
}

/** An element id for a JSON path: roles[0].perIncident → "f-roles-0-perIncident". */
export function fieldId(path: Path): string {
  return `f-${path.map((p) => String(p).replace(/[^A-Za-z0-9_-]/g, '_')).join('-')}`;
}
