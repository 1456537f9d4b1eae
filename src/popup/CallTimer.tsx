import { useLayoutEffect, useRef } from 'preact/hooks';
import { duration } from './format.ts';
import { t } from '../shared/i18n.ts';

/**
 * A call's live duration. One shared interval writes the text of every timer directly, instead of re-rendering every
 * call once a second: with a few hundred calls in the panel that redraw held the panel's thread for tens of ms each
 * second (docs/performance.md, "Load").
 */
const running = new Map<HTMLElement, number>();
let interval: ReturnType<typeof setInterval> | null = null;

function tick(): void {
  const now = Date.now();
  for (const [el, since] of running) el.textContent = duration(now - since);
}

export function CallTimer({ since }: { since: number }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    running.set(el, since);
    el.textContent = duration(Date.now() - since);
    interval ??= setInterval(tick, 1000);
    return () => {
      running.delete(el);
      if (running.size === 0 && interval !== null) {
        clearInterval(interval);
        interval = null;
      }
    };
  }, [since]);
  // role="timer": a name on a plain span is not allowed (ARIA); a timer is not a live region, so no ticks are read out.
  return <span class="timer" role="timer" ref={ref} aria-label={t('callDuration')} />;
}
