import { useEffect, useReducer } from 'preact/hooks';

/** The current time at each render, with a render every `everyMs` so due times count down. */
export function useNow(everyMs = 30_000): number {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const timer = setInterval(tick, everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return Date.now();
}
