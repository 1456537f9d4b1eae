/**
 * Real clients for the simulator's tests: a `ws` WebSocket speaking JSON frames, and the official socket.io-client.
 * Each records everything it gets; waitFor() resolves with a past or future match. Both are closed after each test.
 */
import { io, type Socket } from 'socket.io-client';
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type Simulator, type StartOptions } from '../../sim/simulator.js';

export type Data = Record<string, unknown>;

/** Resolves with the first item (already there or still to come) that matches. */
class Recorder<T> {
  readonly items: T[] = [];
  private readonly listeners = new Set<() => void>();

  push(item: T): void {
    this.items.push(item);
    for (const l of [...this.listeners]) l();
  }

  waitFor(pred: (item: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.items.find(pred);
        if (hit === undefined) return false;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`no matching item in ${timeoutMs} ms; got ${describe()}`));
      }, timeoutMs);
      if (!check()) this.listeners.add(check);
    });
  }
}

export interface Frame {
  raw: string;
  data: Data;
}

export class WsClient {
  readonly frames = new Recorder<Frame>();
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      const text = raw.toString('utf8');
      this.frames.push({ raw: text, data: JSON.parse(text) as Data });
    });
    this.closed = new Promise((resolve) => ws.on('close', (code: number) => resolve(code)));
  }

  static open(url: string): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const client = new WsClient(new WebSocket(url));
      client.ws.once('open', () => resolve(client));
      client.ws.once('error', reject);
    });
  }

  send(frame: Data): void {
    this.ws.send(JSON.stringify(frame));
  }

  waitFor(pred: (f: Frame) => boolean, timeoutMs = 2000): Promise<Frame> {
    return this.frames.waitFor(pred, timeoutMs, () => this.frames.items.map((f) => f.raw).join('\n'));
  }

  /** The event names (either key spelling) received so far. */
  names(): string[] {
    return this.frames.items.map((f) => String(f.data.event ?? f.data.EventName));
  }

  close(): void {
    this.ws.terminate();
  }
}

export interface Emit {
  name: string;
  args: unknown[];
}

export class IoClient {
  readonly emits = new Recorder<Emit>();
  readonly disconnected: Promise<string>;

  private constructor(readonly socket: Socket) {
    socket.onAny((name: string, ...args: unknown[]) => this.emits.push({ name, args }));
    this.disconnected = new Promise((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
  }

  /** Connects over Socket.IO's WebSocket transport (what an MV3 service worker can use), or the one given. */
  static open(
    url: string,
    transports: ('websocket' | 'polling')[] = ['websocket'],
    timeoutMs = 3000,
  ): Promise<IoClient> {
    const socket = io(url, { transports, reconnection: false, forceNew: true, timeout: timeoutMs });
    const client = new IoClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(client));
      socket.once('connect_error', (err) => {
        socket.close();
        reject(err);
      });
    });
  }

  emit(name: string, payload?: Data): void {
    if (payload === undefined) this.socket.emit(name);
    else this.socket.emit(name, payload);
  }

  waitFor(pred: (e: Emit) => boolean, timeoutMs = 2000): Promise<Emit> {
    return this.emits.waitFor(pred, timeoutMs, () =>
      this.emits.items.map((e) => JSON.stringify([e.name, ...e.args])).join('\n'),
    );
  }

  /** The first payload of a named event, once it came. */
  async payload(name: string, fields: Data = {}, timeoutMs = 2000): Promise<Data> {
    const e = await this.waitFor((x) => x.name === name && matches(x.args[0], fields), timeoutMs);
    return asData(e.args[0]);
  }

  close(): void {
    this.socket.close();
  }
}

export function asData(value: unknown): Data {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`not an object: ${JSON.stringify(value)}`);
  return Object.fromEntries(Object.entries(value));
}

function matches(value: unknown, fields: Data): boolean {
  if (typeof value !== 'object' || value === null) return Object.keys(fields).length === 0;
  const entries = new Map(Object.entries(value));
  return Object.entries(fields).every(([k, v]) => entries.get(k) === v);
}

/** A frame with this event name (either key spelling) and these fields. */
export const event =
  (name: string, fields: Data = {}) =>
  (f: Frame): boolean =>
    (f.data.event ?? f.data.EventName) === name && Object.entries(fields).every(([k, v]) => f.data[k] === v);

const sims: Simulator[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

/** A simulator for one test (fast answers), closed after it. */
export async function start(opts: StartOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ ...opts, modes: { answerDelayMs: 40, ...opts.modes } });
  sims.push(sim);
  return sim;
}

function userOf(sim: Simulator, who: string) {
  const user = sim.users.find((u) => u.login === who);
  if (!user) throw new Error(`no user ${who}`);
  return user;
}

/** A WebSocket signed in as the user (static token, or the token given). */
export async function wsLogin(sim: Simulator, who: string, token?: string): Promise<WsClient> {
  const user = userOf(sim, who);
  const client = await WsClient.open(sim.wsUrl);
  closers.push(() => client.close());
  client.send({ action: 'auth', token: token ?? user.token, identityType: 'login', identityValue: user.login });
  await client.waitFor(event('auth', { status: 'ok' }));
  return client;
}

/** A Socket.IO connection, not signed in yet. */
export async function ioOpen(sim: Simulator, transports?: ('websocket' | 'polling')[]): Promise<IoClient> {
  const client = await IoClient.open(sim.socketIoUrl, transports);
  closers.push(() => client.close());
  return client;
}

/** A Socket.IO connection signed in as the user (static token, or the token given). */
export async function ioLogin(sim: Simulator, who: string, token?: string): Promise<IoClient> {
  const user = userOf(sim, who);
  const client = await ioOpen(sim);
  client.emit('auth', { token: token ?? user.token, identityType: 'login', identityValue: user.login });
  // Named (emit('auth', …)) or one 'event' message, whichever style the simulator is in.
  await client.waitFor(
    (e) =>
      (e.name === 'auth' || (e.name === 'event' && asData(e.args[0]).event === 'auth')) &&
      asData(e.args[0]).status === 'ok',
  );
  return client;
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: Data }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: asData(await res.json()) };
}

export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Data; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: asData(await res.json()), headers: res.headers };
}
