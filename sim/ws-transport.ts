// The plain WebSocket transport: one JSON object per text frame, at /ws (and /).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { encodeFrame, summarize, type FrameFields } from './frames.js';
import { label, sendError, type Session } from './protocol.js';
import { CLOSE_GRACE_MS, MAX_FRAME_BYTES, MAX_PAYLOAD_BYTES, type TransportHooks } from './transport.js';
import type { ReceivedFrame, SimUser } from './types.js';

export const WS_PATH = '/ws';

class WsSession implements Session {
  readonly transport = 'ws';
  user: SimUser | null = null;
  readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly id: number,
    readonly ws: WebSocket,
    readonly remote: string,
    private readonly hooks: TransportHooks,
  ) {}

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(fields: FrameFields): void {
    if (!this.isOpen()) return;
    const text = encodeFrame(fields, this.hooks.modes().numericIds);
    this.ws.send(text);
    this.hooks.log(`${label(this)} <- ${summarize(text)}`);
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
    this.hooks.log(
      `${label(this)} <- raw ${typeof data === 'string' ? summarize(data) : `[binary ${data.length} bytes]`}`,
    );
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.hooks.log(`${label(this)} closing (${code} ${reason})`);
    this.ws.close(code, reason);
    // A client that never answers the close handshake is cut off.
    this.hooks.later(CLOSE_GRACE_MS, () => this.ws.terminate());
  }
}

export class WsTransport {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  private readonly sessions = new Set<WsSession>();

  constructor(private readonly hooks: TransportHooks) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  /** Raw text or bytes to the authenticated sessions (of one user), for tolerance tests. */
  sendRaw(data: string | Buffer, to: (user: SimUser) => boolean): void {
    for (const s of this.sessions) if (s.user !== null && s.isOpen() && to(s.user)) s.sendRaw(data);
  }

  close(): void {
    for (const s of this.sessions) s.ws.terminate();
    this.wss.close();
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const session = new WsSession(this.hooks.nextId(), ws, remote, this.hooks);
    this.sessions.add(session);
    this.hooks.opened(session);
    ws.on('message', (raw: RawData, isBinary: boolean) => {
      try {
        this.onMessage(session, raw, isBinary);
      } catch (err) {
        // Never let one bad frame take the simulator down.
        this.hooks.log(
          `${label(session)} error handling a frame: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
    });
    ws.on('error', (err: Error) => this.hooks.log(`${label(session)} socket error: ${err.message}`));
    ws.on('close', (code: number, reason: Buffer) => {
      this.sessions.delete(session);
      this.hooks.closed(session, `${code}${reason.length ? ` ${reason.toString()}` : ''}`);
    });
  }

  private onMessage(session: WsSession, raw: RawData, isBinary: boolean): void {
    const buf = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    const text = buf.toString('utf8');
    const frame: ReceivedFrame = { at: Date.now(), user: session.user?.login ?? null, raw: text, data: null };
    if (isBinary) frame.binary = true;
    let refusal: string | null = null;
    if (isBinary) {
      refusal = 'Binary frames are not supported';
    } else if (buf.length > MAX_FRAME_BYTES) {
      refusal = 'Frame too large';
    } else {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          frame.data = parsed as Record<string, unknown>;
        } else {
          refusal = 'Frame must be a JSON object';
        }
      } catch {
        refusal = 'Invalid JSON';
      }
    }
    this.hooks.log(`${label(session)} -> ${isBinary ? `[binary ${buf.length} bytes]` : summarize(text)}`);
    this.hooks.record(frame);
    if (refusal !== null || frame.data === null) sendError(session, refusal ?? 'Invalid JSON');
    else this.hooks.receive(session, frame.data);
  }
}
