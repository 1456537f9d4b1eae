/**
 * Chrome's "Hang up" notification button, wired the way index.ts wires it, against the real engine and simulator: the
 * simulator receives `hangupcall` with the call's uniqueId exactly as it sent it (a bare number with a trailing zero).
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  HANG_UP_BUTTON,
  onNotificationButtonClicked,
  type NotificationActionDeps,
} from '../../src/background/notification-actions.ts';
import { notificationId } from '../../src/background/notifier.ts';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { connected, log, logs, startWith, stopEngines, until } from './harness.ts';

let sim: Simulator;

beforeEach(async () => {
  fakeBrowser.reset();
  logs.length = 0;
  sim = await startSimulator({ modes: { numericIds: true } });
});

afterEach(async () => {
  stopEngines();
  await sim.close();
});

describe('notification "Hang up" button → engine → iPBX', () => {
  it('sends hangupcall with the exact uniqueId of that call, and the call ends', async () => {
    const engine = await startWith({
      pbxUrl: sim.wsUrl,
      token: 'demo-token-alice',
      identityType: 'login',
      identityValue: 'alice',
    });
    await connected(engine);
    const id = sim.ring({ from: '777888999', line: '444' });
    const other = sim.ring({ from: '602123456', line: '444' });
    await until(() => engine.calls.calls.get(id) && engine.calls.calls.get(other), Boolean, 'both calls');
    // The simulator writes ids as bare JSON numbers in this mode; the engine must keep their text.
    // The first id of a simulator ends in .1940: as a JSON number, a careless parse would make it .194.
    expect(id).toMatch(/^\d+\.1940$/);

    const deps: NotificationActionDeps = {
      hangup: (uniqueId) => engine.ready.then(() => engine.hangup(uniqueId)),
      openPanel: vi.fn(),
      retryNow: () => engine.retryOnIntent(),
      log,
    };
    await onNotificationButtonClicked(notificationId(id), HANG_UP_BUTTON, deps);

    const hangups = sim.received.filter((f) => f.data?.action === 'hangupcall');
    expect(hangups.map((f) => f.data?.uniqueid)).toEqual([id]);
    expect(hangups[0]!.raw).toContain(`"uniqueid":"${id}"`);
    await until(
      () => engine.calls.calls.get(id),
      (c) => c === undefined,
      'the call ended',
    );
    expect(engine.calls.calls.get(other)).toBeDefined();
    expect(logs.filter((l) => l.includes('hang up from notification failed'))).toEqual([]);
  });
});
