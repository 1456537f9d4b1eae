// What the two transports (ws-transport.ts, socketio-transport.ts) need from the simulator.
import type { Session } from './protocol.js';
import type { ReceivedFrame, SimModes } from './types.js';

/** Frames over this size are refused (the client's own limit in docs/protocol.md). */
export const MAX_FRAME_BYTES = 256 * 1024;
/** Above this, the transport itself closes the connection without reading the frame into memory. */
export const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;
/** How long a closing WebSocket may take for the close handshake before it is cut. */
export const CLOSE_GRACE_MS = 1000;

export interface TransportHooks {
  nextId(): number;
  opened(session: Session): void;
  closed(session: Session, detail: string): void;
  /** Records a client frame (and wakes waiters). */
  record(frame: ReceivedFrame): void;
  /** A well-formed client frame, for the protocol. */
  receive(session: Session, data: Record<string, unknown>): void;
  modes(): SimModes;
  log(line: string): void;
  later(ms: number, fn: () => void, owner?: Set<NodeJS.Timeout>): void;
}
