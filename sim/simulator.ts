// iPBX simulator: the server side of docs/protocol.md (WebSocket, Socket.IO, REST, OAuth), the contact list and a demo
// CRM, plus a control endpoint, all on one node:http server. Independent of src/ on purpose: it checks the extension
// against the written protocol.
//
// URLs (one port):
//   ws://HOST:PORT/ws           WebSocket, JSON frames (the root path "/" is accepted too)
//   http://HOST:PORT/socket.io/ Socket.IO (socket-io-transport.ts)
//   http://HOST:PORT/v1/sso/*   REST login/refresh          http://HOST:PORT/oauth/token  OAuth 2.0 token endpoint
//   http://HOST:PORT/contacts   the user's contact list     http://HOST:PORT/crm/lookup   demo CRM lookup
//   http://HOST:PORT/control/*  control endpoint (see control.ts)
//   http://HOST:PORT/ and /crm  demo CRM page
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { errorMessage } from '../src/shared/errors.js';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { AgentBook } from './agents.js';
import { CallBook } from './calls.js';
import { DEFAULT_MODES, defaultUsers, validateModes } from './config.js';
import { handleContacts } from './contacts.js';
import { handleControl } from './control.js';
import { controlTarget } from './control-target.js';
import { renderDemoPage } from './demo-page.js';
import { shapeFields, summarize } from './frames.js';
import { CORS_HEADERS, sendJson } from './http-util.js';
import { handleOAuth, OAUTH_TOKEN_PATH } from './oauth.js';
import { label, Protocol, type Session } from './protocol.js';
import { handleRest, TokenStore } from './rest.js';
import { SOCKET_IO_PATH, SocketIoTransport } from './socketio-transport.js';
import type { TransportHooks } from './transport.js';
import type { ReceivedFrame, SimModes, Simulator, SimUser, StartOptions } from './types.js';
import { WaitList } from './wait.js';
import { WS_PATH, WsTransport } from './ws-transport.js';

export type {
  AgentAction,
  CallDirection,
  EventShape,
  ReceivedFrame,
  SimAgentState,
  SimCall,
  SimModes,
  SimUser,
  Simulator,
  SocketIoStyle,
  StartOptions,
} from './types.js';
export { DEFAULT_MODES, DEFAULT_USERS } from './config.js';
export { OAUTH_CLIENT_ID, OAUTH_TOKEN_PATH } from './oauth.js';
export { SOCKET_IO_PATH } from './socketio-transport.js';
export { WS_PATH } from './ws-transport.js';

/** uniqueIds look like Asterisk's: `<unix seconds>.<counter>`, the counter starting here. */
const FIRST_ID_COUNTER = 1940;

