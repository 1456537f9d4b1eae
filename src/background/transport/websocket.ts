/** The `websocket` dialect: a plain WebSocket, one JSON object per text frame (docs/protocol.md "Frames"). */
import { decodeFrame, encodeAction, PONG_FRAME } from '../../shared/protocol.ts';
import type { OpenTransport, Transport, TransportHandlers } from './types.ts';

/** What we need of a WebSocket; the browser's, or ws in Node tests. */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code: number; reason: string }) => void): void;
}

export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;

/** The frame as text for the log: binary frames by their size only. */
function wireText(data: unknown): string {
  if (typeof data === 'string') return data;
  const size = data instanceof ArrayBuffer ? data.byteLength : ArrayBuffer.isView(data) ? data.byteLength : 0;
  return `[binary frame, ${size} bytes]`;
}

/** A close code worth showing: not a normal close (1000) nor "no status" (1005). */
function closeDetail(ev: { code: number; reason: string }): string | undefined {
  return ev.code && ev.code !== 1000 && ev.code !== 1005
    ? `code ${ev.code}${ev.reason ? `: ${ev.reason}` : ''}`
    : undefined;
}

export function websocketTransport(createSocket: SocketFactory): OpenTransport {
  return (url: string, handlers: TransportHandlers): Transport => {
    // A socket that cannot even be created (a malformed URL) throws here; the connection reports it as unreachable.
    const socket = createSocket(url);
    socket.binaryType = 'arraybuffer';
    let live = true;
    let opened = false;
    socket.addEventListener('open', () => {
      if (!live) return;
      opened = true;
      handlers.opened();
    });
    socket.addEventListener('message', (ev) => {
      if (live) handlers.received(decodeFrame(ev.data), wireText(ev.data));
    });
    // A close event always follows an error, and the reason is decided there. The listener still matters: without
    // one, some WebSocket implementations (ws in Node) throw when a connecting socket is closed.
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('close', (ev) => {
      if (!live) return;
      live = false;
      handlers.closed(opened, closeDetail(ev));
    });
    const write = (text: string): string => {
      if (socket.readyState === OPEN) socket.send(text);
      return text;
    };
    return {
      send: (action) => write(encodeAction(action)),
      pong: () => write(PONG_FRAME),
      close: () => {
        live = false;
        try {
          socket.close(1000, 'closing');
        } catch {
          // a socket that never opened can refuse to close; it is dropped either way
        }
      },
    };
  };
}
