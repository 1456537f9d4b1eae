/**
 * Recording a Chrome trace over CDP (the categories the attribution in analyze.ts needs). BENCH_EXTRA_CATEGORIES=a,b
 * records more.
 */
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread CPU time (µs): unlike `dur`, it does not grow while other processes hold the core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'toplevel',
  'blink.user_timing',
  'loading',
  // Chrome's own capture of the page's text (ChromeRenderFrameObserver::CapturePageText), to tell it apart from
  // rendering we caused: see BROWSER_OWN.
  'renderer',
  ...(process.env.BENCH_EXTRA_CATEGORIES ? process.env.BENCH_EXTRA_CATEGORIES.split(',') : []),
];

export class Trace {
  private events: TraceEvent[] = [];
  private onData = (e: { value: object[] }): void => {
    for (const ev of e.value) this.events.push(ev as TraceEvent);
  };

  constructor(private readonly cdp: CDPSession) {}

  async start(): Promise<void> {
    this.cdp.on('Tracing.dataCollected', this.onData);
    await this.cdp.send('Tracing.start', {
      traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordAsMuchAsPossible' },
      transferMode: 'ReportEvents',
    });
  }

  async stop(): Promise<TraceEvent[]> {
    const complete = new Promise<void>((resolve) => this.cdp.once('Tracing.tracingComplete', () => resolve()));
    await this.cdp.send('Tracing.end');
    await complete;
    this.cdp.off('Tracing.dataCollected', this.onData);
    const events = this.events;
    this.events = [];
    return events;
  }
}
