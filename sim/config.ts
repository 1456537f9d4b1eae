// Default directory and modes, and validation of mode changes (shared by the API and the control endpoint).
import type { SimModes, SimUser } from './types.js';

export const DEFAULT_USERS: readonly SimUser[] = [
  // alice is the demo user (npm start), so she is the first operator of "support": `ring … --queue support` reaches her.
  {
    login: 'alice',
    line: '444',
    email: 'alice@example.com',
    password: 'alice-pass',
    name: 'Alice Nováková',
    token: 'demo-token-alice',
    queues: ['support'],
  },
  {
    login: 'bob',
    line: '445',
    email: 'bob@example.com',
    password: 'bob-pass',
    name: 'Bob Svoboda',
    token: 'demo-token-bob',
  },
  {
    login: 'carol',
    line: '446',
    email: 'carol@example.com',
    password: 'carol-pass',
    name: 'Carol Dvořáková',
    token: 'demo-token-carol',
    queues: ['support'],
  },
];

export const DEFAULT_MODES: Readonly<SimModes> = {
  rejectAuth: false,
  authDelayMs: 0,
  neverAnswerAuth: false,
  dropAfterAuthMs: null,
  tokenTtlSeconds: 3600,
  answerDelayMs: 1500,
  numericIds: false,
  ignorePing: false,
  noHandshake: false,
  eventShape: 'socket',
  socketIoStyle: 'named',
  newCall: true,
  cdr: false,
  ringTimeoutMs: null,
  refreshTokenTtlSeconds: 36_000,
  restCamelCase: false,
  crmCookie: null,
};

export function defaultUsers(): SimUser[] {
  return DEFAULT_USERS.map((u) => ({ ...u, ...(u.queues ? { queues: [...u.queues] } : {}) }));
}

const BOOLEAN_MODES = [
  'rejectAuth',
  'neverAnswerAuth',
  'numericIds',
  'ignorePing',
  'noHandshake',
  'newCall',
  'cdr',
  'restCamelCase',
] as const;
const NUMBER_MODES = ['authDelayMs', 'tokenTtlSeconds', 'answerDelayMs', 'refreshTokenTtlSeconds'] as const;
const CHOICE_MODES = { eventShape: ['socket', 'webhook'], socketIoStyle: ['named', 'message'] } as const;

/** Checks a partial mode object (from a test or from JSON); throws an Error naming the bad key. */
export function validateModes(input: unknown): Partial<SimModes> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('modes must be a JSON object');
  }
  const out: Partial<SimModes> = {};
  for (const [key, value] of Object.entries(input)) {
    if ((BOOLEAN_MODES as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw new Error(`mode ${key} must be a boolean`);
      out[key as (typeof BOOLEAN_MODES)[number]] = value;
    } else if ((NUMBER_MODES as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`mode ${key} must be a finite number`);
      // answerDelayMs < 0 means "never answer by itself"; the others must not be negative.
      if (key !== 'answerDelayMs' && value < 0) throw new Error(`mode ${key} must not be negative`);
      out[key as (typeof NUMBER_MODES)[number]] = value;
    } else if (key === 'dropAfterAuthMs' || key === 'ringTimeoutMs') {
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        throw new Error(`mode ${key} must be null or a non-negative number`);
      }
      out[key] = value;
    } else if (key === 'eventShape' || key === 'socketIoStyle') {
      const choices: readonly string[] = CHOICE_MODES[key];
      if (typeof value !== 'string' || !choices.includes(value))
        throw new Error(`mode ${key} must be one of ${choices.join(', ')}`);
      if (key === 'eventShape') out.eventShape = value === 'webhook' ? 'webhook' : 'socket';
      else out.socketIoStyle = value === 'message' ? 'message' : 'named';
    } else if (key === 'crmCookie') {
      if (value !== null && (typeof value !== 'string' || !/^[\w.-]{1,100}$/.test(value))) {
        throw new Error('mode crmCookie must be null or a short token (letters, digits, "_", ".", "-")');
      }
      out.crmCookie = value;
    } else {
      throw new Error(`unknown mode ${key}`);
    }
  }
  return out;
}
