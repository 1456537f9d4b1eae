/**
 * Shared setup of the simulator's protocol tests (auth, originate, hangup, transfer, …): a `ws` client that records
 * every frame, frame matchers, and simulators and clients that are closed after each test, even when it fails.
 */
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type Simulator, type StartOptions } from '../../sim/simulator.js';

export interface Msg {
  raw: string;
  data: Record<string, unknown>;
}
export type Pred = (m: Msg) => boolean;

/** A protocol client that records every frame it gets. */
export class TestClient {
  readonly messages: Msg[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      const text = raw.toString('utf8');
      this.messages.push({ raw: text, data: JSON.parse(text) as Record<string, unknown> });
      for (const l of [...this.listeners]) l();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
    );
  }

  static open(url: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new TestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  send(frame: Record<string, unknown> | string | Buffer): void {
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or future) matching `pred`. */
  waitFor(pred: Pred, timeoutMs = 2000): Promise<Msg> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.messages.find(pred);
        if (!hit) return false;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(
          new Error(`client: no matching frame in ${timeoutMs} ms; got ${this.messages.map((m) => m.raw).join('\n')}`),
        );
      }, timeoutMs);
      if (!check()) this.listeners.add(check);
    });
  }

  /** Call events (Ringing/Answered/Hangup) received so far. */
  callEvents(): Record<string, unknown>[] {
    return this.messages.map((m) => m.data).filter((d) => ['Ringing', 'Answered', 'Hangup'].includes(String(d.event)));
  }

  close(): void {
    this.ws.terminate();
  }
}

export const event =
  (name: string, fields: Record<string, unknown> = {}): Pred =>
  (m) =>
    m.data.event === name && Object.entries(fields).every(([k, v]) => m.data[k] === v);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Every simulator and client a test opens is closed after it, even when the test fails.
export const sims: Simulator[] = [];
export const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

export async function start(opts: StartOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ ...opts, modes: { answerDelayMs: 40, ...opts.modes } });
  sims.push(sim);
  return sim;
}

export async function open(sim: Simulator): Promise<TestClient> {
  const client = await TestClient.open(sim.wsUrl);
  clients.push(client);
  return client;
}

/** Opens a connection and authenticates it with the user's static token. */
export async function login(sim: Simulator, who: string): Promise<TestClient> {
  const user = sim.users.find((u) => u.login === who);
  if (!user) throw new Error(`no user ${who}`);
  const client = await open(sim);
  client.send({ action: 'auth', token: user.token, identityType: 'login', identityValue: user.login });
  await client.waitFor(event('auth', { status: 'ok' }));
  return client;
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
