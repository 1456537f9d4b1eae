import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { createHandlers, type HandlerEngine, type HandlerPageCalls } from '../../src/background/request-handlers.ts';
import { RequestError } from '../../src/background/requests.ts';
import { TokenError } from '../../src/background/tokens.ts';
import type { SignInRequest, Snapshot } from '../../src/shared/messages.ts';
import type { ConnectionStatus } from '../../src/shared/status.ts';

const SNAPSHOT: Snapshot = { status: { state: 'connected', since: 1 }, calls: [], consultations: [] };
const STATUS: ConnectionStatus = { state: 'connected', since: 2 };
const SENDER: Runtime.MessageSender = { id: 'ext', url: 'https://example.com/' };
const SIGN_IN: SignInRequest = {
  email: 'a@b.c',
  password: 'pw',
  restUrl: 'https://pbx/api',
  oauthTokenUrl: 'https://auth.example.com/token',
  oauthClientId: 'api',
  oauthScope: 'openid profile',
};
const PROBE = { url: 'wss://pbx/ws', answered: [{ dialect: 'socket.io' as const, url: 'wss://pbx/socket.io/' }] };

function setup() {
  let markReady = (): void => undefined;
  const engine = {
    ready: new Promise<void>((resolve) => (markReady = resolve)),
    snapshot: vi.fn(() => SNAPSHOT),
    originate: vi.fn(async (_to: string) => ({ uniqueId: '17.1' })),
    hangup: vi.fn(async (_uniqueId: string) => undefined),
    transfer: vi.fn(async (_uniqueId: string, _to: string, _type: 'blind' | 'attended') => undefined),
    testConnection: vi.fn(async () => STATUS),
    probeDialects: vi.fn(async () => PROBE),
    signIn: vi.fn(async (_request: SignInRequest) => undefined),
    signOut: vi.fn(async () => undefined),
  } satisfies HandlerEngine;
  const pageCalls = {
    pageConfig: vi.fn((_sender: Runtime.MessageSender) => ({ active: true })),
    classify: vi.fn(() => [null]),
  } satisfies HandlerPageCalls;
  return { engine, pageCalls, handlers: createHandlers(engine, pageCalls), markReady };
}

describe('createHandlers', () => {
  it('every handler waits until the engine is ready', async () => {
    const { engine, pageCalls, handlers, markReady } = setup();
    const answers = [
      handlers.getSnapshot(null, SENDER),
      handlers.pageConfig(null, SENDER),
      handlers.classifyNumbers({ texts: ['777888999'], lang: 'cs' }, SENDER),
      handlers.originate({ to: '777888999' }, SENDER),
      handlers.hangup({ uniqueId: '17.1' }, SENDER),
      handlers.transfer({ uniqueId: '17.1', to: '445', type: 'blind' }, SENDER),
      handlers.reconnect(null, SENDER),
      handlers.probeDialects(null, SENDER),
      handlers.signIn(SIGN_IN, SENDER),
      handlers.restLogout(null, SENDER),
    ];
    await new Promise((resolve) => setTimeout(resolve, 0));
    const called = () =>
      [...Object.values(engine), ...Object.values(pageCalls)].filter(
        (v) => typeof v === 'function' && vi.isMockFunction(v) && v.mock.calls.length > 0,
      );
    expect(called()).toEqual([]);
    markReady();
    expect(await Promise.all(answers)).toEqual([
      SNAPSHOT,
      { active: true },
      [null],
      { uniqueId: '17.1' },
      null,
      null,
      STATUS,
      PROBE,
      null,
      null,
    ]);
  });

  it('passes each request on as it came', async () => {
    const { engine, pageCalls, handlers, markReady } = setup();
    markReady();
    await handlers.pageConfig(null, SENDER);
    await handlers.classifyNumbers({ texts: ['1'], lang: 'en', links: true }, SENDER);
    await handlers.originate({ to: '+420777888999' }, SENDER);
    await handlers.hangup({ uniqueId: 'u1' }, SENDER);
    await handlers.transfer({ uniqueId: 'u1', to: '445', type: 'attended' }, SENDER);
    await handlers.signIn(SIGN_IN, SENDER);
    expect(pageCalls.pageConfig).toHaveBeenCalledWith(SENDER);
    expect(pageCalls.classify).toHaveBeenCalledWith({ texts: ['1'], lang: 'en', links: true });
    expect(engine.originate).toHaveBeenCalledWith('+420777888999');
    expect(engine.hangup).toHaveBeenCalledWith('u1');
    expect(engine.transfer).toHaveBeenCalledWith('u1', '445', 'attended');
    expect(engine.signIn).toHaveBeenCalledWith(SIGN_IN);
  });

  it('a refused sign-in answers with a RequestError the options page can show', async () => {
    const { engine, handlers, markReady } = setup();
    markReady();
    engine.signIn.mockRejectedValueOnce(new TokenError('rejected', 'invalid_grant: Invalid user credentials'));
    const refused = handlers.signIn({ ...SIGN_IN, password: 'x' }, SENDER);
    await expect(refused).rejects.toBeInstanceOf(RequestError);
    await expect(refused).rejects.toMatchObject({
      code: 'errLoginRejected',
      detail: 'invalid_grant: Invalid user credentials',
    });
  });

  it('an unreachable sign-in server is named by its URL', async () => {
    const { engine, handlers, markReady } = setup();
    markReady();
    engine.signIn.mockRejectedValueOnce(new TokenError('unreachable-or-tls', 'Failed to fetch', SIGN_IN.oauthTokenUrl));
    await expect(handlers.signIn(SIGN_IN, SENDER)).rejects.toMatchObject({
      code: 'errSignInUnreachableOrTls',
      detail: SIGN_IN.oauthTokenUrl,
    });
  });

  it('any other sign-in failure goes to the router unchanged', async () => {
    const { engine, handlers, markReady } = setup();
    markReady();
    const broken = new Error('IndexedDB is closed');
    engine.signIn.mockRejectedValueOnce(broken);
    await expect(handlers.signIn(SIGN_IN, SENDER)).rejects.toBe(broken);
  });

  it('call requests fail with what the engine threw', async () => {
    const { engine, handlers, markReady } = setup();
    markReady();
    const noCall = new RequestError('errNoSuchCall');
    engine.hangup.mockRejectedValueOnce(noCall);
    await expect(handlers.hangup({ uniqueId: 'gone' }, SENDER)).rejects.toBe(noCall);
  });
});
