// `npm run sim` (tsx sim/cli.ts): start the iPBX simulator, or drive a running one through its control endpoint.
import { parseArgs } from 'node:util';
import { errorMessage } from '../src/shared/errors.js';
import { startSimulator } from './simulator.js';
import type { SimModes } from './types.js';

const DEFAULT_PORT = 7878;

const USAGE = `iPBX simulator

Usage: npm run sim -- [command] [options]      (same as: npx tsx sim/cli.ts [command] [options])

Commands:
  (none) | start                      start a simulator and keep it running until Ctrl-C
  ring <number> [--queue Q] [--line L]
                                      an outside call from <number> rings a line (default: the first user's,
                                      or the first operator of queue Q); prints the uniqueId
  answer <uniqueId>                   the user picks up
  hangup <uniqueId> [--reason R]      the call ends (reason defaults to "hangup")
  modes [flags]                       show the modes, or change them:
      --reject-auth | --accept-auth     refuse every auth ("Invalid token") | answer auth normally again
      --never-answer-auth               never answer auth
      --auth-delay <ms>                 delay before answering auth
      --drop-after-auth <ms|off>        close each connection <ms> after its auth
      --token-ttl <seconds>             expires_in of new REST access tokens
      --answer-delay <ms|never>         originate/transfer: Ringing -> Answered delay
      --numeric-ids | --string-ids      write uniqueId/from/to/line as bare JSON numbers | as strings
      --ignore-ping | --answer-ping     stop | resume answering ping
      --no-handshake | --handshake      hold new WebSocket upgrades unanswered | accept them
      --reset                           back to the defaults
  drop                                close every client connection (code 1012)
  state                               calls, connections and the last client frames, as JSON

Options:
  --port P     simulator port (default: SIM_PORT or ${DEFAULT_PORT})
  --host H     host (default: SIM_HOST or 127.0.0.1)
  --help       this text
`;

const DEFAULTS: SimModes = {
  rejectAuth: false, authDelayMs: 0, neverAnswerAuth: false, dropAfterAuthMs: null, tokenTtlSeconds: 3600,
  answerDelayMs: 1500, numericIds: false, ignorePing: false, noHandshake: false,
};

class CliError extends Error {}

function fail(message: string, showUsage = false): never {
  throw new CliError(showUsage ? `${message}\n\n${USAGE}` : message);
}

function stamp(): string {
  return new Date().toISOString().slice(11, 23);
}

