// Medians and small timing helpers. Every figure in the table is a median: one slow run (a GC, the
// other core busy) must not decide it.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` `runs` times (after `warmup` unmeasured runs) and returns each run's milliseconds. */
export async function timeRuns(runs: number, fn: () => unknown, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * Per-call milliseconds of a fast synchronous function: calls are batched so that one timed batch
 * lasts about `batchMs` (the clock's resolution is then negligible); returns one per-call time per
 * batch, `batches` of them.
 */
export function timePerCall(fn: () => unknown, batches = 21, batchMs = 20): number[] {
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) fn();
    const elapsed = performance.now() - start;
    if (elapsed >= batchMs || calls >= 1 << 24) break;
    calls = elapsed < 1 ? calls * 10 : Math.ceil((calls * batchMs) / elapsed);
  }
  const perCall: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) fn();
    perCall.push((performance.now() - start) / calls);
  }
  return perCall;
}

/** One timed run of something that takes seconds, with its result. */
export async function timeOnce<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}
