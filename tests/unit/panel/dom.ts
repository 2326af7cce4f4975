import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, vi } from 'vitest';
import { sendMessage } from '@/utils/browser/messaging';

// Tiny queries by what a user perceives (role, accessible name, label, text), since the panel's tests
// run without a testing library.

let root: HTMLElement | null = null;

afterEach(() => {
  if (root) {
    render(null, root);
    root.remove();
    root = null;
  }
});

export async function mount(ui: ComponentChild): Promise<HTMLElement> {
  root = document.createElement('div');
  document.body.append(root);
  await act(() => {
    render(ui, root!);
  });
  await settle();
  return root;
}

/** Lets pending promises (mocked messages) and the renders they cause finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The visible text of an element, whitespace squashed. */
export function textOf(el: Element): string {
  return squash(el.textContent);
}

function nameOf(el: Element): string {
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) {
    return squash(
      labelledBy
        .split(' ')
        .map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
  }
  const aria = el.getAttribute('aria-label');
  if (aria) return squash(aria);
  if (el.id) {
    const label = el.ownerDocument.querySelector(`label[for="${el.id}"]`);
    if (label) return textOf(label);
  }
  const wrapping = el.closest('label');
  if (wrapping) return textOf(wrapping);
  return textOf(el);
}

const ROLE_SELECTORS: Record<string, string> = {
  button: 'button, [role="button"]',
  checkbox: 'input[type="checkbox"]',
  radio: 'input[type="radio"]',
  textbox: 'input:not([type]), input[type="text"], input[type="search"], textarea',
  combobox: 'select',
  region: 'section[aria-label], section[aria-labelledby], [role="region"]',
  tab: '[role="tab"]',
  alert: '[role="alert"]',
  status: '[role="status"]',
  group: 'fieldset, [role="group"]',
  form: 'form[aria-label], form[aria-labelledby]',
  link: 'a[href]',
};

function matches(name: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? name === expected : expected.test(name);
}

export function queryAllByRole(scope: Element, role: string, name?: string | RegExp): HTMLElement[] {
  const selector = ROLE_SELECTORS[role];
  if (!selector) throw new Error(`unknown role ${role}`);
  return [...scope.querySelectorAll<HTMLElement>(selector)].filter(
    (el) => !el.closest('[hidden]') && (name === undefined || matches(nameOf(el), name)),
  );
}

export function queryByRole(scope: Element, role: string, name?: string | RegExp): HTMLElement | null {
  return queryAllByRole(scope, role, name)[0] ?? null;
}

export function getByRole<T extends HTMLElement = HTMLElement>(
  scope: Element,
  role: string,
  name?: string | RegExp,
): T {
  const found = queryAllByRole(scope, role, name);
  if (found.length !== 1) {
    const names = queryAllByRole(scope, role).map(nameOf);
    throw new Error(`expected one ${role} named ${String(name)}, found ${found.length}; ${role}s: ${names.join(' | ')}`);
  }
  return found[0] as T;
}

/** The form control whose label reads `label`. */
export function getByLabel<T extends HTMLElement = HTMLInputElement>(scope: Element, label: string): T {
  const controls = [...scope.querySelectorAll<HTMLElement>('input, select, textarea')].filter(
    (el) => nameOf(el) === label,
  );
  if (controls.length !== 1) throw new Error(`expected one control labelled "${label}", found ${controls.length}`);
  return controls[0] as T;
}

export async function click(el: HTMLElement): Promise<void> {
  await act(() => {
    el.click();
  });
  await settle();
}

export async function type(el: HTMLInputElement, value: string): Promise<void> {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await settle();
}

export async function choose(el: HTMLSelectElement, value: string): Promise<void> {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await settle();
}

export async function submit(form: HTMLFormElement): Promise<void> {
  await act(() => {
    form.requestSubmit();
  });
  await settle();
}

type Handler = (data: never) => unknown;

/** Answers the panel's messages from a table of handlers; records every call. */
export function answerMessages(handlers: Record<string, Handler>) {
  const calls: { name: string; data: unknown }[] = [];
  vi.mocked(sendMessage).mockImplementation((async (name: string, data: unknown) => {
    calls.push({ name, data });
    const handler = handlers[name];
    if (!handler) throw new Error(`unexpected message ${name}`);
    return handler(data as never);
  }) as unknown as typeof sendMessage);
  return {
    calls,
    of: (name: string) => calls.filter((c) => c.name === name).map((c) => c.data),
  };
}
