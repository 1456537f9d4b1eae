/**
 * The one codec for the iPBX wire protocol (docs/protocol.md). Every frame that leaves or enters the extension goes
 * through it, in either dialect: JSON frames on a plain WebSocket (encodeAction, decodeFrame) or Socket.IO emits
 * (encodeSocketIoAction, decodeSocketIoEvent). Nothing else touches raw frames. The parts live in ./protocol/.
 */
export * from './protocol/types.ts';
export { decodeFrame, describeAction, encodeAction, PONG_FRAME } from './protocol/json-frames.ts';
export {
  decodeSocketIoEvent,
  encodeSocketIoAction,
  SOCKET_IO_EVENT_MESSAGE,
  SOCKET_IO_PONG,
  type SocketIoEmit,
  type SocketIoPayload,
} from './protocol/socket-io.ts';
export { logUnknownEventOnce, MAX_UNKNOWN_NAMES, OncePerName } from './protocol/unknown-events.ts';
