// The CLI's mode flags (`npm run sim -- modes …`, also accepted when starting): flag definitions and the change they ask for.
import { DEFAULT_MODES } from './config.js';
import type { SimModes } from './types.js';

export class CliError extends Error {}

export const MODE_FLAGS = {
  'reject-auth': { type: 'boolean' },
  'accept-auth': { type: 'boolean' },
  'never-answer-auth': { type: 'boolean' },
  'auth-delay': { type: 'string' },
  'drop-after-auth': { type: 'string' },
  'token-ttl': { type: 'string' },
  'refresh-ttl': { type: 'string' },
  'answer-delay': { type: 'string' },
  'ring-timeout': { type: 'string' },
  'numeric-ids': { type: 'boolean' },
  'string-ids': { type: 'boolean' },
  'ignore-ping': { type: 'boolean' },
  'answer-ping': { type: 'boolean' },
  'no-handshake': { type: 'boolean' },
  handshake: { type: 'boolean' },
  'event-shape': { type: 'string' },
  'socket-io-style': { type: 'string' },
  'new-call': { type: 'boolean' },
  'no-new-call': { type: 'boolean' },
  cdr: { type: 'boolean' },
  'no-cdr': { type: 'boolean' },
  'rest-camel-case': { type: 'boolean' },
  'rest-snake-case': { type: 'boolean' },
  'crm-cookie': { type: 'string' },
  reset: { type: 'boolean' },
} as const;

export const MODES_USAGE = `      --reject-auth | --accept-auth     refuse every auth ("Invalid token") | answer auth normally again
      --never-answer-auth               never answer auth
      --auth-delay <ms>                 delay before answering auth
      --drop-after-auth <ms|off>        close each connection <ms> after its auth
      --token-ttl <seconds>             expires_in of new access tokens (REST and OAuth)
      --refresh-ttl <seconds>           refresh_expires_in of new refresh tokens
      --answer-delay <ms|never>         originate/transfer: Ringing -> Answered delay
      --ring-timeout <ms|off>           a call ringing that long ends "No user response" (missed)
      --numeric-ids | --string-ids      write uniqueId/from/to/line as bare JSON numbers | as strings
      --ignore-ping | --answer-ping     stop | resume answering ping
      --no-handshake | --handshake      hold new WebSocket/Socket.IO upgrades unanswered | accept them
      --event-shape socket|webhook      call/agent/CDR events as {"event",…} | PascalCase {"EventName",…}
      --socket-io-style named|message   Socket.IO: emit('Ringing', {...}) | emit('event', {"event":"Ringing",...})
      --new-call | --no-new-call        send NewCall before Ringing (default) | do not
      --cdr | --no-cdr                  send a CDR after each Hangup | do not (default)
      --rest-camel-case | --rest-snake-case
                                        /v1/sso answers accessToken, refreshToken, expiresAt | the default spelling
      --crm-cookie <value|off>          /crm/lookup needs the cookie crm_session=<value> (GET /crm/login sets it)
      --reset                           back to the defaults`;

type Flags = Record<string, string | boolean | undefined>;

export function parseNumber(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new CliError(`--${name} needs a non-negative number, got "${value}"`);
  return n;
}

function choice<T extends string>(name: string, value: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === value);
  if (found === undefined) throw new CliError(`--${name} must be ${choices.join(' or ')}, got "${value}"`);
  return found;
}

/** The mode change the flags ask for (empty: none). */
export function modeChange(values: Flags): Partial<SimModes> {
  const change: Partial<SimModes> = values.reset ? { ...DEFAULT_MODES } : {};
  const str = (key: string): string | undefined => {
    const v = values[key];
    return typeof v === 'string' ? v : undefined;
  };
  const msOrOff = (key: string, off: string): number | null | undefined => {
    const v = str(key);
    return v === undefined ? undefined : v === off ? null : parseNumber(key, v);
  };
  if (values['reject-auth']) change.rejectAuth = true;
  if (values['accept-auth']) Object.assign(change, { rejectAuth: false, neverAnswerAuth: false });
  if (values['never-answer-auth']) change.neverAnswerAuth = true;
  const authDelay = str('auth-delay');
  if (authDelay !== undefined) change.authDelayMs = parseNumber('auth-delay', authDelay);
  const dropAfter = msOrOff('drop-after-auth', 'off');
  if (dropAfter !== undefined) change.dropAfterAuthMs = dropAfter;
  const ttl = str('token-ttl');
  if (ttl !== undefined) change.tokenTtlSeconds = parseNumber('token-ttl', ttl);
  const refreshTtl = str('refresh-ttl');
  if (refreshTtl !== undefined) change.refreshTokenTtlSeconds = parseNumber('refresh-ttl', refreshTtl);
  const answerDelay = msOrOff('answer-delay', 'never');
  if (answerDelay !== undefined) change.answerDelayMs = answerDelay ?? -1;
  const ringTimeout = msOrOff('ring-timeout', 'off');
  if (ringTimeout !== undefined) change.ringTimeoutMs = ringTimeout;
  if (values['numeric-ids']) change.numericIds = true;
  if (values['string-ids']) change.numericIds = false;
  if (values['ignore-ping']) change.ignorePing = true;
  if (values['answer-ping']) change.ignorePing = false;
  if (values['no-handshake']) change.noHandshake = true;
  if (values.handshake) change.noHandshake = false;
  const shape = str('event-shape');
  if (shape !== undefined) change.eventShape = choice('event-shape', shape, ['socket', 'webhook'] as const);
  const style = str('socket-io-style');
  if (style !== undefined) change.socketIoStyle = choice('socket-io-style', style, ['named', 'message'] as const);
  if (values['new-call']) change.newCall = true;
  if (values['no-new-call']) change.newCall = false;
  if (values.cdr) change.cdr = true;
  if (values['no-cdr']) change.cdr = false;
  if (values['rest-camel-case']) change.restCamelCase = true;
  if (values['rest-snake-case']) change.restCamelCase = false;
  const cookie = str('crm-cookie');
  if (cookie !== undefined) change.crmCookie = cookie === 'off' ? null : cookie;
  return change;
}
