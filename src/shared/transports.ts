/** The two dialects the iPBX may speak (setting `transport`, docs/protocol.md "Transport"). */
export const TRANSPORTS = ['websocket', 'socket.io'] as const;
export type TransportKind = (typeof TRANSPORTS)[number];
