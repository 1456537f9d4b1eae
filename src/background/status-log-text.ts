/** A status change as the connection log shows it: in the user's words, with its reason's key for a support request. */
import { t } from '../shared/i18n.ts';
import type { ConnectionStatus } from '../shared/status.ts';
import { reasonText, stateLabel } from '../shared/status-text.ts';
import type { TransportKind } from '../shared/transports.ts';

export function statusLogText(status: ConnectionStatus, dialect: TransportKind | undefined): string {
  const parts = [stateLabel(status)];
  if (dialect !== undefined && status.state !== 'misconfigured') parts[0] += ` (${dialect})`;
  if (status.reason) parts.push(`${reasonText(status)} [${status.reason}]`);
  if (status.retryAt !== undefined) {
    parts.push(t('retryIn', String(Math.max(0, Math.round((status.retryAt - status.since) / 1000)))));
  }
  return parts.join(' · ');
}
