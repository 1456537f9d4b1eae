// The Socket.IO transport (issue 15 §3), with the official `socket.io` server at /socket.io/ on the simulator's port.
// Clients emit(action, payload) with the JSON frames' payloads (ping without one); the simulator answers with named
// events, emit('Ringing', {...}) without the event key (mode socketIoStyle "named"), or with one 'event' message
// carrying the whole object (socketIoStyle "message").
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server, type Socket } from 'socket.io';
import { eventNameOf, socketIoPayload, summarize, type FrameFields } from './frames.js';
import { label, sendError, type Session } from './protocol.js';
import { MAX_FRAME_BYTES, MAX_PAYLOAD_BYTES, type TransportHooks } from './transport.js';
import type { ReceivedFrame, SimUser } from './types.js';

export const SOCKET_IO_PATH = '/socket.io/';

class IoSession implements Session {
  readonly transport = 'socket.io';
  user: SimUser | null = null;
  readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly id: number,
    readonly socket: Socket,
    readonly remote: string,
    private readonly hooks: TransportHooks,
  ) {}

  isOpen(): boolean {
    return this.socket.connected;
  }

  send(fields: FrameFields): void {
    if (!this.isOpen()) return;
    const { numericIds, socketIoStyle } = this.hooks.modes();
    const name = eventNameOf(fields);
    if (socketIoStyle === 'message') {
      this.emit('event', [socketIoPayload(fields, numericIds)]);
    } else {
      const eventKey = 'event' in fields ? 'event' : 'EventName';
      this.emit(name, [socketIoPayload(fields, numericIds, eventKey)]);
    }
  }

  emit(name: string, args: unknown[]): void {
    this.socket.emit(name, ...args);
    this.hooks.log(`${label(this)} <- emit ${summarize(safeJson([name, ...args]))}`);
  }

  close(code: number, reason: string): void {
    if (!this.socket.connected) return;
    this.hooks.log(`${label(this)} disconnecting (${code} ${reason})`);
    this.socket.disconnect(true);
  }
}

/** JSON of an emit for logs and the frame record; what cannot be written as JSON is named instead. */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '[not JSON]';
  }
}

function isBinary(value: unknown): boolean {
  return Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

export class SocketIoTransport {
  /**
   * Attached to a server that never listens: the simulator's own server hands /socket.io/ requests and upgrades to
   * the engine, so that noHandshake and the path rules stay in one place.
   */
  private readonly io = new Server(createServer(), {
    path: SOCKET_IO_PATH,
    serveClient: false,
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    cors: { origin: true, credentials: true },
  });
  private readonly sessions = new Set<IoSession>();

  constructor(private readonly hooks: TransportHooks) {
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    this.io.engine.handleRequest(req, res);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.io.engine.handleUpgrade(req, socket, head);
  }

  /** Emits anything to the authenticated sessions (of one user), for tolerance tests. */
  emitRaw(name: string, args: unknown[], to: (user: SimUser) => boolean): void {
    for (const s of this.sessions) if (s.user !== null && s.isOpen() && to(s.user)) s.emit(name, args);
  }

  async close(): Promise<void> {
    await this.io.close();
  }

  private onConnection(socket: Socket): void {
    const remote = `${socket.handshake.address}`;
    const session = new IoSession(this.hooks.nextId(), socket, remote, this.hooks);
    this.sessions.add(session);
    this.hooks.opened(session);
    socket.onAny((name: unknown, ...args: unknown[]) => {
      try {
        this.onEmit(session, name, args);
      } catch (err) {
        this.hooks.log(
          `${label(session)} error handling an emit: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
    });
    socket.on('disconnect', (reason: string) => {
      this.sessions.delete(session);
      this.hooks.closed(session, reason);
    });
  }

  private onEmit(session: IoSession, name: unknown, args: unknown[]): void {
    const action = typeof name === 'string' ? name : '';
    const raw = safeJson([name, ...args]);
    const payload = args[0];
    const frame: ReceivedFrame = {
      at: Date.now(),
      user: session.user?.login ?? null,
      raw,
      data: null,
      transport: 'socket.io',
    };
    let refusal: string | null = null;
    if (isBinary(payload)) {
      frame.binary = true;
      refusal = 'Binary frames are not supported';
    } else if (Buffer.byteLength(raw) > MAX_FRAME_BYTES) {
      refusal = 'Frame too large';
    } else if (payload === undefined || (typeof payload === 'object' && payload !== null && !Array.isArray(payload))) {
      // The emitted name is the action, whatever the payload says.
      frame.data = { ...(payload ?? {}), action };
    } else {
      refusal = 'Payload must be a JSON object';
    }
    this.hooks.log(`${label(session)} -> emit ${summarize(raw)}`);
    this.hooks.record(frame);
    if (refusal !== null || frame.data === null)
      sendError(session, refusal ?? 'Payload must be a JSON object', action || undefined);
    else this.hooks.receive(session, frame.data);
  }
}
