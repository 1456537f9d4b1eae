/**
 * Runs `fn` at most once per `gapMs`: the first request after a quiet spell at once, later ones folded into one run
 * at the end of the gap. The call panels get their snapshots through this: under a flood of call events, a panel
 * that re-renders a few hundred calls twenty times a second keeps its own renderer busy (and the probes that share
 * it), while a person reads nothing faster than a few updates a second.
 */
export function throttle(fn: () => void, gapMs: number, now: () => number = Date.now): () => void {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = (): void => {
    timer = null;
    last = now();
    fn();
  };
  return () => {
    if (timer !== null) return;
    const wait = last + gapMs - now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
}
