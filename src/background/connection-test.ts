/**
 * "Test connection" (the options page) and the panel's Retry: try now (unless connected) and resolve with that
 * attempt's outcome, so the user sees a real result rather than a status that may still change; at the deadline,
 * the status as it is then.
 */
import type { Connection } from './connection.ts';
import { isBusy } from './connection-types.ts';
import { deadline, type Timers } from './timers.ts';
import type { ConnectionStatus } from '../shared/status.ts';

export function testConnection(
  connection: Pick<Connection, 'configured' | 'status' | 'onStatus' | 'retryNow'>,
  timers: Timers,
  timeoutMs: number,
): Promise<ConnectionStatus> {
  if (!connection.configured || connection.status.state === 'connected') return Promise.resolve(connection.status);
  const done = (s: ConnectionStatus): void => {
    off();
    outcome.resolve(s);
  };
  const outcome = deadline<ConnectionStatus>(timers, timeoutMs, () => done(connection.status));
  const off = connection.onStatus((s) => {
    if (!isBusy(s)) done(s);
  });
  connection.retryNow();
  return outcome.promise;
}
