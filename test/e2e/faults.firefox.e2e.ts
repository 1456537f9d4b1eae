/**
 * Connection faults, with the built extension (dist/firefox) in real Firefox ESR against the real simulator: the
 * cases of test/integration/faults.test.ts that concern the connection, seen from the outside. The simulator's frames
 * and socket log are the ground truth for the connection; the options page's status line and the call panel are what
 * the user sees.
 *
 * One Firefox launch for the whole file, configured once through the options page. Every case ends with the extension
 * connected again and responsive (a ring shows in the call panel, its hangup clears it).
 *
 * The timeouts are the engine's own (src/background/connection.ts: handshake 10 s, auth 10 s, backoff from 1 s), so
 * the slow cases take 15-25 s each; the waits are generous because the machine may be busy.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ReceivedFrame, type Simulator } from '../../sim/simulator.ts';
import { configureThroughOptionsPage, launchFirefoxExtension, type FirefoxExtension } from './support/firefox.ts';
import type { ExtensionTab } from './support/firefox-tabs.ts';
import { OPTIONS_PAGE, POPUP_PAGE } from '../../src/shared/manifest-names.ts';

const OPTIONS = OPTIONS_PAGE;
const PANEL = `${POPUP_PAGE}?view=window`;
/** The active calls of the call panel (the list under the "Active calls" heading). */
const ACTIVE_CALLS = 'section[aria-labelledby="calls-heading"] li';
const CONNECTED = 'Connected, line 444';

/** The English texts the pages show, from the same messages the build ships. */
const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<
  string,
  { message: string }
>;
const msg = (key: string): string => {
  const m = messages[key]?.message;
  if (m === undefined) throw new Error(`No message ${key} in public/_locales/en/messages.json`);
  return m;
};

let sim: Simulator;
let ext: FirefoxExtension;
let options: ExtensionTab;
let panel: ExtensionTab;
/** The simulator's own log: one "#N connected over ws from …" line per WebSocket it accepted. */
const simLog: string[] = [];

