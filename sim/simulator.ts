// iPBX simulator: the server side of docs/protocol.md (WebSocket + REST), plus a control endpoint and a demo CRM page,
// all on one node:http server. Independent of src/ on purpose: it checks the extension against the written protocol
// (it borrows only errorMessage from src/shared/errors.ts, which knows nothing of the protocol).
//
// URLs (one port):
//   ws://HOST:PORT/ws          WebSocket (the root path "/" is accepted too)
//   http://HOST:PORT/v1/sso/*  REST login/refresh
//   http://HOST:PORT/control/* control endpoint (see control.ts)
//   http://HOST:PORT/ and /crm demo CRM page
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { errorMessage } from '../src/shared/errors.js';
import { CallBook } from './calls.js';
import { DEFAULT_MODES, defaultUsers, validateModes } from './config.js';
import { handleControl, type ControlTarget } from './control.js';
import { renderDemoPage } from './demo-page.js';
import { encodeFrame, mask, redactData, summarize, type FrameFields } from './frames.js';
import { CORS_HEADERS, sendJson } from './http-util.js';
import { handleRest, TokenStore } from './rest.js';
import type { ReceivedFrame, SimCall, SimModes, SimUser, Simulator, StartOptions } from './types.js';

export type { CallDirection, ReceivedFrame, SimCall, SimModes, SimUser, Simulator, StartOptions } from './types.js';
export { DEFAULT_MODES, DEFAULT_USERS } from './config.js';

export const WS_PATH = '/ws';
/** Frames over this size are refused (the client's own limit in docs/protocol.md). */
const MAX_FRAME_BYTES = 256 * 1024;
/** Above this, ws itself closes the connection (1009) without reading the frame into memory. */
const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;
/** How long a closing socket may take for the close handshake before it is cut. */
const CLOSE_GRACE_MS = 1000;
/** uniqueIds look like Asterisk's: `<unix seconds>.<counter>`, the counter starting here. */
const FIRST_ID_COUNTER = 1940;

interface Connection {
  id: number;
  ws: WebSocket;
  remote: string;
  /** The authenticated user, or null before a successful auth. */
  user: SimUser | null;
  timers: Set<NodeJS.Timeout>;
}

interface Waiter {
  check(): boolean;
  fail(err: Error): void;
}

