/**
 * Control: what the 50k-row table's own rendering costs when two of its cells change style, in Chromium without the
 * extension. Our dotted line on the marked cells near the view (cell-cue.ts) is such a change; this is the floor of the
 * frame that draws it, whatever our script does (the JSON's `control.cueFrameFloor`).
 */
import type { BrowserContext } from 'playwright-core';
import type { PageServer } from '../../test/e2e/support/pages.ts';
import { log } from '../log.ts';
import { median, r1 } from '../stats.ts';
import { tasksOf, threadNames, unionLength } from '../trace/events.ts';
import { Trace, type TraceEvent } from '../trace/record.ts';
import { sleep } from './support.ts';

const TRIES = 3;

/** One frame after the change: its task's wall time, and the style recalc and paint in it. */
interface FrameCost {
  taskMs: number;
  styleMs: number;
  paintMs: number;
}

/** Milliseconds covered by the events: nested ones (a layer's Paint inside the frame's) count once. */
function coveredMs(events: TraceEvent[]): number {
  return unionLength(events.map((e) => ({ a: e.ts, b: e.ts + (e.dur ?? 0) }))) / 1000;
}

/** The longest task (as the trace analysis counts them) on a renderer main thread with style or paint in it. */
export function longestRendering(events: TraceEvent[]): FrameCost {
  let worst: FrameCost = { taskMs: 0, styleMs: 0, paintMs: 0 };
  for (const [thread, name] of threadNames(events)) {
    if (name !== 'CrRendererMain') continue;
    for (const { task, kids } of tasksOf(events.filter((e) => `${e.pid}:${e.tid}` === thread))) {
      const styleMs = r1(coveredMs(kids.filter((e) => e.name === 'UpdateLayoutTree')));
      const paintMs = r1(coveredMs(kids.filter((e) => e.name === 'Paint')));
      const taskMs = r1((task.dur ?? 0) / 1000);
      if (styleMs + paintMs > 0 && taskMs > worst.taskMs) worst = { taskMs, styleMs, paintMs };
    }
  }
  return worst;
}

/**
 * Loads the 50k table with our stylesheet (`css`, the build's marks.css) and, TRIES times, gives two phone cells near
 * the top the line's attribute: the frame after it is the table's cost of any such change.
 */
export async function cueFrameFloor(context: BrowserContext, server: PageServer, css: string) {
  const page = await context.newPage();
  try {
    await page.goto(server.url('/table-50000-0'), { waitUntil: 'load', timeout: 180_000 });
    await page.addStyleTag({ content: css });
    await sleep(2_000);
    const cdp = await context.newCDPSession(page);
    const frames: FrameCost[] = [];
    for (let i = 0; i < TRIES; i++) {
      const trace = new Trace(cdp);
      await trace.start();
      await page.evaluate(`(() => {
        const rows = document.querySelector('tbody').rows;
        for (const r of [${2 * i + 1}, ${2 * i + 2}]) rows[r].cells[1].setAttribute('data-ipbx-cue', '');
      })()`);
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))');
      await sleep(300);
      frames.push(longestRendering(await trace.stop()));
    }
    await cdp.detach();
    const result = { frames, medianTaskMs: median(frames.map((f) => f.taskMs)) };
    log(`control: two cells' line on the 50k table, without us: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await page.close().catch(() => undefined);
  }
}
