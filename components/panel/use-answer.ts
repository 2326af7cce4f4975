import { useEffect } from 'preact/hooks';
import { errorText } from '@/utils/error-text';

/**
 * Asks the background again whenever `deps` change, and hands on its answer or its error in words.
 * An answer that arrives after the inputs changed (another tab, client or query) is dropped, so the
 * panel never shows what belongs to what was on screen before. `ask` null: nothing to ask now.
 */
export function useAnswer<T>(
  ask: (() => Promise<T>) | null,
  onAnswer: (answer: T) => void,
  onError: (message: string) => void,
  deps: readonly unknown[],
  { delayMs = 0 }: { delayMs?: number } = {},
): void {
  useEffect(() => {
    if (!ask) return;
    let current = true;
    const send = () => {
      ask().then(
        (answer) => {
          if (current) onAnswer(answer);
        },
        (error: unknown) => {
          if (current) onError(errorText(error));
        },
      );
    };
    const timer = delayMs > 0 ? setTimeout(send, delayMs) : (send(), undefined);
    return () => {
      current = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, deps);
}