export async function startSimulator(opts: StartOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const users = opts.users ?? defaultUsers();
  const log = opts.log ?? ((): void => {});
  const clock = opts.clock ?? Date.now;
  const modes: SimModes = { ...DEFAULT_MODES, ...validateModes(opts.modes ?? {}) };

  const received: ReceivedFrame[] = [];
  const sessions = new Set<Session>();
  const sockets = new Set<Socket>(); // every TCP socket, so close() can free the port at once
  const heldSockets = new Set<Duplex>(); // noHandshake: upgrades we never answer
  const timers = new Set<NodeJS.Timeout>();
  const waits = new WaitList();
  let nextSessionId = 1;
  let idCounter = opts.firstIdCounter ?? FIRST_ID_COUNTER;
  let closing: Promise<void> | null = null;
  let httpUrl = '';

  const newId = (): string => `${Math.floor(clock() / 1000)}.${idCounter++}`;
  const tokens = new TokenStore(users, clock, () => modes);
  const later = (ms: number, fn: () => void, owner: Set<NodeJS.Timeout> = timers): void => {
    const timer = setTimeout(() => {
      owner.delete(timer);
      fn();
    }, ms);
    owner.add(timer);
  };
  const authenticated = (): Session[] => [...sessions].filter((s) => s.user !== null && s.isOpen());
  /** Sends an event to every authenticated connection of `user`, in the shape asked for (else the mode's). */
  const emit = (user: SimUser, fields: Parameters<Session['send']>[0], shape = modes.eventShape): void => {
    for (const s of sessions) if (s.user === user) s.send(shapeFields(fields, shape));
  };

  const book = new CallBook(users, { emit, modes: () => modes, newId, log, now: clock });
  const agents = new AgentBook(users, { emit, log });
  const protocol = new Protocol({ users, tokens, modes: () => modes, book, log, later, notify: () => waits.notify() });
  const hooks: TransportHooks = {
    nextId: () => nextSessionId++,
    opened: (s) => {
      sessions.add(s);
      log(`#${s.id} connected over ${s.transport} from ${s.remote}`);
    },
    closed: (s, detail) => {
      for (const timer of s.timers) clearTimeout(timer);
      s.timers.clear();
      sessions.delete(s);
      log(`${label(s)} disconnected (${detail})`);
      waits.notify();
    },
    record: (frame) => {
      received.push(frame);
      waits.notify();
    },
    receive: (s, data) => protocol.receive(s, data),
    modes: () => modes,
    log,
    later,
  };
  const ws = new WsTransport(hooks);
  const io = new SocketIoTransport(hooks);
  const isUser =
    (who?: string) =>
    (u: SimUser): boolean =>
      who === undefined || u.login === who || u.line === who;
  const checkUser = (who: string | undefined, what: string): void => {
    if (who !== undefined && !users.some(isUser(who))) throw new Error(`${what}: no user ${who}`);
  };

  const dropAll = (): number => {
    const count = sessions.size + heldSockets.size;
    for (const s of sessions) s.close(1012, 'Service restart');
    for (const socket of heldSockets) socket.destroy();
    heldSockets.clear();
    return count;
  };

  const handleHttp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const path = url.pathname;
    if (path.startsWith(SOCKET_IO_PATH)) return io.handleRequest(req, res);
    if (handleContacts(req, res, url, { users, tokens, modes: () => modes, baseUrl: () => httpUrl, log })) return;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (await handleRest(req, res, path, tokens, () => modes, log)) return;
    if (await handleOAuth(req, res, path, tokens, log)) return;
    if (
      await handleControl(
        req,
        res,
        path,
        controlTarget(sim, { sessions, received, dropAll, hasCall: (id) => book.has(id) }),
      )
    )
      return;
    if ((req.method === 'GET' || req.method === 'HEAD') && (path === '/' || path === '/crm' || path === '/crm/')) {
      const html = renderDemoPage();
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    if (path === WS_PATH) return sendJson(res, 426, { error: `Open a WebSocket on ${WS_PATH}` });
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
    if (closing !== null) {
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
    if (path.startsWith(SOCKET_IO_PATH)) return io.handleUpgrade(req, socket, head);
    if (path !== WS_PATH && path !== '/') {
      log(`upgrade to ${path} refused (WebSocket path is ${WS_PATH}, Socket.IO ${SOCKET_IO_PATH})`);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    ws.handleUpgrade(req, socket, head);
  });

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
  httpUrl = `http://${urlHost}:${port}`;
  log(`listening on ${httpUrl} (WebSocket ${WS_PATH}, Socket.IO ${SOCKET_IO_PATH})`);

  const sim: Simulator = {
    port,
    wsUrl: `ws://${urlHost}:${port}${WS_PATH}`,
    httpUrl,
    restUrl: httpUrl,
    socketIoUrl: httpUrl,
    oauthTokenUrl: `${httpUrl}${OAUTH_TOKEN_PATH}`,
    apiUrl: httpUrl,
    crmLookupUrl: `${httpUrl}/crm/lookup?phone=`,
    users,
    received,
    modes,

    waitForFrame: (pred, timeoutMs = 5000) =>
      waits.wait(
        'a matching client frame',
        timeoutMs,
        () => received.find(pred),
        () => {
          const last = received
            .slice(-5)
            .map((f) => summarize(f.raw, 120))
            .join(' | ');
          return `${received.length} frames received${last ? `; last: ${last}` : ''}`;
        },
      ),
    authenticatedCount: () => authenticated().length,
    waitForAuthenticated: async (count = 1, timeoutMs = 5000) => {
      await waits.wait(
        `${count} authenticated connection(s)`,
        timeoutMs,
        () => (authenticated().length >= count ? true : undefined),
        () => `${authenticated().length} authenticated of ${sessions.size} open`,
      );
    },

    ring: (o) => {
      const uniqueId = book.ring(o);
      log(`ring from ${o.from} -> ${uniqueId}`);
      return uniqueId;
    },
    answer: (uniqueId) => book.answer(uniqueId),
    hangup: (uniqueId, reason) => book.hangup(uniqueId, reason),
    miss: (uniqueId) => book.miss(uniqueId),
    answerElsewhere: (uniqueId, by) => book.answerElsewhere(uniqueId, by),
    calls: () => book.list(),
    agent: (action, o) => agents.apply(action, o),
    agents: () => agents.list(),

    setModes(m: Partial<SimModes>): void {
      Object.assign(modes, validateModes(m));
      log(`modes: ${JSON.stringify(modes)}`);
    },
    dropConnections: () => void dropAll(),
    expireTokens: () => log(`expired ${tokens.expireAll()} REST access token(s)`),
    sendRaw(data, user) {
      checkUser(user, 'sendRaw');
      ws.sendRaw(data, isUser(user));
    },
    emitRaw(name, args, user) {
      checkUser(user, 'emitRaw');
      io.emitRaw(name, args, isUser(user));
    },

    close(): Promise<void> {
      closing ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        book.clear();
        waits.failAll(new Error('Simulator closed'));
        for (const s of sessions) for (const timer of s.timers) clearTimeout(timer);
        ws.close();
        await io.close();
        for (const socket of heldSockets) socket.destroy();
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        log('closed');
      })();
      return closing;
    },
  };
  return sim;
}
