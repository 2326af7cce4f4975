import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { emptyPolicyState } from '@/utils/policy/sync';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

export function examplePolicyText(name: 'accounting-firm' | 'law-firm'): string {
  return readFileSync(path.join(ROOT, 'public/policies', `${name}.json`), 'utf8');
}

/** A fresh, mutable copy of an example policy's JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function exampleDoc(name: 'accounting-firm' | 'law-firm' = 'accounting-firm'): any {
  return JSON.parse(examplePolicyText(name));
}

export const noPolicyState = () => ({ ...emptyPolicyState() });

/** The fieldset (group) whose legend reads `name`. */
export function group(scope: Element, name: string): HTMLFieldSetElement {
  const found = [...scope.querySelectorAll('fieldset')].filter(
    (f) => f.querySelector(':scope > legend')?.textContent?.trim() === name,
  );
  if (found.length !== 1) throw new Error(`expected one group "${name}", found ${found.length}`);
  return found[0] as HTMLFieldSetElement;
}

/**
 * The messages the control points at (aria-describedby), checked to sit in the control's own field
 * block, right beside it.
 */
export function messagesBeside(control: HTMLElement): string[] {
  expect(control.getAttribute('aria-invalid')).toBe('true');
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  const errors = ids.map((id) => control.ownerDocument.getElementById(id)).filter((el) => el?.classList.contains('field-error'));
  expect(errors.length).toBe(1);
  const error = errors[0]!;
  expect(error.parentElement).toBe(control.parentElement);
  return [...error.querySelectorAll('li')].map((li) => li.textContent ?? '');
}

export function problemsBar(scope: Element): string {
  return scope.querySelector('.problems-bar')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}
