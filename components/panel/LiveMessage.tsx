import type { Ref } from 'preact';

interface Props {
  /** `error` is announced at once (role="alert"); the others politely (role="status"). */
  kind: 'ok' | 'warn' | 'error';
  /** Null while there is nothing to say; the region stays on the page, empty. */
  text: string | null;
  /** Given when the panel moves focus to the message (it is then focusable, not tabbable). */
  focusRef?: Ref<HTMLParagraphElement>;
}

/**
 * A result or error message that screen readers announce. The region is on the page before anything
 * happens and only its text changes: a region that appears together with its text is missed by some
 * screen readers. While empty it takes no room.
 */
export function LiveMessage({ kind, text, focusRef }: Props) {
  return (
    <p
      ref={focusRef}
      class={text ? `live message ${kind}` : 'live'}
      role={kind === 'error' ? 'alert' : 'status'}
      tabIndex={focusRef ? -1 : undefined}
    >
      {text}
    </p>
  );
}
