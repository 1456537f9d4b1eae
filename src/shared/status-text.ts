/** The connection status in words, for the badge title and the pages. */
import { stripBidi } from './bidi.ts';
import { t, type MessageKey } from './i18n.ts';
import type { ConnectionState, ConnectionStatus } from './status.ts';

const STATE_KEY: Record<ConnectionState, MessageKey> = {
  misconfigured: 'stateMisconfigured',
  disconnected: 'stateDisconnected',
  connecting: 'stateConnecting',
  authenticating: 'stateAuthenticating',
  connected: 'stateConnected',
  'auth-failed': 'stateAuthFailed',
};

export function stateLabel(status: ConnectionStatus): string {
  return status.state === 'connected' && status.line
    ? t('stateConnectedLine', stripBidi(status.line))
    : t(STATE_KEY[status.state]);
}

/** The human reason, with the iPBX's own words where it gave some. */
export function reasonText(status: ConnectionStatus): string {
  if (!status.reason) return '';
  const reason = t(status.reason);
  return status.detail ? `${reason} (${status.detail})` : reason;
}
