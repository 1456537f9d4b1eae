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

/** `socket`: {"event":"Ringing","uniqueId":…}; `webhook`: the platform's webhooks, {"EventName":"Ringing","UniqueId":…}. */
export type EventShape = 'socket' | 'webhook';
/** Socket.IO: `named` emits emit('Ringing', {...}); `message` emits emit('event', {"event":"Ringing",...}). */
export type SocketIoStyle = 'named' | 'message';

export interface SimModes {
  /** Answer every auth with status error, message "Invalid token". */
  rejectAuth: boolean;
  /** Delay before answering auth. */
  authDelayMs: number;
  /** Never answer auth. */
  neverAnswerAuth: boolean;
  /** Close each connection this many ms after a successful auth (null = never). */
  dropAfterAuthMs: number | null;
  /** expires_in of REST and OAuth access tokens; expired tokens are refused by auth with "Token expired". */
  tokenTtlSeconds: number;
  /** originate / transfer: delay from Ringing to Answered. A negative value means "never answer by itself". */
  answerDelayMs: number;
  /** Write uniqueId, from, to, line as bare JSON numbers where their text is a JSON number. */
  numericIds: boolean;
  /** Do not answer {"action":"ping"}. */
  ignorePing: boolean;
  /** Accept TCP on the WS port but never complete the WebSocket upgrade (both /ws and /socket.io/). */
  noHandshake: boolean;
  /** The shape of call, agent and CDR events (protocol answers such as auth stay in the socket shape). Extension. */
  eventShape: EventShape;
  /** How Socket.IO connections get events. Extension. */
  socketIoStyle: SocketIoStyle;
  /** Send NewCall before each Ringing. Extension. */
  newCall: boolean;
  /** Send a CDR event after each Hangup. Extension. */
  cdr: boolean;
  /** A call still ringing this long ends with Hangup reason "No user response" (null = rings until told). Extension. */
  ringTimeoutMs: number | null;
  /** refresh_expires_in of new refresh tokens (OAuth and REST); an expired refresh token is refused. Extension. */
  refreshTokenTtlSeconds: number;
  /** /v1/sso/login and /refresh answer camelCase: accessToken, refreshToken, expiresAt (ISO 8601). Extension. */
  restCamelCase: boolean;
  /** When set, /crm/lookup needs the cookie crm_session=<this value> (GET /crm/login sets it). Extension. */
  crmCookie: string | null;
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
  /** Which transport it came over (absent = ws). For Socket.IO, `raw` is the emit's [name, ...args] as JSON and
   * `data` the payload with `action` set to the emitted name. Extension. */
  transport?: Transport;
}

export type Transport = 'ws' | 'socket.io';

export type AgentAction = 'login' | 'logout' | 'pause' | 'unpause';

/** One user's state in one queue, as the simulator's agent events left it. */
export interface SimAgentState {
  user: string;
  queue: string;
  state: 'loggedIn' | 'loggedOut' | 'paused';
  pauseName?: string;
}

export interface RingOptions {
  from: string;
  line?: string;
  queue?: string;
  /** The shape of this call's events (default: the eventShape mode). Extension. */
  shape?: EventShape;
}

export interface AgentOptions {
  queue: string;
  /** The user by login or line (default: the first operator of the queue). */
  user?: string;
  /** AgentPaused: the pause name (PauseName). */
  reason?: string;
  shape?: EventShape;
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
  /** Socket.IO: connect socket.io-client to this URL (path /socket.io/, the default). Extension. */
  socketIoUrl: string;
  /** OAuth 2.0 token endpoint (password and refresh_token grants, client_id "api"). Extension. */
  oauthTokenUrl: string;
  /** The REST API base: `${apiUrl}/contacts` with a bearer token. Extension. */
  apiUrl: string;
  /** The demo CRM's lookup: append a phone number in any format. Extension. */
  crmLookupUrl: string;
  users: SimUser[];
  /** Every client frame, in order. */
  received: ReceivedFrame[];
  waitForFrame(pred: (f: ReceivedFrame) => boolean, timeoutMs?: number): Promise<ReceivedFrame>;
  authenticatedCount(): number;
  waitForAuthenticated(count?: number, timeoutMs?: number): Promise<void>;
  ring(opts: RingOptions): string;
  answer(uniqueId: string): void;
  hangup(uniqueId: string, reason?: string): void;
  /** A ringing call nobody took: Hangup reason "No user response". Extension. */
  miss(uniqueId: string): void;
  /** A colleague (by login or line, else another operator of the queue) answers a ringing call: Hangup reason
   * "Answered elsewhere" where it rang. Returns the colleague's login, or null when nobody took it over. Extension. */
  answerElsewhere(uniqueId: string, by?: string): string | null;
  /** AgentLogin / AgentLogout / AgentPaused / AgentUnPaused for a user in a queue. Extension. */
  agent(action: AgentAction, opts: AgentOptions): SimAgentState;
  agents(): SimAgentState[];
  calls(): SimCall[];
  setModes(m: Partial<SimModes>): void;
  modes: SimModes;
  dropConnections(): void;
  /** Makes every access token issued so far (REST and OAuth) expired (auth answers "Token expired"); refresh tokens still work. Extension. */
  expireTokens(): void;
  /** Raw text or bytes to the authenticated WebSocket connections (of one user, by login or line). */
  sendRaw(data: string | Buffer, user?: string): void;
  /** Emits anything on the Socket.IO connections (of one user by login or line), for tolerance tests. Extension. */
  emitRaw(name: string, args: unknown[], user?: string): void;
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
