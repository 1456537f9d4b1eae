// Public types of the iPBX simulator. `sim/simulator.ts` re-exports them; other tests import them from there.

export interface SimUser {
  login: string;
  line: string;
  email: string;
  password: string;
  name: string;
  /** Static token accepted by `auth` forever (REST access tokens are issued on top of it). */
  token: string;
  /** Queues the user is an operator of; call events of a queue call carry `queue`. Optional extension. */
  queues?: string[];
}

export interface SimModes {
  /** Answer every auth with status error, message "Invalid token". */
  rejectAuth: boolean;
  /** Delay before answering auth. */
  authDelayMs: number;
  /** Never answer auth. */
  neverAnswerAuth: boolean;
  /** Close each connection this many ms after a successful auth (null = never). */
  dropAfterAuthMs: number | null;
  /** expires_in of REST access tokens; expired tokens are refused by auth with "Token expired". */
  tokenTtlSeconds: number;
  /** originate / transfer: delay from Ringing to Answered. A negative value means "never answer by itself". */
  answerDelayMs: number;
  /** Write uniqueId, from, to, line as bare JSON numbers where their text is a JSON number. */
  numericIds: boolean;
  /** Do not answer {"action":"ping"}. */
  ignorePing: boolean;
  /** Accept TCP on the WS port but never complete the WebSocket upgrade. */
  noHandshake: boolean;
}

export interface ReceivedFrame {
  /** Date.now() when the frame arrived. */
  at: number;
  /** Login of the connection's authenticated user when the frame arrived, else null. */
  user: string | null;
  /** The frame text (binary frames: decoded as UTF-8, with `binary: true`). */
  raw: string;
  /** The parsed frame when it is a JSON object, else null. */
  data: Record<string, unknown> | null;
  /** True for a binary frame (the protocol allows text frames only). */
  binary?: boolean;
}

export type CallDirection = 'incoming' | 'outgoing' | 'incomingLocal' | 'outgoingLocal';

/** One user's view of a call (an internal call appears once per user involved, with the same uniqueId). */
export interface SimCall {
  uniqueId: string;
  from: string;
  to: string;
  direction: CallDirection;
  line: string;
  queue?: string;
  state: 'ringing' | 'answered';
  /** Login of the user this view belongs to. */
  user: string;
}

export interface Simulator {
  port: number;
  /** ws://HOST:PORT/ws (the root path "/" is accepted as well). */
  wsUrl: string;
  /** http://HOST:PORT: demo CRM page at "/", control endpoint under "/control". */
  httpUrl: string;
  /** http://HOST:PORT, so `${restUrl}/v1/sso/login`. */
  restUrl: string;
  users: SimUser[];
  /** Every client frame, in order. */
  received: ReceivedFrame[];
  waitForFrame(pred: (f: ReceivedFrame) => boolean, timeoutMs?: number): Promise<ReceivedFrame>;
  authenticatedCount(): number;
  waitForAuthenticated(count?: number, timeoutMs?: number): Promise<void>;
  ring(opts: { from: string; line?: string; queue?: string }): string;
  answer(uniqueId: string): void;
  hangup(uniqueId: string, reason?: string): void;
  calls(): SimCall[];
  setModes(m: Partial<SimModes>): void;
  modes: SimModes;
  dropConnections(): void;
  /** Makes every REST access token issued so far expired (auth answers "Token expired"); refresh tokens still work. Extension. */
  expireTokens(): void;
  sendRaw(data: string | Buffer, user?: string): void;
  close(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  host?: string;
  users?: SimUser[];
  modes?: Partial<SimModes>;
  log?: (line: string) => void;
  /** Clock in ms since the epoch, for uniqueIds and token expiry (default Date.now). Optional extension. */
  clock?: () => number;
  /**
   * Where the counter part of uniqueIds starts (default 1940). An iPBX restarted within the same second would hand out
   * the ids of its previous run again; a test that restarts the simulator that fast sets another start.
   */
  firstIdCounter?: number;
}