const auths = (): ReceivedFrame[] => sim.received.filter((f) => f.data?.action === 'auth');
const socketsOpened = (): number => simLog.filter((l) => /^#\d+ connected over \S+ from /.test(l)).length;
const heldUpgrades = (): number => simLog.filter((l) => l.includes('held without answer (noHandshake)')).length;

/** The options page's connection line (the first role="status" element; "Saved." may follow it). */
const connectionLine = async (): Promise<string> => (await options.statusTexts())[0] ?? '';

/**
 * Records, inside the options page, every text its connection line shows from now on. A reason can be on screen for
 * only the 1-2 s of backoff before the next attempt; polling over the debugger could miss it, the page's own
 * MutationObserver does not.
 */
async function recordConnectionLine(): Promise<void> {
  await options.run(() => {
    const g = globalThis as unknown as { statusHistory?: string[]; statusObserver?: MutationObserver };
    g.statusObserver?.disconnect();
    const seen: string[] = [];
    g.statusHistory = seen;
    const read = (): void => {
      const el = document.querySelector('[role="status"]');
      const text = (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (seen[seen.length - 1] !== text) seen.push(text);
    };
    read();
    g.statusObserver = new MutationObserver(read);
    g.statusObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
  }, null);
}

const connectionLineHistory = (): Promise<string[]> =>
  options.run(() => (globalThis as unknown as { statusHistory?: string[] }).statusHistory ?? [], null);

/** Connected on one authenticated socket, the options page says so, and a ring + hangup go through the call panel. */
async function expectConnectedAndResponsive(): Promise<void> {
  await sim.waitForAuthenticated(1, 30_000);
  await expect.poll(connectionLine, { timeout: 30_000 }).toBe(CONNECTED);
  await expect.poll(() => panel.texts(ACTIVE_CALLS), { timeout: 15_000 }).toEqual([]);
  const id = sim.ring({ from: '602123456', line: '444' });
  await expect
    .poll(() => panel.texts(ACTIVE_CALLS), { timeout: 15_000 })
    .toEqual([expect.stringContaining('602 123 456')]);
  sim.hangup(id);
  await expect.poll(() => panel.texts(ACTIVE_CALLS), { timeout: 15_000 }).toEqual([]);
}

beforeAll(async () => {
  sim = await startSimulator({ log: (line) => simLog.push(line) });
  ext = await launchFirefoxExtension();
}, 120_000);

afterAll(async () => {
  await ext?.close();
  await sim?.close();
});

describe('connection faults in Firefox', () => {
  it('set up once as alice through the options page it opened on install: connected, call panel open', async () => {
    options = await ext.waitForTab(OPTIONS, 30_000);
    await configureThroughOptionsPage(options, {
      pbxUrl: sim.wsUrl,
      token: 'demo-token-alice',
      identityType: 'login',
      identityValue: 'alice',
    });
    await sim.waitForAuthenticated(1, 30_000);
    await expect.poll(connectionLine, { timeout: 30_000 }).toBe(CONNECTED);
    expect(auths()).toHaveLength(1);
    panel = await ext.openTab(PANEL);
    await expect.poll(() => panel.texts(ACTIVE_CALLS), { timeout: 15_000 }).toEqual([]);
  }, 120_000);

  it('malformed frames are dropped: the connection stays and a later ring still shows in the call panel', async () => {
    expect(sim.authenticatedCount()).toBe(1);
    const authsBefore = auths().length;
    const socketsBefore = socketsOpened();
    const rawSent = (): number => simLog.filter((l) => l.includes(' <- raw ')).length;
    const rawBefore = rawSent();
    await recordConnectionLine();

    sim.sendRaw('{"event":"Ringing",'); // invalid JSON
    sim.sendRaw('not json at all');
    sim.sendRaw(
      Buffer.from(
        JSON.stringify({
          event: 'Ringing',
          uniqueId: 'bin.1',
          from: '111222333',
          to: '444',
          direction: 'incoming',
          line: '444',
        }),
      ),
    ); // binary
    sim.sendRaw(`{"event":"Ringing","junk":"${'x'.repeat(10 * 1024 * 1024)}"}`); // 10 MB, far over the 256 K limit
    sim.sendRaw(JSON.stringify({ event: 'SomethingNew', uniqueId: 'new.1' })); // unknown event
    sim.sendRaw(JSON.stringify({ event: 42 })); // wrongly typed: event
    sim.sendRaw(
      JSON.stringify({
        event: 'Ringing',
        uniqueId: { id: 1 },
        from: '111222333',
        to: '444',
        direction: 'incoming',
        line: '444',
      }),
    );
    sim.sendRaw(
      JSON.stringify({
        event: 'Ringing',
        uniqueId: 'typed.1',
        from: ['111222333'],
        to: '444',
        direction: 'incoming',
        line: '444',
      }),
    );
    sim.sendRaw(
      JSON.stringify({
        event: 'Ringing',
        uniqueId: 'typed.2',
        from: '111222333',
        to: '444',
        direction: 42,
        line: '444',
      }),
    );
    sim.sendRaw(
      JSON.stringify({
        event: 'Ringing',
        uniqueId: 'typed.3',
        from: '111222333',
        to: '444',
        direction: 'incoming',
        line: true,
      }),
    );
    // The simulator wrote all ten on the one authenticated socket.
    expect(rawSent()).toBe(rawBefore + 10);

    // Frames arrive in order: once this ring shows, every frame above has been handled (and none made a call).
    const id = sim.ring({ from: '777888999', line: '444' });
    await expect
      .poll(() => panel.texts(ACTIVE_CALLS), { timeout: 15_000 })
      .toEqual([expect.stringContaining('777 888 999')]);

    // Same socket, no new sign-in, and the page never showed anything but connected.
    expect(auths()).toHaveLength(authsBefore);
    expect(socketsOpened()).toBe(socketsBefore);
    expect(sim.authenticatedCount()).toBe(1);
    expect(await connectionLine()).toBe(CONNECTED);
    expect(await connectionLineHistory()).toEqual([CONNECTED]);

    sim.hangup(id);
    await expect.poll(() => panel.texts(ACTIVE_CALLS), { timeout: 15_000 }).toEqual([]);
    await expectConnectedAndResponsive();
    expect(auths()).toHaveLength(authsBefore);
  }, 120_000);

  it('a dropped connection comes back by itself', async () => {
    const authsBefore = auths().length;
    const socketsBefore = socketsOpened();
    await recordConnectionLine();

    sim.dropConnections();

    await expect.poll(() => auths().length, { timeout: 30_000 }).toBe(authsBefore + 1);
    await expectConnectedAndResponsive();
    expect(socketsOpened()).toBe(socketsBefore + 1);
    // The loss was shown on the way (dropConnections closes with 1012 "Service restart").
    const history = await connectionLineHistory();
    expect(history).toContainEqual(expect.stringContaining(msg('reasonConnectionLost')));
    expect(history[history.length - 1]).toBe(CONNECTED);
  }, 120_000);

  it('auth never answered: the options page shows the auth timeout, and it reconnects once auth is answered again', async () => {
    const authsBefore = auths().length;
    await recordConnectionLine();
    sim.setModes({ neverAnswerAuth: true });
    sim.dropConnections();

    // It reconnects and signs in, the iPBX stays silent, and after the 10 s auth timeout the page says why.
    await expect.poll(() => auths().length, { timeout: 30_000 }).toBeGreaterThan(authsBefore);
    await expect
      .poll(connectionLineHistory, { timeout: 40_000, interval: 250 })
      .toContainEqual(expect.stringContaining(msg('reasonAuthTimeout')));
    expect(sim.authenticatedCount()).toBe(0);

    const authsDuringFault = auths().length;
    sim.setModes({ neverAnswerAuth: false });
    // The next retry (backoff, no user action) signs in with a new auth frame.
    await expect.poll(() => auths().length, { timeout: 60_000 }).toBeGreaterThan(authsDuringFault);
    await expectConnectedAndResponsive();
    expect((await connectionLineHistory()).at(-1)).toBe(CONNECTED);
  }, 180_000);

  it('the socket closed during auth: the page says so, and it signs in again by itself', async () => {
    const authsBefore = auths().length;
    await recordConnectionLine();
    sim.setModes({ authDelayMs: 60_000 });
    sim.dropConnections();

    // It reconnects and sends auth; the iPBX holds its answer, and then closes the socket under it.
    await expect.poll(() => auths().length, { timeout: 30_000 }).toBeGreaterThan(authsBefore);
    sim.setModes({ authDelayMs: 0 });
    sim.dropConnections();
    await expect
      .poll(connectionLineHistory, { timeout: 30_000, interval: 250 })
      .toContainEqual(expect.stringContaining(msg('reasonClosedDuringAuth')));
    await expectConnectedAndResponsive();
    expect((await connectionLineHistory()).at(-1)).toBe(CONNECTED);
  }, 120_000);

  it('a REST token that expires mid-session is refreshed without the user noticing', async () => {
    // Switch to the REST sign-in in the options page, as a user would.
    await options.run(() => {
      document.querySelectorAll<HTMLInputElement>('input[name="auth"]')[1]!.click();
      return true;
    }, null);
    await options.fill('#restUrl', sim.restUrl);
    await options.fill('#restEmail', 'alice@example.com');
    await options.fill('#restPassword', 'alice-pass');
    await options.clickButton(msg('optSignIn'));
    await expect.poll(() => auths().at(-1)?.data?.token, { timeout: 30_000 }).toMatch(/^at-/);
    await expectConnectedAndResponsive();
    const refreshesBefore = simLog.filter((l) => /^REST refresh .*: ok/.test(l)).length;
    const authsBefore = auths().length;
    await recordConnectionLine();

    // Every access token expires, and the connection drops: the reconnect meets "Token expired".
    sim.expireTokens();
    sim.dropConnections();

    await expect
      .poll(() => simLog.filter((l) => /^REST refresh .*: ok/.test(l)).length, { timeout: 30_000 })
      .toBe(refreshesBefore + 1);
    await expectConnectedAndResponsive();
    // Signed in with a new access token, and the page never said sign-in failed.
    const last = auths().at(-1)?.data?.token;
    expect(auths().length).toBeGreaterThan(authsBefore);
    expect(last).toMatch(/^at-/);
    expect(
      auths()
        .slice(authsBefore, -1)
        .every((f) => f.data?.token !== last),
    ).toBe(true);
    expect((await connectionLineHistory()).some((line) => line.includes(msg('stateAuthFailed')))).toBe(false);
    // Firefox lets content scripts read storage.local: the REST tokens are not there (the background keeps them in
    // its own IndexedDB).
    const local = await options.run(async () => {
      const api = (globalThis as unknown as { browser: import('webextension-polyfill').Browser }).browser;
      return JSON.stringify(await api.storage.local.get(null));
    }, null);
    expect(local).toContain('alice@example.com');
    expect(local).not.toContain(last);
    expect(local).not.toMatch(/accessToken|refreshToken|"rt-/);
  }, 120_000);

  it('a server that accepts TCP but never completes the handshake: handshake timeout shown, then it recovers', async () => {
    const authsBefore = auths().length;
    const heldBefore = heldUpgrades();
    await recordConnectionLine();
    sim.setModes({ noHandshake: true });
    sim.dropConnections();

    // The reconnect reaches TCP but the upgrade is never answered; after 10 s the page says why.
    await expect.poll(heldUpgrades, { timeout: 30_000 }).toBeGreaterThan(heldBefore);
    await expect
      .poll(connectionLineHistory, { timeout: 40_000, interval: 250 })
      .toContainEqual(expect.stringContaining(msg('reasonHandshakeTimeout')));
    // No WebSocket was opened meanwhile, so no sign-in either.
    expect(auths()).toHaveLength(authsBefore);
    expect(sim.authenticatedCount()).toBe(0);

    sim.setModes({ noHandshake: false });
    await expect.poll(() => auths().length, { timeout: 60_000 }).toBe(authsBefore + 1);
    await expectConnectedAndResponsive();
    expect((await connectionLineHistory()).at(-1)).toBe(CONNECTED);
  }, 180_000);
});