function parseNumber(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) fail(`--${name} needs a non-negative number, got "${value}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        port: { type: 'string' },
        host: { type: 'string' },
        queue: { type: 'string' },
        line: { type: 'string' },
        reason: { type: 'string' },
        'reject-auth': { type: 'boolean' },
        'accept-auth': { type: 'boolean' },
        'never-answer-auth': { type: 'boolean' },
        'auth-delay': { type: 'string' },
        'drop-after-auth': { type: 'string' },
        'token-ttl': { type: 'string' },
        'answer-delay': { type: 'string' },
        'numeric-ids': { type: 'boolean' },
        'string-ids': { type: 'boolean' },
        'ignore-ping': { type: 'boolean' },
        'answer-ping': { type: 'boolean' },
        'no-handshake': { type: 'boolean' },
        handshake: { type: 'boolean' },
        reset: { type: 'boolean' },
      },
    });
  } catch (err) {
    fail(errorMessage(err), true);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const portText = values.port ?? process.env['SIM_PORT'] ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`Invalid port "${portText}"`);
  const host = values.host ?? process.env['SIM_HOST'] ?? '127.0.0.1';
  const [command = 'start', ...args] = positionals;
  const client = new ControlClient(host, port);

  const expectArgs = (count: number, what: string): void => {
    if (args.length !== count) fail(`${command} needs ${what}`, true);
  };

  switch (command) {
    case 'start':
      expectArgs(0, 'no arguments');
      await serve(host, port);
      return;
    case 'ring': {
      expectArgs(1, 'the caller number: ring <number>');
      const body: Record<string, string> = { from: args[0] ?? '' };
      if (values.queue !== undefined) body['queue'] = values.queue;
      if (values.line !== undefined) body['line'] = values.line;
      const result = await client.post<{ uniqueId: string }>('ring', body);
      console.log(`Ringing from ${body['from']}${values.queue ? ` (queue ${values.queue})` : ''}: uniqueId ${result.uniqueId}`);
      return;
    }
    case 'answer':
      expectArgs(1, 'a uniqueId: answer <uniqueId>');
      await client.post('answer', { uniqueId: args[0] });
      console.log(`Answered ${args[0]}`);
      return;
    case 'hangup':
      expectArgs(1, 'a uniqueId: hangup <uniqueId>');
      await client.post('hangup', { uniqueId: args[0], ...(values.reason !== undefined ? { reason: values.reason } : {}) });
      console.log(`Hung up ${args[0]}`);
      return;
    case 'modes': {
      expectArgs(0, 'only flags');
      const change = modeChange(values);
      const modes = Object.keys(change).length === 0 ? await client.get('modes') : await client.post('modes', change);
      console.log(JSON.stringify(modes, null, 2));
      return;
    }
    case 'drop': {
      expectArgs(0, 'no arguments');
      const result = await client.post<{ dropped: number }>('drop', {});
      console.log(`Dropped ${result.dropped} connection(s)`);
      return;
    }
    case 'state':
      expectArgs(0, 'no arguments');
      console.log(JSON.stringify(await client.get('state'), null, 2));
      return;
    default:
      fail(`Unknown command "${command}"`, true);
  }
}

type Flags = Record<string, string | boolean | undefined>;

function modeChange(values: Flags): Partial<SimModes> {
  const change: Partial<SimModes> = values['reset'] ? { ...DEFAULTS } : {};
  const str = (key: string): string | undefined => {
    const v = values[key];
    return typeof v === 'string' ? v : undefined;
  };
  if (values['reject-auth']) change.rejectAuth = true;
  if (values['accept-auth']) Object.assign(change, { rejectAuth: false, neverAnswerAuth: false });
  if (values['never-answer-auth']) change.neverAnswerAuth = true;
  const authDelay = str('auth-delay');
  if (authDelay !== undefined) change.authDelayMs = parseNumber('auth-delay', authDelay);
  const dropAfter = str('drop-after-auth');
  if (dropAfter !== undefined) change.dropAfterAuthMs = dropAfter === 'off' ? null : parseNumber('drop-after-auth', dropAfter);
  const ttl = str('token-ttl');
  if (ttl !== undefined) change.tokenTtlSeconds = parseNumber('token-ttl', ttl);
  const answerDelay = str('answer-delay');
  if (answerDelay !== undefined) change.answerDelayMs = answerDelay === 'never' ? -1 : parseNumber('answer-delay', answerDelay);
  if (values['numeric-ids']) change.numericIds = true;
  if (values['string-ids']) change.numericIds = false;
  if (values['ignore-ping']) change.ignorePing = true;
  if (values['answer-ping']) change.ignorePing = false;
  if (values['no-handshake']) change.noHandshake = true;
  if (values['handshake']) change.noHandshake = false;
  return change;
}

/** Talks to a running simulator's /control endpoint. */
class ControlClient {
  constructor(private readonly host: string, private readonly port: number) {}

  get<T = unknown>(command: string): Promise<T> {
    return this.request<T>('GET', command);
  }

  post<T = unknown>(command: string, body: unknown): Promise<T> {
    return this.request<T>('POST', command, body);
  }

  private async request<T>(method: string, command: string, body?: unknown): Promise<T> {
    const urlHost = this.host.includes(':') ? `[${this.host}]` : this.host;
    let res: Response;
    try {
      res = await fetch(`http://${urlHost}:${this.port}/control/${command}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      fail(`No simulator on port ${this.port}. Start one with \`npm run sim\`.`);
    }
    const text = await res.text();
    let data: unknown = null;
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      fail(`Port ${this.port} answered, but not like a simulator (HTTP ${res.status}).`);
    }
    if (!res.ok) {
      const error = typeof data === 'object' && data !== null && 'error' in data ? String(data.error) : text;
      fail(`Simulator refused: ${error} (HTTP ${res.status})`);
    }
    return data as T;
  }
}

async function serve(host: string, port: number): Promise<void> {
  let sim;
  try {
    sim = await startSimulator({ host, port, log: (line) => console.log(`[${stamp()}] ${line}`) });
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
      fail(`Port ${port} is already in use (a simulator already running? try \`npm run sim -- state\`; or set SIM_PORT).`);
    }
    throw err;
  }
  const users = sim.users.map((u) =>
    `  ${u.login.padEnd(6)} line ${u.line.padEnd(5)} ${u.email.padEnd(20)} password ${u.password.padEnd(11)} token ${u.token}`
    + `${u.queues?.length ? `  (operator: ${u.queues.join(', ')})` : ''}`).join('\n');
  const portFlag = port === DEFAULT_PORT ? '' : ` --port ${port}`;
  console.log(`
iPBX simulator is running.
  WebSocket  ${sim.wsUrl}
  REST       ${sim.restUrl}   (POST /v1/sso/login, POST /v1/sso/refresh)
  Demo CRM   ${sim.httpUrl}/
  Control    ${sim.httpUrl}/control/state

Users (static tokens work as "token" in the extension settings; email + password for the REST login):
${users}

Try, in another terminal:
  npm run sim -- ring +420777888999${portFlag}
  npm run sim -- ring 602123456 --queue support${portFlag}
  npm run sim -- answer <uniqueId>${portFlag}
  npm run sim -- hangup <uniqueId>${portFlag}
  npm run sim -- modes --numeric-ids${portFlag}
  npm run sim -- drop${portFlag}
  npm run sim -- state${portFlag}

Ctrl-C stops it.
`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log(`[${stamp()}] stopping`);
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof CliError) {
    console.error(err.message);
  } else {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  }
  process.exitCode = 1;
});