export async function startSimulator(opts: StartOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const users = opts.users ?? defaultUsers();
  const log = opts.log ?? ((): void => {});
  const clock = opts.clock ?? Date.now;
  const modes: SimModes = { ...DEFAULT_MODES, ...validateModes(opts.modes ?? {}) };

  const received: ReceivedFrame[] = [];
  const connections = new Set<Connection>();
  const sockets = new Set<Socket>(); // every TCP socket, so close() can free the port at once
  const heldSockets = new Set<Duplex>(); // noHandshake: upgrades we never answer
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<Waiter>();
  let nextConnectionId = 1;
  let idCounter = opts.firstIdCounter ?? FIRST_ID_COUNTER;
  let closing: Promise<void> | null = null;

  const newId = (): string => `${Math.floor(clock() / 1000)}.${idCounter++}`;
  const tokens = new TokenStore(users, clock, () => modes);

  const later = (ms: number, fn: () => void, owner: Set<NodeJS.Timeout> = timers): void => {
    const timer = setTimeout(() => {
      owner.delete(timer);
      fn();
    }, ms);
    owner.add(timer);
  };

  const notify = (): void => {
    for (const waiter of [...waiters]) waiter.check();
  };

  const label = (conn: Connection): string => `#${conn.id}${conn.user ? ` ${conn.user.login}` : ''}`;

  const send = (conn: Connection, fields: FrameFields): void => {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    const text = encodeFrame(fields, modes.numericIds);
    conn.ws.send(text);
    log(`${label(conn)} <- ${summarize(text)}`);
  };

  const sendError = (conn: Connection, message: string, action?: unknown): void => {
    send(conn, { event: 'error', message, action: typeof action === 'string' ? action : undefined });
  };

  const book = new CallBook(users, {
    emit: (user, fields) => {
      for (const conn of connections) if (conn.user === user) send(conn, fields);
    },
    modes: () => modes,
    newId,
    log,
  });

  const authenticated = (): Connection[] =>
    [...connections].filter((c) => c.user !== null && c.ws.readyState === WebSocket.OPEN);

  const closeConnection = (conn: Connection, code: number, reason: string): void => {
    if (conn.ws.readyState === WebSocket.CLOSED) return;
    log(`${label(conn)} closing (${code} ${reason})`);
    conn.ws.close(code, reason);
    // A client that never answers the close handshake is cut off.
    later(CLOSE_GRACE_MS, () => conn.ws.terminate());
  };

  // ---- auth -------------------------------------------------------------------------------------------------------

  const checkAuth = (data: Record<string, unknown>): { user: SimUser } | { error: string } => {
    if (modes.rejectAuth) return { error: 'Invalid token' };
    const token = data['token'];
    if (typeof token !== 'string' || token === '') return { error: 'Invalid token' };
    let user = users.find((u) => u.token === token);
    if (!user) {
      const issued = tokens.lookupAccess(token);
      if (!issued) return { error: 'Invalid token' };
      if (issued.expired) return { error: 'Token expired' };
      user = issued.user;
    }
    const type = data['identityType'];
    const rawValue = data['identityValue'];
    const value = typeof rawValue === 'number' ? String(rawValue) : rawValue;
    if (type !== 'login' && type !== 'line' && type !== 'email') return { error: 'Invalid identityType' };
    const matches = typeof value === 'string' && (
      type === 'login' ? value === user.login
        : type === 'line' ? value === user.line
          : value.toLowerCase() === user.email.toLowerCase());
    return matches ? { user } : { error: 'Identity does not match the token' };
  };

  const handleAuth = (conn: Connection, data: Record<string, unknown>): void => {
    const token = typeof data['token'] === 'string' ? mask(data['token']) : String(data['token']);
    log(`${label(conn)} auth ${String(data['identityType'])}=${String(data['identityValue'])} token ${token}`);
    if (modes.neverAnswerAuth) {
      log(`${label(conn)} auth left unanswered (neverAnswerAuth)`);
      return;
    }
    const answer = (): void => {
      if (conn.ws.readyState !== WebSocket.OPEN) return;
      const result = checkAuth(data);
      if ('error' in result) {
        conn.user = null;
        log(`#${conn.id} auth refused: ${result.error}`);
        send(conn, { event: 'auth', status: 'error', message: result.error });
      } else {
        conn.user = result.user;
        log(`#${conn.id} auth ok as ${result.user.login} (line ${result.user.line})`);
        send(conn, { event: 'auth', status: 'ok', line: result.user.line });
        const dropAfter = modes.dropAfterAuthMs;
        if (dropAfter !== null) later(dropAfter, () => closeConnection(conn, 1012, 'dropAfterAuthMs'), conn.timers);
      }
      notify();
    };
    if (modes.authDelayMs > 0) later(modes.authDelayMs, answer, conn.timers);
    else answer();
  };

  // ---- client frames ----------------------------------------------------------------------------------------------

  const handleAction = (conn: Connection, user: SimUser, action: unknown, data: Record<string, unknown>): void => {
    switch (action) {
      case 'ping':
        if (modes.ignorePing) log(`${label(conn)} ping ignored (ignorePing)`);
        else send(conn, { event: 'pong' });
        return;
      case 'originate': {
        const actionid = data['actionid'];
        if (typeof actionid !== 'string' || actionid === '') {
          sendError(conn, 'Missing or invalid actionid', 'originate');
          return;
        }
        const error = book.originate(user, data['to'], (uniqueId) => {
          send(conn, {
            event: 'originateresponse', actionid, response: 'Success', message: 'Originate successfully queued', uniqueId,
          });
        });
        if (error !== null) send(conn, { event: 'originateresponse', actionid, response: 'Error', message: error });
        return;
      }
      case 'hangupcall':
      case 'transfer': {
        const uniqueid = data['uniqueid'];
        // Ids are compared as exact strings: a number here has lost its text already (1412256225.1940 -> .194).
        if (typeof uniqueid !== 'string' || uniqueid === '') {
          sendError(conn, uniqueid === undefined ? 'Missing uniqueid' : 'uniqueid must be a string', action);
          return;
        }
        const error = action === 'hangupcall'
          ? book.hangupcall(user, uniqueid)
          : book.transfer(user, uniqueid, data['to'], data['type']);
        if (error !== null) sendError(conn, error, action);
        return;
      }
      case 'auth':
        return; // handled before
      default:
        sendError(conn, action === undefined ? 'Missing action' : 'Unknown action', action);
    }
  };

  const handleMessage = (conn: Connection, raw: RawData, isBinary: boolean): void => {
    const buf = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    const text = buf.toString('utf8');
    const frame: ReceivedFrame = { at: Date.now(), user: conn.user?.login ?? null, raw: text, data: null };
    if (isBinary) frame.binary = true;
    let refusal: string | null = null;
    if (isBinary) {
      refusal = 'Binary frames are not supported';
    } else if (buf.length > MAX_FRAME_BYTES) {
      refusal = 'Frame too large';
    } else {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          frame.data = parsed as Record<string, unknown>;
        } else {
          refusal = 'Frame must be a JSON object';
        }
      } catch {
        refusal = 'Invalid JSON';
      }
    }
    received.push(frame);
    log(`${label(conn)} -> ${isBinary ? `[binary ${buf.length} bytes]` : summarize(text)}`);
    notify();
    if (refusal !== null || frame.data === null) {
      sendError(conn, refusal ?? 'Invalid JSON');
      return;
    }
    const data = frame.data;
    const action = data['action'];
    if (action === 'auth') {
      handleAuth(conn, data);
    } else if (conn.user === null) {
      sendError(conn, 'Not authenticated', action);
    } else {
      handleAction(conn, conn.user, action, data);
    }
  };

  // ---- HTTP and WebSocket plumbing --------------------------------------------------------------------------------

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });

  const onConnection = (ws: WebSocket, req: IncomingMessage): void => {
    const conn: Connection = {
      id: nextConnectionId++, ws, remote: `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`,
      user: null, timers: new Set(),
    };
    connections.add(conn);
    log(`#${conn.id} connected from ${conn.remote}`);
    ws.on('message', (raw: RawData, isBinary: boolean) => {
      try {
        handleMessage(conn, raw, isBinary);
      } catch (err) {
        // Never let one bad frame take the simulator down.
        log(`${label(conn)} error handling a frame: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      }
    });
    ws.on('error', (err: Error) => log(`${label(conn)} socket error: ${err.message}`));
    ws.on('close', (code: number, reason: Buffer) => {
      for (const timer of conn.timers) clearTimeout(timer);
      conn.timers.clear();
      connections.delete(conn);
      log(`${label(conn)} disconnected (${code}${reason.length ? ` ${reason.toString()}` : ''})`);
      notify();
    });
  };

  const controlTarget: ControlTarget = {
    ring: (o) => sim.ring(o),
    answer: (id) => sim.answer(id),
    hangup: (id, reason) => sim.hangup(id, reason),
    setModes: (m) => sim.setModes(m),
    get modes() {
      return { ...modes };
    },
    drop: () => dropAll(),
    hasCall: (id) => book.list().some((c) => c.uniqueId === id),
    state: () => ({
      calls: book.list(),
      authenticated: authenticated().length,
      connections: [...connections].map((c) => ({ id: c.id, remote: c.remote, user: c.user?.login ?? null })),
      modes: { ...modes },
      received: received.slice(-200).map((f) => ({
        at: new Date(f.at).toISOString(), user: f.user, raw: summarize(f.raw, 2000), data: redactData(f.data),
        ...(f.binary ? { binary: true } : {}),
      })),
    }),
  };

  const handleHttp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://sim.invalid').pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (await handleRest(req, res, path, tokens, log)) return;
    if (await handleControl(req, res, path, controlTarget)) return;
    if ((req.method === 'GET' || req.method === 'HEAD') && (path === '/' || path === '/crm' || path === '/crm/')) {
      const html = renderDemoPage();
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    if (path === WS_PATH) {
      sendJson(res, 426, { error: `Open a WebSocket on ${WS_PATH}` });
      return;
    }
    sendJson(res, 404, { error: `Not found: ${path}` });
  };

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => {
      log(`HTTP ${req.method ?? '?'} ${req.url ?? '?'} failed: ${errorMessage(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error' });
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (err: Error, socket: Duplex) => {
    log(`HTTP client error: ${err.message}`);
    socket.destroy();
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (err: Error) => log(`upgrade socket error: ${err.message}`));
    const path = new URL(req.url ?? '/', 'http://sim.invalid').pathname;
    if (closing) {
      socket.destroy();
      return;
    }
    if (modes.noHandshake) {
      // Hold the TCP connection open and never answer the upgrade: the client must time out by itself.
      log(`upgrade to ${path} held without answer (noHandshake)`);
      heldSockets.add(socket);
      socket.on('close', () => heldSockets.delete(socket));
      return;
    }
    if (path !== WS_PATH && path !== '/') {
      log(`upgrade to ${path} refused (WebSocket path is ${WS_PATH})`);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
  });

  const dropAll = (): number => {
    const count = connections.size + heldSockets.size;
    for (const conn of connections) closeConnection(conn, 1012, 'Service restart');
    for (const socket of heldSockets) socket.destroy();
    heldSockets.clear();
    return count;
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err: Error) => log(`server error: ${err.message}`));

  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const httpUrl = `http://${urlHost}:${port}`;
  log(`listening on ${httpUrl} (WebSocket ${WS_PATH})`);

  const sim: Simulator = {
    port,
    wsUrl: `ws://${urlHost}:${port}${WS_PATH}`,
    httpUrl,
    restUrl: httpUrl,
    users,
    received,
    modes,

    waitForFrame(pred: (f: ReceivedFrame) => boolean, timeoutMs = 5000): Promise<ReceivedFrame> {
      return waitFor(`a matching client frame`, timeoutMs, () => received.find(pred), () => {
        const last = received.slice(-5).map((f) => summarize(f.raw, 120)).join(' | ');
        return `${received.length} frames received${last ? `; last: ${last}` : ''}`;
      });
    },

    authenticatedCount: () => authenticated().length,

    async waitForAuthenticated(count = 1, timeoutMs = 5000): Promise<void> {
      await waitFor(`${count} authenticated connection(s)`, timeoutMs,
        () => (authenticated().length >= count ? true : undefined),
        () => `${authenticated().length} authenticated of ${connections.size} open`);
    },

    ring: (o) => {
      const uniqueId = book.ring(o);
      log(`ring from ${o.from} -> ${uniqueId}`);
      return uniqueId;
    },
    answer: (uniqueId) => book.answer(uniqueId),
    hangup: (uniqueId, reason) => book.hangup(uniqueId, reason),
    calls: (): SimCall[] => book.list(),

    setModes(m: Partial<SimModes>): void {
      Object.assign(modes, validateModes(m));
      log(`modes: ${JSON.stringify(modes)}`);
    },

    dropConnections(): void {
      dropAll();
    },

    expireTokens(): void {
      log(`expired ${tokens.expireAll()} REST access token(s)`);
    },

    sendRaw(data: string | Buffer, user?: string): void {
      if (user !== undefined && !users.some((u) => u.login === user || u.line === user)) {
        throw new Error(`sendRaw: no user ${user}`);
      }
      for (const conn of authenticated()) {
        if (user !== undefined && conn.user?.login !== user && conn.user?.line !== user) continue;
        conn.ws.send(data);
        log(`${label(conn)} <- raw ${typeof data === 'string' ? summarize(data) : `[binary ${data.length} bytes]`}`);
      }
    },

    close(): Promise<void> {
      closing ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        book.clear();
        for (const waiter of [...waiters]) waiter.fail(new Error('Simulator closed'));
        for (const conn of connections) {
          for (const timer of conn.timers) clearTimeout(timer);
          conn.ws.terminate();
        }
        for (const socket of heldSockets) socket.destroy();
        for (const socket of sockets) socket.destroy();
        wss.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        log('closed');
      })();
      return closing;
    },
  };

  /** Resolves once `probe` returns a value, checking now and after every change; rejects after `timeoutMs`. */
  function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined, status: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined;
          try {
            value = probe();
          } catch (err) {
            waiter.fail(err instanceof Error ? err : new Error(String(err)));
            return true;
          }
          if (value === undefined) return false;
          waiters.delete(waiter);
          clearTimeout(timer);
          resolve(value);
          return true;
        },
        fail: (err) => {
          waiters.delete(waiter);
          clearTimeout(timer);
          reject(err);
        },
      };
      if (waiter.check()) return;
      waiters.add(waiter);
      timer = setTimeout(() => waiter.fail(new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (${status()})`)), timeoutMs);
    });
  }

  return sim;
}
