/**
 * The `socket.io` dialect (docs/protocol.md "The Socket.IO dialect"): the official socket.io-client over its
 * WebSocket transport only (an MV3 service worker has no XMLHttpRequest, so long-polling fails there), with its own
 * reconnection off: the connection's backoff decides when to try again, for both dialects alike.
 *
 * The URL is the iPBX URL of the settings: its scheme picks TLS (ws/http or wss/https), its path is the Socket.IO
 * path (`/socket.io/` when it names none), its query goes along; the namespace is the default one.
 */
import { io } from 'socket.io-client';
import { decodeSocketIoEvent, encodeSocketIoAction, SOCKET_IO_PONG } from '../../shared/protocol.ts';
import type { OpenTransport, Transport, TransportHandlers } from './types.ts';

/** What we use of a socket.io-client Socket. */
export interface SocketIoLike {
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'connect_error', listener: (error: Error) => void): unknown;
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
  onAny(listener: (name: string, ...args: unknown[]) => void): unknown;
  emit(name: string, ...args: unknown[]): unknown;
  disconnect(): unknown;
}

export interface SocketIoOptions {
  path: string;
  query: Record<string, string>;
  transports: ['websocket'];
  reconnection: false;
  forceNew: true;
  timeout: number;
}

export type SocketIoConnect = (uri: string, options: SocketIoOptions) => SocketIoLike;

export const DEFAULT_SOCKET_IO_PATH = '/socket.io/';

/** Longer than the connection's own handshake timeout, which decides; this only keeps a stray socket from waiting. */
const SOCKET_IO_TIMEOUT_MS = 30_000;

/** Where io() goes for an iPBX URL: origin (https for wss), Socket.IO path, query. */
export function socketIoAddress(url: string): { uri: string; path: string; query: Record<string, string> } {
  const u = new URL(url);
  const secure = u.protocol === 'wss:' || u.protocol === 'https:';
  return {
    uri: `${secure ? 'https:' : 'http:'}//${u.host}`,
    path: u.pathname === '' || u.pathname === '/' ? DEFAULT_SOCKET_IO_PATH : u.pathname,
    query: Object.fromEntries(u.searchParams),
  };
}

/** An emit as the log shows it: its arguments as JSON, `["Ringing",{…}]`. */
export function emitText(args: readonly unknown[]): string {
  try {
    return JSON.stringify(args);
  } catch {
    return `["${String(args[0])}", …not JSON]`;
  }
}

export const realSocketIo: SocketIoConnect = (uri, options) => io(uri, options);

export function socketIoTransport(connect: SocketIoConnect = realSocketIo): OpenTransport {
  return (url: string, handlers: TransportHandlers): Transport => {
    const { uri, path, query } = socketIoAddress(url);
    const socket = connect(uri, {
      path,
      query,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: SOCKET_IO_TIMEOUT_MS,
    });
    let live = true;
    let opened = false;
    const end = (detail: string | undefined) => {
      if (!live) return;
      live = false;
      handlers.closed(opened, detail);
    };
    socket.on('connect', () => {
      if (!live || opened) return;
      opened = true;
      handlers.opened();
    });
    socket.on('connect_error', (error) => end(error.message || undefined));
    // 'io client disconnect' is ours (close() below); the others are the server's or the network's doing.
    socket.on('disconnect', (reason) => end(reason));
    socket.onAny((name, ...args) => {
      if (live) handlers.received(decodeSocketIoEvent(name, args), emitText([name, ...args]));
    });
    const emit = (args: readonly [string, ...unknown[]]): string => {
      socket.emit(...args);
      return emitText(args);
    };
    return {
      send: (action) => emit(encodeSocketIoAction(action)),
      pong: () => emit(SOCKET_IO_PONG),
      close: () => {
        live = false;
        socket.disconnect();
      },
    };
  };
}
