import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import {
  createHandlers,
  type HandlerEngine,
  type HandlerGuard,
  type HandlerPageCalls,
  type HandlerRecords,
} from '../../src/background/request-handlers.ts';
import type { GuardView, PageCallOutcome } from '../../src/shared/call-guard.ts';
import { RequestError } from '../../src/background/requests.ts';
import { TokenError } from '../../src/background/tokens.ts';
import type { Snapshot } from '../../src/shared/messages.ts';
import type { ConnectionStatus } from '../../src/shared/status.ts';

const SNAPSHOT: Snapshot = { status: { state: 'connected', since: 1 }, calls: [], consultations: [] };
const STATUS: ConnectionStatus = { state: 'connected', since: 2 };
const SENDER: Runtime.MessageSender = { id: 'ext', url: 'https://example.com/' };

function setup() {
  let markReady = (): void => undefined;
  const engine = {
    ready: new Promise<void>((resolve) => (markReady = resolve)),
    snapshot: vi.fn(() => SNAPSHOT),
    originate: vi.fn(async (_to: string) => ({ uniqueId: '17.1' })),
    hangup: vi.fn(async (_uniqueId: string) => undefined),
    transfer: vi.fn(async (_uniqueId: string, _to: string, _type: 'blind' | 'attended') => undefined),
    testConnection: vi.fn(async () => STATUS),
    restLogin: vi.fn(async (_restUrl: string, _email: string, _password: string) => undefined),
    signOut: vi.fn(async () => undefined),
  } satisfies HandlerEngine;
  const pageCalls = {
    pageConfig: vi.fn((_sender: Runtime.MessageSender) => ({ active: true })),
    classify: vi.fn(() => [null]),
  } satisfies HandlerPageCalls;
  const view: GuardView = {
    kind: 'confirm',
    number: '900 123 456',
    dial: '900123456',
    type: 'Premium-rate number',
    origin: 'crm.example.com',
    reasons: [],
    expiresAt: 1,
  };
  const outcome: PageCallOutcome = { outcome: 'asking', label: '900 123 456', where: 'notification' };
  const guard = {
    pageCall: vi.fn(async () => outcome),
    details: vi.fn(() => view),
    answer: vi.fn(async () => undefined),
  } satisfies HandlerGuard;
  const records = { open: vi.fn(async (_uniqueId: string) => undefined) } satisfies HandlerRecords;
  return {
    engine,
    pageCalls,
    guard,
    records,
    view,
    outcome,
    handlers: createHandlers(engine, pageCalls, guard, records),
    markReady,
  };
}

describe('createHandlers', () => {
  it('every handler waits until the engine is ready', async () => {
    const { engine, pageCalls, guard, records, handlers, markReady, view, outcome } = setup();
    const call = {
      text: '900 123 456',
      dial: '900123456',
      link: false,
      lang: 'cs',
      shown: '900 123 456',
      seen: 'visible' as const,
    };
    const answers = [
      handlers.getSnapshot(null, SENDER),
      handlers.pageConfig(null, SENDER),
      handlers.classifyNumbers({ texts: ['777888999'], lang: 'cs' }, SENDER),
      handlers.originate({ to: '777888999' }, SENDER),
      handlers.hangup({ uniqueId: '17.1' }, SENDER),
      handlers.transfer({ uniqueId: '17.1', to: '445', type: 'blind' }, SENDER),
      handlers.reconnect(null, SENDER),
      handlers.restLogin({ restUrl: 'https://pbx/api', email: 'a@b.c', password: 'pw' }, SENDER),
      handlers.restLogout(null, SENDER),
      handlers.pageCall(call, SENDER),
      handlers.guardDetails({ id: 'c1' }, SENDER),
      handlers.guardAnswer({ id: 'c1', call: true }, SENDER),
      handlers.openRecord({ uniqueId: '17.1' }, SENDER),
    ];
    await new Promise((resolve) => setTimeout(resolve, 0));
    const called = () =>
      [
        ...Object.values(engine),
        ...Object.values(pageCalls),
        ...Object.values(guard),
        ...Object.values(records),
      ].filter((v) => typeof v === 'function' && vi.isMockFunction(v) && v.mock.calls.length > 0);
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
      null,
      null,
      outcome,
      view,
      null,
      null,
    ]);
    expect(guard.pageCall).toHaveBeenCalledWith(call, SENDER);
    expect(guard.details).toHaveBeenCalledWith('c1', SENDER);
    expect(guard.answer).toHaveBeenCalledWith('c1', true, SENDER);
    expect(records.open).toHaveBeenCalledWith('17.1');
  });

  it('passes each request on as it came', async () => {
    const { engine, pageCalls, handlers, markReady } = setup();
    markReady();
    await handlers.pageConfig(null, SENDER);
    await handlers.classifyNumbers({ texts: ['1'], lang: 'en', links: true }, SENDER);
    await handlers.originate({ to: '+420777888999' }, SENDER);
    await handlers.hangup({ uniqueId: 'u1' }, SENDER);
    await handlers.transfer({ uniqueId: 'u1', to: '445', type: 'attended' }, SENDER);
    await handlers.restLogin({ restUrl: 'https://pbx/api', email: 'a@b.c', password: 'pw' }, SENDER);
    expect(pageCalls.pageConfig).toHaveBeenCalledWith(SENDER);
    expect(pageCalls.classify).toHaveBeenCalledWith({ texts: ['1'], lang: 'en', links: true });
    expect(engine.originate).toHaveBeenCalledWith('+420777888999');
    expect(engine.hangup).toHaveBeenCalledWith('u1');
    expect(engine.transfer).toHaveBeenCalledWith('u1', '445', 'attended');
    expect(engine.restLogin).toHaveBeenCalledWith('https://pbx/api', 'a@b.c', 'pw');
  });

  it('a refused REST sign-in answers with a RequestError the options page can show', async () => {
    const { engine, handlers, markReady } = setup();
    markReady();
    engine.restLogin.mockRejectedValueOnce(new TokenError('rejected', 'Wrong password'));
    const refused = handlers.restLogin({ restUrl: 'https://pbx/api', email: 'a@b.c', password: 'x' }, SENDER);
    await expect(refused).rejects.toBeInstanceOf(RequestError);
    await expect(refused).rejects.toMatchObject({ code: 'errLoginRejected', detail: 'Wrong password' });
  });

  it('any other sign-in failure goes to the router unchanged', async () => {
    const { engine, handlers, markReady } = setup();
    markReady();
    const broken = new Error('IndexedDB is closed');
    engine.restLogin.mockRejectedValueOnce(broken);
    await expect(
      handlers.restLogin({ restUrl: 'https://pbx/api', email: 'a@b.c', password: 'x' }, SENDER),
    ).rejects.toBe(broken);
  });

  it('call requests fail with what the engine threw', async () => {
    const { engine, handlers, markReady } = setup();
    markReady();
    const noCall = new RequestError('errNoSuchCall');
    engine.hangup.mockRejectedValueOnce(noCall);
    await expect(handlers.hangup({ uniqueId: 'gone' }, SENDER)).rejects.toBe(noCall);
  });
});
