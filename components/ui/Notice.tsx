import type { ComponentChildren } from 'preact';

// A short message block. Errors are announced (role="alert"); other kinds are polite status.
export function Notice(props: { kind: 'error' | 'ok' | 'info'; children: ComponentChildren }) {
  return (
    <p class={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </p>
  );
}
