// `npm run sim` (tsx sim/cli.ts): start the iPBX simulator, or drive a running one through its control endpoint.
import { parseArgs } from 'node:util';
import { errorMessage } from '../src/shared/errors.js';
import { CliError, modeChange, MODE_FLAGS, MODES_USAGE } from './cli-modes.js';
import { ControlClient } from './control-client.js';
import { startSimulator } from './simulator.js';
import type { SimModes, Simulator } from './types.js';

const DEFAULT_PORT = 7878;

const USAGE = `iPBX simulator

Usage: npm run sim -- [command] [options]      (same as: npx tsx sim/cli.ts [command] [options])

Commands:
  (none) | start [mode flags]         start a simulator and keep it running until Ctrl-C
  ring <number> [--queue Q] [--line L] [--shape socket|webhook]
                                      an outside call from <number> rings a line (default: the first user's,
                                      or the first operator of queue Q); prints the uniqueId. --shape webhook:
                                      this call's events in the platform's PascalCase ({"EventName":"Ringing",…})
  answer <uniqueId>                   the user picks up
  hangup <uniqueId> [--reason R]      the call ends (reason defaults to "hangup")
  miss <uniqueId>                     a ringing call nobody took: Hangup reason "No user response"
  answer-elsewhere <uniqueId> [--by login|line]
                                      a colleague (default: another operator of the queue) answers a ringing
                                      call: Hangup reason "Answered elsewhere" where it rang
  agent login|logout|pause|unpause --queue Q [--reason R] [--user login|line] [--shape socket|webhook]
                                      AgentLogin/AgentLogout/AgentPaused (PauseName R)/AgentUnPaused for a user
                                      (default: the first operator of Q)
  modes [flags]                       show the modes, or change them:
${MODES_USAGE}
  drop                                close every client connection (code 1012)
  state                               calls, agents, connections and the last client frames, as JSON

Options:
  --port P     simulator port (default: SIM_PORT or ${DEFAULT_PORT})
  --host H     host (default: SIM_HOST or 127.0.0.1)
  --help       this text
`;

function usageError(message: string): never {
  throw new CliError(`${message}\n\n${USAGE}`);
}

function stamp(): string {
  return new Date().toISOString().slice(11, 23);
}

