/**
 * The iPBX as the platform runs it today (issue 15), in real Chromium against the simulator: an OAuth sign-in through
 * the options page, the Socket.IO dialect from the MV3 service worker (a ring reaches the panel, "Hang up" goes back),
 * the connection log with the token redacted in the page and in its download, "Test connection" finding the other
 * dialect, and the panel bringing a waiting connection back at once.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { launchExtension, type ExtensionBrowser } from './support/chromium.ts';
import { OPTIONS_PAGE, POPUP_PAGE } from '../../src/shared/manifest-names.ts';

let sim: Simulator;
let ext: ExtensionBrowser;
let options: Page;

const socketIoUrl = () => `ws://127.0.0.1:${sim.port}/socket.io/`;
const auths = () => sim.received.filter((f) => f.data?.action === 'auth');

beforeAll(async () => {
  sim = await startSimulator({ modes: { answerDelayMs: 200, tokenTtlSeconds: 3000 } });
  ext = await launchExtension();
});

afterAll(async () => {
  await ext?.close();
  await sim?.close();
});

describe('the real iPBX in Chromium', () => {
  it('signs in with OAuth through the options page and connects over Socket.IO from the service worker', async () => {
    options = await ext.openPage(OPTIONS_PAGE);
    await options.locator('#pbxUrl').fill(socketIoUrl());
    await options.locator('#transport').selectOption('socket.io');
    await options.locator('#identityType').selectOption('email');
    await options.locator('#identityValue').fill('alice@example.com');
    await options.getByRole('radio', { name: 'E-mail and password' }).check();
    await options.locator('#oauthTokenUrl').fill(sim.oauthTokenUrl);
    await expect.poll(() => options.locator('#sign-in-via').innerText()).toContain('OAuth');
    await options.locator('#restEmail').fill('alice@example.com');
    await options.locator('#restPassword').fill('alice-pass');
    await options.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => options.getByRole('status').first().innerText(), { timeout: 15_000 })
      .toContain('Connected, line 444');
    expect(await options.locator('#restPassword').inputValue()).toBe('');

    const auth = auths().at(-1);
    expect(auth?.transport).toBe('socket.io');
    expect(auth?.data).toMatchObject({ identityType: 'email', identityValue: 'alice@example.com' });
    expect(String(auth?.data?.token)).toMatch(/^at-/);
    const stored = await options.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
    expect(stored).toContain('"oauthTokenUrl"');
    expect(stored).toContain('"transport":"socket.io"');
    expect(stored).not.toContain(String(auth?.data?.token));
    expect(stored).not.toContain('alice-pass');
  });

  it('a ring in the Socket.IO dialect reaches the panel; "Hang up" goes back as an emit', async () => {
    // Which ports the panel opens and what comes through them: the panel must never get log traffic.
    await ext.ctx.addInitScript(() => {
      const seen: { ports: string[]; messages: string[] } = { ports: [], messages: [] };
      Object.assign(globalThis, { __ipbxPorts: seen });
      const connect = chrome.runtime.connect.bind(chrome.runtime);
      chrome.runtime.connect = ((info?: chrome.runtime.ConnectInfo) => {
        const port = connect(info);
        seen.ports.push(info?.name ?? '');
        port.onMessage.addListener((m: unknown) =>
          seen.messages.push(
            Object.keys(m as object)
              .sort()
              .join(','),
          ),
        );
        return port;
      }) as typeof chrome.runtime.connect;
    });
    const panel = await ext.openPage(POPUP_PAGE);
    const uniqueId = sim.ring({ from: '777888999', line: '444', queue: 'support' });
    await expect.poll(() => panel.getByRole('listitem').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => panel.getByRole('listitem').innerText()).toContain('777 888 999');
    await panel.getByRole('button', { name: 'Hang up' }).click();
    const hangup = await sim.waitForFrame((f) => f.data?.action === 'hangupcall', 10_000);
    expect(hangup.transport).toBe('socket.io');
    expect(hangup.raw).toBe(JSON.stringify(['hangupcall', { uniqueid: uniqueId }]));
    await expect.poll(() => panel.getByRole('listitem').count(), { timeout: 10_000 }).toBe(0);
    const seen = await panel.evaluate(
      () => (globalThis as unknown as { __ipbxPorts: { ports: string[]; messages: string[] } }).__ipbxPorts,
    );
    expect(seen.ports).toEqual(['ipbx-snapshot']);
    expect(seen.messages.length).toBeGreaterThan(0);
    expect(seen.messages.every((keys) => keys.includes('calls') && keys.includes('status'))).toBe(true);
    await panel.close();
  });

  it('the connection log shows the frames with the token redacted, in the page and in the downloaded JSON', async () => {
    const token = String(auths().at(-1)?.data?.token);
    await options.getByRole('button', { name: 'Show the log' }).click();
    const table = options.getByRole('table');
    await expect.poll(() => table.getByRole('row').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    const text = await table.innerText();
    expect(text).toContain('["auth",{"token":"***","identityType":"email","identityValue":"alice@example.com"}]');
    // The simulator emits events by name: ["Ringing",{…}].
    expect(text).toContain('["Ringing",{');
    expect(text).toMatch(/OAuth password grant: POST .*password=\*\*\*/);
    expect(text).toContain('"access_token":"***"');
    // Newest first: the first data row is no older than the last.
    const times = await table.locator('tbody time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(times[0]! >= times.at(-1)!).toBe(true);
    // Nowhere in the page, nor in what it keeps in the DOM.
    expect(await options.evaluate(() => document.body.innerText)).not.toContain(token);
    expect(await options.content()).not.toContain(token);
    expect(await options.content()).not.toContain('alice-pass');

    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Download (JSON)' }).click(),
    ]);
    const path = await download.path();
    const json = await readFile(path, 'utf8');
    expect(json).not.toContain(token);
    expect(json).not.toContain('alice-pass');
    const doc = JSON.parse(json) as { entries: { kind: string; text: string; dialect?: string }[] };
    expect(
      doc.entries.some((e) => e.kind === 'out' && e.dialect === 'socket.io' && e.text.includes('"token":"***"')),
    ).toBe(true);
    expect(doc.entries.some((e) => e.kind === 'status' && e.text.startsWith('Connected, line 444 (socket.io)'))).toBe(
      true,
    );
    await expect.poll(() => options.getByRole('status').last().innerText()).toMatch(/^Downloaded\. Entries: \d+\.$/);

    // Kept in storage.session (written at most every 2 s), where a restarted worker finds it; redacted there too.
    const kept = async () =>
      (await ext.worker()).evaluate(async () => {
        const { connectionLog } = await chrome.storage.session.get('connectionLog');
        return (connectionLog ?? []) as { kind: string; text: string }[];
      });
    await expect
      .poll(async () => (await kept()).some((e) => e.kind === 'out' && e.text.includes('"token":"***"')), {
        timeout: 5_000,
      })
      .toBe(true);
    expect(JSON.stringify(await kept())).not.toContain(token);
    await options.getByRole('button', { name: 'Hide the log' }).click();
  });

  it('"Test connection" on the wrong dialect finds the one that answers, and switches to it', async () => {
    // The Socket.IO URL with the plain WebSocket dialect: its server refuses the upgrade.
    await options.locator('#transport').selectOption('websocket');
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => options.getByTestId('dialect-result').innerText(), { timeout: 30_000 })
      .toContain('the iPBX answers over Socket.IO, not over the dialect set here');
    await options.getByRole('button', { name: 'Switch to Socket.IO' }).click();
    await expect
      .poll(() => options.getByRole('status').first().innerText(), { timeout: 15_000 })
      .toContain('Connected, line 444');
    expect(await options.locator('#transport').inputValue()).toBe('socket.io');
    expect(auths().at(-1)?.transport).toBe('socket.io');
  }, 60_000);

  it('opening the panel brings a waiting connection back at once, not when the backoff says', async () => {
    const snapshot = async () =>
      options.evaluate(async () => {
        const reply = (await chrome.runtime.sendMessage({ type: 'getSnapshot', payload: null })) as {
          value: { status: { state: string; retryAt?: number } };
        };
        return reply.value.status;
      });
    // A token a restarted simulator still knows (it forgets the OAuth tokens it issued): a pasted one.
    await options.evaluate(async () => {
      const { settings } = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(settings as object), token: 'demo-token-alice' } });
    });
    await expect.poll(async () => (await snapshot()).state, { timeout: 10_000 }).toBe('connected');
    const port = sim.port;
    await sim.close();
    // Wait until the next automatic attempt is a few seconds away (the backoff doubles: 1, 2, 4, 8 s…).
    await expect
      .poll(
        async () => {
          const s = await snapshot();
          return s.state === 'disconnected' && (s.retryAt ?? 0) - Date.now() > 3_000;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe(true);
    const { retryAt = 0 } = await snapshot();
    sim = await startSimulator({ port, firstIdCounter: 5000 });
    const panel = await ext.openPage(POPUP_PAGE);
    await expect.poll(() => panel.getByRole('status').innerText(), { timeout: 10_000 }).toContain('Connected');
    // Connected before the backoff would even have tried again.
    expect(Date.now()).toBeLessThan(retryAt);
    await panel.close();
  }, 60_000);
});
