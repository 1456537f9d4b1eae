import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import {
  createHandlers,
  type HandlerEngine,
  type HandlerGuard,
  type HandlerPageCalls,
  type HandlerPanels,
  type HandlerRecords,
} from '../../src/background/request-handlers.ts';
import type { GuardView, PageCallOutcome } from '../../src/shared/call-guard.ts';
import { RequestError } from '../../src/background/requests.ts';
import { TokenError } from '../../src/background/tokens.ts';
import { createContactHandlers, type HandlerNames } from '../../src/background/contacts/contact-handlers.ts';
import type { ContactsStatus } from '../../src/shared/contacts-status.ts';
import type { SignInRequest, Snapshot } from '../../src/shared/messages.ts';
import type { ConnectionStatus } from '../../src/shared/status.ts';
import { premiumView } from '../support/guard-view.ts';

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

const CONTACTS_STATUS: ContactsStatus = {
  file: { count: 3, updatedAt: 5, fileName: 'a.csv' },
  ipbx: { count: 0 },
  user: { count: 1 },
  crm: {},
  building: [],
};

const names = {
  search: vi.fn((_query: string) => [{ name: 'Jan Novák', company: '', number: '+420777888999', source: 'file' }]),
  status: vi.fn(async () => CONTACTS_STATUS),
  reload: vi.fn(async (_source: 'file' | 'user') => undefined),
  removeFile: vi.fn(async () => undefined),
  refreshIpbx: vi.fn(async () => undefined),
  nameNumber: vi.fn(async (_number: string, _name: string) => undefined),
  testLookup: vi.fn(async (_number: string) => ({ url: 'https://crm/?q=1', matches: [], withCookies: false })),
} satisfies HandlerNames;

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
  const contacts = { handlers: createContactHandlers(engine.ready, names), signedOut: vi.fn(async () => undefined) };
  const panels = {
    openWindow: vi.fn(async () => undefined),
    missedSeen: vi.fn(async () => undefined),
    frameLoaded: vi.fn((_sender: Runtime.MessageSender) => undefined),
  } satisfies HandlerPanels;
  const view: GuardView = premiumView();
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
    contacts,
    panels,
    guard,
    records,
    view,
    outcome,
    handlers: createHandlers({ engine, pageCalls, guard, records, contacts, panels }),
    markReady,
  };
}

describe('createHandlers', () => {
  it('caller-name messages wait for the engine too, and sign-out wipes the iPBX contacts after the secrets', async () => {
    const { engine, contacts, handlers, markReady } = setup();
    for (const fn of Object.values(names)) fn.mockClear();
    const answers = [
      handlers.contactsSearch({ query: 'nov' }, SENDER),
      handlers.contactsStatus(null, SENDER),
      handlers.contactsReload({ source: 'file' }, SENDER),
      handlers.contactsRemoveFile(null, SENDER),
      handlers.contactsRefresh(null, SENDER),
      handlers.nameNumber({ number: '777888999', name: 'Jan' }, SENDER),
      handlers.lookupTest({ number: '777888999' }, SENDER),
    ];
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(Object.values(names).filter((fn) => fn.mock.calls.length > 0)).toEqual([]);
    markReady();
    expect(await Promise.all(answers)).toEqual([
      [{ name: 'Jan Novák', company: '', number: '+420777888999', source: 'file' }],
      CONTACTS_STATUS,
      CONTACTS_STATUS,
      CONTACTS_STATUS,
      CONTACTS_STATUS,
      null,
      { url: 'https://crm/?q=1', matches: [], withCookies: false },
    ]);
    expect(names.search).toHaveBeenCalledWith('nov');
    expect(names.reload).toHaveBeenCalledWith('file');
    expect(names.nameNumber).toHaveBeenCalledWith('777888999', 'Jan');
    expect(names.testLookup).toHaveBeenCalledWith('777888999');
    await handlers.restLogout(null, SENDER);
    expect(engine.signOut).toHaveBeenCalledOnce();
    expect(contacts.signedOut).toHaveBeenCalledOnce();
    expect(engine.signOut.mock.invocationCallOrder[0]).toBeLessThan(
      contacts.signedOut.mock.invocationCallOrder[0] ?? 0,
    );
  });

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
      handlers.probeDialects(null, SENDER),
      handlers.signIn(SIGN_IN, SENDER),
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
      PROBE,
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
    await handlers.signIn(SIGN_IN, SENDER);
    expect(pageCalls.pageConfig).toHaveBeenCalledWith(SENDER);
    expect(pageCalls.classify).toHaveBeenCalledWith({ texts: ['1'], lang: 'en', links: true });
    expect(engine.originate).toHaveBeenCalledWith('+420777888999');
    expect(engine.hangup).toHaveBeenCalledWith('u1');
    expect(engine.transfer).toHaveBeenCalledWith('u1', '445', 'attended');
    expect(engine.signIn).toHaveBeenCalledWith(SIGN_IN);
  });

  it('a page config request also tells the page feed that a frame loaded; the panel requests reach their targets', async () => {
    const { panels, handlers, markReady } = setup();
    markReady();
    await handlers.pageConfig(null, SENDER);
    expect(panels.frameLoaded).toHaveBeenCalledWith(SENDER);
    expect(await handlers.openPanelWindow(null, SENDER)).toBeNull();
    expect(await handlers.missedSeen(null, SENDER)).toBeNull();
    expect(panels.openWindow).toHaveBeenCalledTimes(1);
    expect(panels.missedSeen).toHaveBeenCalledTimes(1);
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
