/**
 * A small client for Firefox's remote debugging protocol (RDP, the one about:debugging and web-ext use): it sees the
 * extension's own pages, which WebDriver BiDi does not (see firefox.ts), evaluates script in them and lists the
 * add-on's state.
 */
import { createConnection, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One RDP packet: `from` names the actor; replies have no `type`, unsolicited events do. */
export interface RdpPacket {
  from?: string;
  type?: string;
  error?: string;
  message?: string;
  [key: string]: unknown;
}

interface Pending {
  resolve: (p: RdpPacket) => void;
  reject: (e: Error) => void;
  what: string;
}

/** Length-prefixed JSON packets (`LENGTH:JSON`) over TCP; each actor answers its requests in order. */
export class RdpClient {
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<string, Pending[]>();
  private readonly listeners = new Set<(p: RdpPacket) => void>();
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.failAll(new Error('The Firefox debugger connection closed')));
    socket.on('error', (e) => this.failAll(e));
  }

  /** Connects (retrying while Firefox starts its debugger server) and reads the root actor's greeting. */
  static async connect(port: number, timeoutMs = 15_000): Promise<RdpClient> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        const socket = await new Promise<Socket>((res, rej) => {
          const s = createConnection({ host: '127.0.0.1', port });
          s.once('connect', () => res(s));
          s.once('error', rej);
        });
        const client = new RdpClient(socket);
        await client.nextPacket((p) => p.from === 'root', 5_000);
        return client;
      } catch (e) {
        lastError = e;
        await sleep(200);
      }
    }
    throw new Error(`Could not connect to the Firefox debugger server on port ${port}: ${String(lastError)}`);
  }

  request(to: string, type: string, extra: Record<string, unknown> = {}): Promise<RdpPacket> {
    if (this.closed) return Promise.reject(new Error(`RDP ${type} to ${to}: connection closed`));
    return new Promise((res, rej) => {
      const queue = this.pending.get(to) ?? [];
      queue.push({ resolve: res, reject: rej, what: `${type} to ${to}` });
      this.pending.set(to, queue);
      const text = JSON.stringify({ to, type, ...extra });
      this.socket.write(`${Buffer.byteLength(text)}:${text}`);
    });
  }

  /** Resolves with the first unsolicited packet that matches (events carry a `type`). */
  nextPacket(match: (p: RdpPacket) => boolean, timeoutMs: number): Promise<RdpPacket> {
    const watch = this.watch(match);
    return watch.next(() => true, timeoutMs).finally(() => watch.stop());
  }

  /**
   * Starts collecting the unsolicited packets that match before a request is sent, so that an event which arrives in
   * the same chunk as the reply is not missed.
   */
  watch(match: (p: RdpPacket) => boolean): {
    next(pred: (p: RdpPacket) => boolean, timeoutMs: number): Promise<RdpPacket>;
    stop(): void;
  } {
    const seen: RdpPacket[] = [];
    let wake: (() => void) | null = null;
    const listener = (p: RdpPacket) => {
      if (!match(p)) return;
      seen.push(p);
      wake?.();
    };
    this.listeners.add(listener);
    return {
      next: async (pred, timeoutMs) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = seen.find(pred);
          if (found) return found;
          const left = deadline - Date.now();
          if (left <= 0) throw new Error(`No matching Firefox debugger packet within ${timeoutMs} ms`);
          await new Promise<void>((res) => {
            const timer = setTimeout(res, left);
            wake = () => {
              clearTimeout(timer);
              res();
            };
          });
          wake = null;
        }
      },
      stop: () => {
        this.listeners.delete(listener);
      },
    };
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (!Number.isInteger(length)) {
        this.failAll(new Error('Malformed packet from the Firefox debugger server'));
        this.socket.destroy();
        return;
      }
      if (this.buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as RdpPacket;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      this.dispatch(packet);
    }
  }

  private dispatch(packet: RdpPacket): void {
    const from = packet.from ?? '';
    const queue = this.pending.get(from);
    // A reply: no `type` (events have one), or an error for the oldest request to that actor.
    if (queue && queue.length > 0 && (packet.type === undefined || packet.error !== undefined)) {
      const next = queue.shift();
      if (queue.length === 0) this.pending.delete(from);
      if (packet.error !== undefined)
        next?.reject(new Error(`RDP ${next.what}: ${packet.error}${packet.message ? `: ${packet.message}` : ''}`));
      else next?.resolve(packet);
      return;
    }
    for (const listener of [...this.listeners]) listener(packet);
  }

  private failAll(e: Error): void {
    this.closed = true;
    for (const queue of this.pending.values())
      for (const p of queue) p.reject(new Error(`RDP ${p.what}: ${e.message}`));
    this.pending.clear();
  }
}

/** Evaluates script in one document (an extension tab, or the event page) through its console actor. */
export class RdpEvaluator {
  constructor(
    private readonly rdp: RdpClient,
    private readonly consoleActor: string,
  ) {}

  /**
   * Runs `fn(arg)` in the document and returns its (awaited) result. `fn` must be self-contained: it is sent as
   * source text; its result travels as JSON.
   */
  async run<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    const text = `(async () => { const v = await (${fn.toString()})(${JSON.stringify(arg) ?? 'undefined'}); return JSON.stringify(v === undefined ? null : v); })()`;
    const results = this.rdp.watch((p) => p.type === 'evaluationResult' && p.from === this.consoleActor);
    let done: RdpPacket;
    try {
      const started = await this.rdp.request(this.consoleActor, 'evaluateJSAsync', { text, mapped: { await: true } });
      const resultID = started.resultID;
      if (typeof resultID !== 'string') throw new Error(`evaluateJSAsync gave no resultID: ${JSON.stringify(started)}`);
      done = await results.next((p) => p.resultID === resultID, 30_000);
    } finally {
      results.stop();
    }
    if (done.hasException === true || done.exception !== undefined) {
      throw new Error(
        `Evaluation in the extension failed: ${String(done.exceptionMessage ?? JSON.stringify(done.exception))}`,
      );
    }
    const json = await this.text(done.result);
    return JSON.parse(json) as R;
  }

  private async text(result: unknown): Promise<string> {
    if (typeof result === 'string') return result;
    // A long string comes as a grip; fetch its text.
    if (typeof result === 'object' && result !== null && (result as { type?: unknown }).type === 'longString') {
      const grip = result as { actor: string; length: number };
      const reply = await this.rdp.request(grip.actor, 'substring', { start: 0, end: grip.length });
      if (typeof reply.substring === 'string') return reply.substring;
    }
    throw new Error(`Unexpected evaluation result: ${JSON.stringify(result)}`);
  }
}
