/**
 * The simulator's CLI (sim/cli.ts, `npm run sim -- …`) against a running simulator on an ephemeral port, run as a user
 * runs it: a separate process (tsx), the port given by --port or SIM_PORT.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimCall, type Simulator } from '../../sim/simulator.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `tsx sim/cli.ts <args>`, with the environment given (and no SIM_PORT/SIM_HOST of the caller's). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { SIM_PORT: _port, SIM_HOST: _host, ...base } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'sim/cli.ts', ...args],
      { cwd: ROOT, env: { ...base, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});

afterAll(async () => {
  await sim.close();
});

describe('sim/cli.ts against a running simulator', () => {
  it('ring --queue, state, hangup: the call appears with its queue and is gone after the hangup', {
    timeout: 90_000,
  }, async () => {
    const port = String(sim.port);
    expect(sim.port).toBeGreaterThan(0);

    const ring = await cli(['ring', '777888999', '--queue', 'support', '--port', port]);
    expect(ring.stderr).toBe('');
    expect(ring.code).toBe(0);
    const match = /^Ringing from 777888999 \(queue support\): uniqueId (\S+)$/m.exec(ring.stdout);
    expect(match, ring.stdout).not.toBeNull();
    const uniqueId = match![1]!;
    // The simulator itself has the call, for the first operator of "support" (alice, line 444).
    expect(sim.calls()).toEqual([
      expect.objectContaining({
        uniqueId,
        from: '777888999',
        queue: 'support',
        direction: 'incoming',
        state: 'ringing',
        user: 'alice',
        line: '444',
      }),
    ]);

    // SIM_PORT works as well as --port.
    const state = await cli(['state'], { SIM_PORT: port });
    expect(state.code).toBe(0);
    const shown = JSON.parse(state.stdout) as { calls: SimCall[] };
    expect(shown.calls).toEqual([
      expect.objectContaining({ uniqueId, from: '777888999', queue: 'support', state: 'ringing' }),
    ]);

    const hangup = await cli(['hangup', uniqueId, '--port', port]);
    expect(hangup.code).toBe(0);
    expect(hangup.stdout.trim()).toBe(`Hung up ${uniqueId}`);
    expect(sim.calls()).toEqual([]);

    const after = await cli(['state', '--port', port]);
    expect((JSON.parse(after.stdout) as { calls: SimCall[] }).calls).toEqual([]);

    // Hanging up a call that is gone is refused, with the simulator's reason and a failing exit code.
    const again = await cli(['hangup', uniqueId, '--port', port]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Simulator refused: .*\(HTTP 404\)/);
  });

  it('agent, ring --shape webhook, answer-elsewhere, miss and the new mode flags', { timeout: 120_000 }, async () => {
    const port = String(sim.port);
    const pause = await cli(['agent', 'pause', '--queue', 'support', '--reason', 'Oběd', '--port', port]);
    expect([pause.code, pause.stderr, pause.stdout.trim()]).toEqual([0, '', 'Agent alice in support: paused (Oběd)']);
    expect(sim.agents()).toEqual([{ user: 'alice', queue: 'support', state: 'paused', pauseName: 'Oběd' }]);
    const unpause = await cli(['agent', 'unpause', '--queue', 'support', '--user', 'carol', '--port', port]);
    expect(unpause.stdout.trim()).toBe('Agent carol in support: loggedIn');
    const noQueue = await cli(['agent', 'login', '--port', port]);
    expect(noQueue.code).toBe(1);
    expect(noQueue.stderr).toMatch(/agent needs --queue/);

    const ring = await cli(['ring', '777888999', '--queue', 'support', '--shape', 'webhook', '--port', port]);
    const uniqueId = /uniqueId (\S+)$/m.exec(ring.stdout)?.[1];
    expect(uniqueId, ring.stdout + ring.stderr).toBeDefined();
    const elsewhere = await cli(['answer-elsewhere', uniqueId!, '--port', port]);
    expect(elsewhere.stdout.trim()).toBe(`Answered elsewhere ${uniqueId} by carol`);
    expect(sim.calls()).toEqual([expect.objectContaining({ uniqueId, user: 'carol', state: 'answered' })]);
    sim.hangup(uniqueId!);

    const second = /uniqueId (\S+)$/m.exec((await cli(['ring', '602123456', '--port', port])).stdout)?.[1];
    const miss = await cli(['miss', second!, '--port', port]);
    expect(miss.stdout.trim()).toBe(`Missed ${second} (No user response)`);
    expect(sim.calls()).toEqual([]);

    const modes = await cli([
      'modes',
      '--event-shape',
      'webhook',
      '--ring-timeout',
      '30000',
      '--cdr',
      '--crm-cookie',
      'abc',
      '--rest-camel-case',
      '--port',
      port,
    ]);
    expect(JSON.parse(modes.stdout)).toMatchObject({
      eventShape: 'webhook',
      ringTimeoutMs: 30000,
      cdr: true,
      crmCookie: 'abc',
      restCamelCase: true,
    });
    const bad = await cli(['modes', '--event-shape', 'xml', '--port', port]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--event-shape must be socket or webhook/);
    const off = await cli(['modes', '--ring-timeout', 'off', '--crm-cookie', 'off', '--reset', '--port', port]);
    expect(JSON.parse(off.stdout)).toMatchObject({
      eventShape: 'socket',
      ringTimeoutMs: null,
      cdr: false,
      crmCookie: null,
    });
  });
});
