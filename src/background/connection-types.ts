/** The connection's contract with the engine and the tests: what it connects to, what it needs, how it refuses. */
import type { TokenSource } from './tokens.ts';
import type { TransportKind, Transports } from './transport/types.ts';
import type { Timers } from './timers.ts';
import type { IdentityType } from '../shared/protocol.ts';
import type { ConnectionStatus, StatusReason } from '../shared/status.ts';
import type { Logger } from '../shared/log.ts';

export interface ConnectionTarget {
  url: string;
  transport: TransportKind;
  identityType: IdentityType;
  identityValue: string;
  tokens: TokenSource;
}

/** Every frame in and out, as it went over the wire (the connection log redacts and keeps it). */
export type WireTap = (direction: 'in' | 'out', dialect: TransportKind, text: string) => void;

export interface ConnectionOptions {
  transports: Transports;
  log: Logger;
  wire?: WireTap;
  timers?: Timers;
  now?: () => number;
  random?: () => number;
  handshakeTimeoutMs?: number;
  authTimeoutMs?: number;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
}

/** A request that could not be sent; `reason` is a message key the UI can show. */
export class NotConnectedError extends Error {
  constructor(readonly reason: StatusReason | 'reasonTimedOut') {
    super(reason);
    this.name = 'NotConnectedError';
  }
}

/** An attempt is under way. */
export function isBusy(s: ConnectionStatus): boolean {
  return s.state === 'connecting' || s.state === 'authenticating';
}

/** The status with a `detail` only when there is one: no `detail: undefined` in what the pages receive. */
export function withDetail<S extends Omit<ConnectionStatus, 'since'>>(status: S, detail: string | undefined): S {
  return detail === undefined ? status : { ...status, detail };
}
