/** The connection status every context can read, with a human reason (a message key, see _locales). */
import type { ConfigProblem } from './settings.ts';

export type ConnectionState =
  | 'misconfigured'
  | 'disconnected'
  | 'connecting'
  | 'authenticating'
  | 'connected'
  | 'auth-failed';

export type StatusReason =
  | ConfigProblem
  | 'reasonOffline'
  | 'reasonUnreachable'
  | 'reasonHandshakeTimeout'
  | 'reasonAuthTimeout'
  | 'reasonClosedDuringAuth'
  | 'reasonAuthRejected'
  | 'reasonConnectionLost'
  | 'reasonKeepaliveTimeout'
  | 'reasonRestUnreachable'
  | 'reasonSignInAgain'
  | 'reasonSignInRefused'
  | 'reasonNotSignedIn'
  | 'reasonNotConnected';

export interface ConnectionStatus {
  state: ConnectionState;
  reason?: StatusReason;
  /** Extra text for the reason, e.g. the iPBX's own message. Shown as text, never as markup. */
  detail?: string;
  /** When the next automatic attempt is due (epoch ms), while disconnected. */
  retryAt?: number;
  /** The user's line, as the iPBX reported it on auth. */
  line?: string;
  since: number;
}