function parse(argv: string[]) {
  try {
    return parseArgs({
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
        shape: { type: 'string' },
        by: { type: 'string' },
        user: { type: 'string' },
        ...MODE_FLAGS,
      },
    });
  } catch (err) {
    usageError(errorMessage(err));
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const portText = values.port ?? process.env.SIM_PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`Invalid port "${portText}"`);
  const host = values.host ?? process.env.SIM_HOST ?? '127.0.0.1';
  const [command = 'start', ...args] = positionals;
  const client = new ControlClient(host, port);
  const expectArgs = (count: number, what: string): void => {
    if (args.length !== count) usageError(`${command} needs ${what}`);
  };
  const shape = values.shape;
  if (shape !== undefined && shape !== 'socket' && shape !== 'webhook')
    usageError(`--shape must be socket or webhook, got "${shape}"`);
  const optional = (key: string, value: string | undefined): Record<string, string> =>
    value === undefined ? {} : { [key]: value };

  switch (command) {
    case 'start':
      expectArgs(0, 'no arguments (only mode flags)');
      await serve(host, port, modeChange(values));
      return;
    case 'ring': {
      expectArgs(1, 'the caller number: ring <number>');
      const body = {
        from: args[0] ?? '',
        ...optional('queue', values.queue),
        ...optional('line', values.line),
        ...optional('shape', shape),
      };
      const result = await client.post<{ uniqueId: string }>('ring', body);
      console.log(
        `Ringing from ${body.from}${values.queue ? ` (queue ${values.queue})` : ''}: uniqueId ${result.uniqueId}`,
      );
      return;
    }
    case 'answer':
      expectArgs(1, 'a uniqueId: answer <uniqueId>');
      await client.post('answer', { uniqueId: args[0] });
      console.log(`Answered ${args[0]}`);
      return;
    case 'hangup':
      expectArgs(1, 'a uniqueId: hangup <uniqueId>');
      await client.post('hangup', { uniqueId: args[0], ...optional('reason', values.reason) });
      console.log(`Hung up ${args[0]}`);
      return;
    case 'miss':
      expectArgs(1, 'a uniqueId: miss <uniqueId>');
      await client.post('miss', { uniqueId: args[0] });
      console.log(`Missed ${args[0]} (No user response)`);
      return;
    case 'answer-elsewhere': {
      expectArgs(1, 'a uniqueId: answer-elsewhere <uniqueId>');
      const result = await client.post<{ by: string | null }>('answer-elsewhere', {
        uniqueId: args[0],
        ...optional('by', values.by),
      });
      console.log(`Answered elsewhere ${args[0]}${result.by ? ` by ${result.by}` : ' (nobody took it over)'}`);
      return;
    }
    case 'agent': {
      expectArgs(1, 'an action: agent login|logout|pause|unpause --queue Q');
      if (values.queue === undefined) usageError('agent needs --queue');
      const body = {
        action: args[0],
        queue: values.queue,
        ...optional('reason', values.reason),
        ...optional('user', values.user),
        ...optional('shape', shape),
      };
      const state = await client.post<{ user: string; queue: string; state: string; pauseName?: string }>(
        'agent',
        body,
      );
      console.log(
        `Agent ${state.user} in ${state.queue}: ${state.state}${state.pauseName ? ` (${state.pauseName})` : ''}`,
      );
      return;
    }
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
      usageError(`Unknown command "${command}"`);
  }
}

async function serve(host: string, port: number, modes: Partial<SimModes>): Promise<void> {
  let sim: Simulator;
  try {
    sim = await startSimulator({ host, port, modes, log: (line) => console.log(`[${stamp()}] ${line}`) });
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
      throw new CliError(
        `Port ${port} is already in use (a simulator already running? try \`npm run sim -- state\`; or set SIM_PORT).`,
      );
    }
    throw err;
  }
  const users = sim.users
    .map(
      (u) =>
        `  ${u.login.padEnd(6)} line ${u.line.padEnd(5)} ${u.email.padEnd(20)} password ${u.password.padEnd(11)} token ${u.token}` +
        `${u.queues?.length ? `  (operator: ${u.queues.join(', ')})` : ''}`,
    )
    .join('\n');
  const p = port === DEFAULT_PORT ? '' : ` --port ${port}`;
  console.log(`
iPBX simulator is running.
  WebSocket  ${sim.wsUrl}
  Socket.IO  ${sim.socketIoUrl}   (path /socket.io/)
  REST       ${sim.restUrl}   (POST /v1/sso/login, POST /v1/sso/refresh, GET /contacts)
  OAuth      ${sim.oauthTokenUrl}   (client_id api, grant_type password | refresh_token)
  Demo CRM   ${sim.httpUrl}/   (lookup: ${sim.crmLookupUrl}<number>)
  Control    ${sim.httpUrl}/control/state

Users (static tokens work as "token" in the extension settings; email + password for the REST and OAuth sign-in):
${users}

Try, in another terminal:
  npm run sim -- ring +420777888999${p}
  npm run sim -- ring 777888999 --queue support --shape webhook${p}
  npm run sim -- answer <uniqueId>${p}
  npm run sim -- answer-elsewhere <uniqueId>${p}
  npm run sim -- miss <uniqueId>${p}
  npm run sim -- hangup <uniqueId>${p}
  npm run sim -- agent pause --queue support --reason Oběd${p}
  npm run sim -- modes --numeric-ids${p}
  npm run sim -- drop${p}
  npm run sim -- state${p}

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
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  }
  process.exitCode = 1;
});
