/**
 * What the connection needs of a dialect (docs/protocol.md "Transport"): open to a URL, tell when it is ready for the
 * auth frame, hand over every frame decoded by the one codec (with its wire text, for the connection log), send
 * actions, and tell once when it is gone. websocket.ts speaks JSON frames, socket-io.ts Socket.IO emits.
 */
import type { ClientAction, Decoded } from '../../shared/protocol.ts';
import type { TransportKind } from '../../shared/transports.ts';

export type { TransportKind };

export interface TransportHandlers {
  /** Connected: the auth frame may go. */
  opened(): void;
  /** One frame or emit from the iPBX, decoded; `wire` is how it came (for the log). */
  received(decoded: Decoded, wire: string): void;
  /** Gone, once: `opened` says whether it had opened; `detail` is the close code or error in words. */
  closed(opened: boolean, detail: string | undefined): void;
}

export interface Transport {
  /** Sends an action; returns its wire text (for the log). */
  send(action: ClientAction): string;
  /** Answers the iPBX's own ping; returns its wire text. */
  pong(): string;
  /** Closes it; its handlers are not called any more. */
  close(): void;
}

export type OpenTransport = (url: string, handlers: TransportHandlers) => Transport;

/** One opener per dialect. */
export type Transports = Readonly<Record<TransportKind, OpenTransport>>;
