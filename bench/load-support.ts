/// <reference types="chrome" />
/**
 * Helpers for the load benchmark (bench/load.ts): the service worker's JS heap over CDP, the load generator's call
 * bookkeeping, and small statistics.
 */
import type { BrowserContext, CDPSession } from 'playwright-core';
import type { Simulator } from '../sim/simulator.ts';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const r1 = (x: number): number => Math.round(x * 10) / 10;
export const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 100) / 100;

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1]!;
}

/** Rejects after `ms` so no step of the bench can hang it. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export interface HeapUsage {
  usedSize: number;
  totalSize: number;
}

/**
 * A CDP session on the extension's service worker. Playwright's `ctx.newCDPSession()` accepts pages and frames only,
 * so this attaches from a browser-level session (Target.attachToTarget, non-flattened) and talks to the worker through
 * Target.sendMessageToTarget / Target.receivedMessageFromTarget.
 */
export class WorkerCdp {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(
    private readonly browserSession: CDPSession,
    private readonly sessionId: string,
  ) {
    browserSession.on('Target.receivedMessageFromTarget', (e) => {
      if (e.sessionId !== this.sessionId) return;
      const msg = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.error) waiter.reject(new Error(msg.error.message));
      else waiter.resolve(msg.result);
    });
  }

  static async attach(ctx: BrowserContext, extensionId: string): Promise<WorkerCdp> {
    const browser = ctx.browser();
    if (!browser) throw new Error('No Browser behind the persistent context: cannot open a browser CDP session');
    const session = await browser.newBrowserCDPSession();
    const { targetInfos } = await session.send('Target.getTargets');
    const sw = targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
    );
    if (!sw) throw new Error(`No service worker target for ${extensionId}`);
    const { sessionId } = await session.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
    return new WorkerCdp(session, sessionId);
  }

  send<T>(method: string, params: Record<string, unknown> = {}, timeoutMs = 5000): Promise<T> {
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    void this.browserSession
      .send('Target.sendMessageToTarget', {
        sessionId: this.sessionId,
        message: JSON.stringify({ id, method, params }),
      })
      .catch((e: unknown) => this.pending.get(id)?.reject(e instanceof Error ? e : new Error(String(e))));
    return withTimeout(answer, timeoutMs, method).finally(() => this.pending.delete(id));
  }

  heap(): Promise<HeapUsage> {
    return this.send<HeapUsage>('Runtime.getHeapUsage');
  }

  async gcHeap(): Promise<HeapUsage> {
    await this.send('HeapProfiler.collectGarbage', {}, 10_000);
    return this.heap();
  }

  async detach(): Promise<void> {
    await this.browserSession.detach().catch(() => undefined);
  }
}

const CZ_PREFIXES = [
  '602',
  '603',
  '604',
  '605',
  '606',
  '607',
  '720',
  '721',
  '730',
  '731',
  '732',
  '736',
  '737',
  '739',
  '770',
  '773',
  '774',
  '775',
  '776',
  '777',
  '778',
];

export function randomCzechNumber(): string {
  const prefix = CZ_PREFIXES[Math.floor(Math.random() * CZ_PREFIXES.length)]!;
  return `+420${prefix}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

/**
 * The load generator's view of the calls it made on one line: ringing and answered, oldest first (Set keeps insertion
 * order). The event mix cycles ring / answer / hangup, so in steady state each call gets Ringing, Answered, Hangup
 * (a fifth of the hangups end a call that still rings: a missed call) and the live count hovers around `target`.
 */
export class LoadGenerator {
  readonly ringing = new Set<string>();
  readonly answered = new Set<string>();
  sent = { ring: 0, answer: 0, hangup: 0, failed: 0 };
  maxLive = 0;
  private turn = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly line: string,
    private readonly target: number,
  ) {}

  get live(): number {
    return this.ringing.size + this.answered.size;
  }

  get total(): number {
    return this.sent.ring + this.sent.answer + this.sent.hangup;
  }

  /** Sends one call event. */
  step(): void {
    const turn = this.turn++ % 3;
    try {
      if (turn === 0) {
        if (this.live < this.target + 10) this.ring();
        else this.hangupOldest();
      } else if (turn === 1) {
        if (this.ringing.size > 0) this.answerOldest();
        else this.ring();
      } else if (this.live > this.target - 10) {
        this.hangupOldest();
      } else {
        this.ring();
      }
    } catch {
      this.sent.failed++;
    }
    this.maxLive = Math.max(this.maxLive, this.live);
  }

  ring(): void {
    const id = this.sim.ring({ from: randomCzechNumber(), line: this.line });
    this.ringing.add(id);
    this.sent.ring++;
  }

  private answerOldest(): void {
    const id = first(this.ringing)!;
    this.ringing.delete(id);
    this.sim.answer(id);
    this.answered.add(id);
    this.sent.answer++;
  }

  private hangupOldest(): void {
    const missed = this.ringing.size > 0 && (Math.random() < 0.2 || this.answered.size === 0);
    const set = missed ? this.ringing : this.answered;
    const id = first(set);
    if (id === undefined) return;
    set.delete(id);
    this.sim.hangup(id);
    this.sent.hangup++;
  }

  /** Hangs up every call but the newest `keep`; returns how many Hangups it sent. */
  hangupAllBut(keep: number): number {
    const ids = [...this.ringing, ...this.answered];
    const drop = ids.slice(0, Math.max(0, ids.length - keep));
    for (const id of drop) {
      this.ringing.delete(id);
      this.answered.delete(id);
      this.sim.hangup(id);
      this.sent.hangup++;
    }
    return drop.length;
  }
}

function first<T>(set: Set<T>): T | undefined {
  for (const v of set) return v;
  return undefined;
}

interface ProfileFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface LoadCpuProfile {
  nodes: { id: number; callFrame: ProfileFrame; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Where a thread's time went: busy share of the profiled span, and the top functions by self time and by total time
 * (each function counted once per sample, however deep its recursion). Names are `function file:line`; build
 * without minification (`npx vite build --minify false`) to read them.
 */
export function summarizeProfile(
  profile: LoadCpuProfile,
  top = 25,
): { spanMs: number; busyMs: number; self: { fn: string; ms: number }[]; total: { fn: string; ms: number }[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (f: ProfileFrame): string =>
    `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let busy = 0;
  for (let i = 0; i < samples.length; i++) {
    const dt = (deltas[i + 1] ?? 0) / 1000;
    const node = byId.get(samples[i]!)!;
    const leaf = node.callFrame.functionName;
    if (leaf !== '(idle)' && leaf !== '(program)') busy += dt;
    self.set(name(node.callFrame), (self.get(name(node.callFrame)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = node.id; cur !== undefined; cur = parent.get(cur)) {
      const n = name(byId.get(cur)!.callFrame);
      if (seen.has(n)) continue;
      seen.add(n);
      total.set(n, (total.get(n) ?? 0) + dt);
    }
  }
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, ms: r1(ms) }));
  return {
    spanMs: r1((profile.endTime - profile.startTime) / 1000),
    busyMs: r1(busy),
    self: rank(self),
    total: rank(total),
  };
}
