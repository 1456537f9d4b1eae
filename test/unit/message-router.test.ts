import { describe, it, expect, vi, type Mock } from 'vitest';
import type { Runtime, Tabs } from 'webextension-polyfill';
import { createMessageRouter, senderKind, validPayload, type Handlers } from '../../src/background/message-router.ts';
import { MAX_CANDIDATE_LENGTH, MAX_CANDIDATES } from '../../src/shared/message-schemas.ts';
import { RequestError } from '../../src/background/requests.ts';
import type { Logger } from '../../src/shared/log.ts';
import { SENDERS, type MessageMap, type MessageType } from '../../src/shared/messages.ts';
import { premiumView } from '../support/guard-view.ts';

const EXT_ID = 'test-extension-id';
const ORIGIN = `chrome-extension://${EXT_ID}/`;

const TAB: Tabs.Tab = { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false };

const POPUP: Runtime.MessageSender = { id: EXT_ID, url: `${ORIGIN}src/popup/index.html` };
const OPTIONS_IN_TAB: Runtime.MessageSender = { id: EXT_ID, url: `${ORIGIN}src/options/index.html`, tab: TAB };
const CONTENT: Runtime.MessageSender = { id: EXT_ID, url: 'https://www.example.com/contact', tab: TAB, frameId: 0 };
const FOREIGN: Runtime.MessageSender = {
  id: 'some-other-extension',
  url: `chrome-extension://some-other-extension/page.html`,
};
const NO_URL: Runtime.MessageSender = { id: EXT_ID };
const NO_URL_WITH_TAB: Runtime.MessageSender = { id: EXT_ID, tab: TAB };

describe('senderKind', () => {
  it('our own extension page, in a popup or a tab', () => {
    expect(senderKind(POPUP, EXT_ID, ORIGIN)).toBe('extension-page');
    expect(senderKind(OPTIONS_IN_TAB, EXT_ID, ORIGIN)).toBe('extension-page');
  });

  it('our content script: a tab and a web page URL', () => {
    expect(senderKind(CONTENT, EXT_ID, ORIGIN)).toBe('content-script');
  });

  it('a foreign extension is unknown, even with our origin in its URL', () => {
    expect(senderKind(FOREIGN, EXT_ID, ORIGIN)).toBe('unknown');
    expect(senderKind({ id: 'other', url: `${ORIGIN}x.html` }, EXT_ID, ORIGIN)).toBe('unknown');
    expect(senderKind({ url: `${ORIGIN}x.html` }, EXT_ID, ORIGIN)).toBe('unknown');
  });

  it('a sender without a URL is unknown', () => {
    expect(senderKind(NO_URL, EXT_ID, ORIGIN)).toBe('unknown');
    expect(senderKind(NO_URL_WITH_TAB, EXT_ID, ORIGIN)).toBe('unknown');
  });

  it('a non-tab sender with a web URL is unknown', () => {
    expect(senderKind({ id: EXT_ID, url: 'https://www.example.com/' }, EXT_ID, ORIGIN)).toBe('unknown');
  });
});

describe('validPayload', () => {
  it('messages without a payload accept anything', () => {
    for (const type of ['getSnapshot', 'pageConfig', 'reconnect', 'probeDialects', 'restLogout'] as const) {
      expect(validPayload(type, null)).toBe(true);
      expect(validPayload(type, undefined)).toBe(true);
      expect(validPayload(type, { extra: 1 })).toBe(true);
    }
  });

  it('originate', () => {
    expect(validPayload('originate', { to: '777888999' })).toBe(true);
    expect(validPayload('originate', { to: 'x'.repeat(64) })).toBe(true);
    expect(validPayload('originate', { to: 'x'.repeat(65) })).toBe(false);
    expect(validPayload('originate', { to: 777888999 })).toBe(false);
    expect(validPayload('originate', {})).toBe(false);
    expect(validPayload('originate', null)).toBe(false);
    expect(validPayload('originate', '777888999')).toBe(false);
  });

  it('classifyNumbers', () => {
    expect(validPayload('classifyNumbers', { texts: ['777 888 999', '+420 777 888 999'], lang: 'cs-CZ' })).toBe(true);
    expect(validPayload('classifyNumbers', { texts: [], lang: '' })).toBe(true);
    expect(validPayload('classifyNumbers', { texts: ['1'], lang: 'en', links: true })).toBe(true);
    expect(validPayload('classifyNumbers', { texts: ['1'], lang: 'en', links: 'yes' })).toBe(false);
    expect(validPayload('classifyNumbers', { texts: '777888999', lang: 'en' })).toBe(false);
    expect(validPayload('classifyNumbers', { texts: [777888999], lang: 'en' })).toBe(false);
    expect(validPayload('classifyNumbers', { texts: ['1'] })).toBe(false);
    expect(validPayload('classifyNumbers', { texts: ['1'], lang: 'x'.repeat(65) })).toBe(false);
    expect(validPayload('classifyNumbers', { texts: ['1'.repeat(MAX_CANDIDATE_LENGTH)], lang: 'en' })).toBe(true);
    expect(validPayload('classifyNumbers', { texts: ['1'.repeat(MAX_CANDIDATE_LENGTH + 1)], lang: 'en' })).toBe(false);
    expect(
      validPayload('classifyNumbers', { texts: Array.from({ length: MAX_CANDIDATES }, () => '1'), lang: 'en' }),
    ).toBe(true);
    expect(
      validPayload('classifyNumbers', { texts: Array.from({ length: MAX_CANDIDATES + 1 }, () => '1'), lang: 'en' }),
    ).toBe(false);
    expect(validPayload('classifyNumbers', null)).toBe(false);
  });

  it('hangup', () => {
    expect(validPayload('hangup', { uniqueId: '1412256225.1940' })).toBe(true);
    expect(validPayload('hangup', { uniqueId: 'x'.repeat(200) })).toBe(true);
    expect(validPayload('hangup', { uniqueId: 'x'.repeat(201) })).toBe(false);
    expect(validPayload('hangup', { uniqueId: 1412256225.194 })).toBe(false);
    expect(validPayload('hangup', { id: '1' })).toBe(false);
  });

  it('transfer', () => {
    expect(validPayload('transfer', { uniqueId: '1', to: '445', type: 'blind' })).toBe(true);
    expect(validPayload('transfer', { uniqueId: '1', to: '445', type: 'attended' })).toBe(true);
    expect(validPayload('transfer', { uniqueId: '1', to: '445', type: 'warm' })).toBe(false);
    expect(validPayload('transfer', { uniqueId: '1', to: '445' })).toBe(false);
    expect(validPayload('transfer', { uniqueId: '1', to: 445, type: 'blind' })).toBe(false);
    expect(validPayload('transfer', { uniqueId: 1, to: '445', type: 'blind' })).toBe(false);
    expect(validPayload('transfer', { uniqueId: '1', to: 'x'.repeat(65), type: 'blind' })).toBe(false);
    expect(validPayload('transfer', { uniqueId: 'x'.repeat(201), to: '445', type: 'blind' })).toBe(false);
  });

  it('signIn', () => {
    const ok = {
      email: 'jana@example.com',
      password: 'pw',
      restUrl: 'https://pbx/api',
      oauthTokenUrl: 'https://auth.voipex.io/token',
      oauthClientId: 'api',
      oauthScope: 'openid profile',
    };
    expect(validPayload('signIn', ok)).toBe(true);
    expect(validPayload('signIn', { ...ok, password: undefined })).toBe(false);
    expect(validPayload('signIn', { ...ok, email: 5 })).toBe(false);
    expect(validPayload('signIn', { ...ok, restUrl: null })).toBe(false);
    expect(validPayload('signIn', { ...ok, oauthTokenUrl: undefined })).toBe(false);
    expect(validPayload('signIn', { ...ok, restUrl: 'h'.repeat(2_001) })).toBe(false);
    expect(validPayload('signIn', { ...ok, oauthTokenUrl: 'h'.repeat(2_001) })).toBe(false);
    expect(validPayload('signIn', { ...ok, oauthClientId: 'c'.repeat(201) })).toBe(false);
    expect(validPayload('signIn', { ...ok, email: 'e'.repeat(321) })).toBe(false);
    expect(validPayload('signIn', { ...ok, password: 'p'.repeat(1_001) })).toBe(false);
    expect(validPayload('signIn', { ...ok, password: 'p'.repeat(1_000) })).toBe(true);
  });
});

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

type LogFn = Mock<(message: string) => void>;

function logger(): Logger & { warn: LogFn; error: LogFn } {
  const fn = (): LogFn => vi.fn<(message: string) => void>();
  return { debug: fn(), info: fn(), warn: fn(), error: fn() };
}

const CONTACTS_STATUS = { file: { count: 0 }, ipbx: { count: 0 }, user: { count: 0 }, crm: {}, building: [] };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const base: Handlers = {
    getSnapshot: async () => ({ status: { state: 'connected', since: 0 }, calls: [], consultations: [] }),
    pageConfig: async () => ({ active: true }),
    classifyNumbers: async ({ texts }) => texts.map(() => null),
    originate: async () => ({ uniqueId: '9.1' }),
    pageCall: async () => ({ outcome: 'placed', label: '777 888 999' }),
    guardDetails: async () => premiumView(),
    guardAnswer: async () => null,
    openRecord: async () => null,
    hangup: async () => null,
    transfer: async () => null,
    reconnect: async () => ({ state: 'connected', since: 0 }),
    probeDialects: async () => ({ url: '', answered: [] }),
    signIn: async () => null,
    restLogout: async () => null,
    contactsSearch: async () => [],
    contactsStatus: async () => CONTACTS_STATUS,
    contactsReload: async () => CONTACTS_STATUS,
    contactsRemoveFile: async () => CONTACTS_STATUS,
    contactsRefresh: async () => CONTACTS_STATUS,
    nameNumber: async () => null,
    lookupTest: async () => ({ url: 'https://crm.example/?q=1', matches: [], withCookies: false }),
    openPanelWindow: async () => null,
    missedSeen: async () => null,
  };
  return { ...base, ...overrides };
}

/** Sends one message through the router; resolves with what it passes to sendResponse. */
function send(
  router: ReturnType<typeof createMessageRouter>,
  message: unknown,
  sender: Runtime.MessageSender,
): Promise<Reply> {
  return new Promise((resolve) => {
    const result = router(message, sender, (r) => resolve(r as Reply));
    // true keeps the channel open for the asynchronous answer.
    expect(result).toBe(true);
  });
}

describe('createMessageRouter', () => {
  function setup(overrides: Partial<Handlers> = {}) {
    const log = logger();
    const h = handlers(overrides);
    const spies = {
      originate: vi.fn(h.originate),
      pageCall: vi.fn(h.pageCall),
      hangup: vi.fn(h.hangup),
    };
    const router = createMessageRouter({ ...h, ...spies }, { extensionId: EXT_ID, extensionOrigin: ORIGIN, log });
    return { router, log, spies };
  }

  it('refuses a content script sending "hangup"', async () => {
    const { router, log, spies } = setup();
    const reply = await send(router, { type: 'hangup', payload: { uniqueId: '1' } }, CONTENT);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'errNotAllowed', message: 'This request is not allowed from here.' },
    });
    expect(spies.hangup).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith('refused "hangup" from a content script');
  });

  it('refuses every extension-page-only message from a content script', async () => {
    const { router } = setup();
    const pageOnly = (Object.keys(SENDERS) as MessageType[]).filter((t) => SENDERS[t] === 'extension-page');
    expect(pageOnly.length).toBeGreaterThan(0);
    for (const type of pageOnly) {
      const reply = await send(router, { type, payload: null }, CONTENT);
      expect(reply.ok ? null : reply.error.code).toBe('errNotAllowed');
    }
  });

  it('a content script places no call itself: originate is refused, a page call goes to the call guard', async () => {
    const { router, spies } = setup();
    const refused = await send(router, { type: 'originate', payload: { to: '900123456' } }, CONTENT);
    expect(refused.ok ? null : refused.error.code).toBe('errNotAllowed');
    expect(spies.originate).not.toHaveBeenCalled();
    const call = {
      text: '777 888 999',
      dial: '777888999',
      link: false,
      lang: 'cs',
      shown: '777 888 999',
      seen: 'visible',
    };
    const reply = await send(router, { type: 'pageCall', payload: call }, CONTENT);
    expect(reply).toEqual({ ok: true, value: { outcome: 'placed', label: '777 888 999' } });
    expect(spies.pageCall).toHaveBeenCalledWith(call, CONTENT);
  });

  it('a page call must say what the user saw, in the words the schema knows', async () => {
    const { router, spies } = setup();
    const base = { text: '777 888 999', dial: '777888999', link: false, lang: 'cs', shown: '777 888 999' };
    for (const payload of [
      { ...base, seen: 'sure' },
      { ...base, seen: 'doubt', doubt: 'because' },
      { ...base, seen: 'visible', text: 'x'.repeat(41) },
      { ...base, seen: 'visible', shown: 'x'.repeat(201) },
      { ...base },
    ]) {
      const reply = await send(router, { type: 'pageCall', payload }, CONTENT);
      expect(reply.ok ? null : reply.error.code).toBe('errBadRequest');
    }
    expect(spies.pageCall).not.toHaveBeenCalled();
  });

  it('allows our own pages everything', async () => {
    const { router, spies } = setup();
    expect(await send(router, { type: 'hangup', payload: { uniqueId: '1' } }, POPUP)).toEqual({
      ok: true,
      value: null,
    });
    expect(spies.hangup).toHaveBeenCalledWith({ uniqueId: '1' }, POPUP);
    const snapshot = await send(router, { type: 'getSnapshot', payload: null }, OPTIONS_IN_TAB);
    expect(snapshot).toEqual({
      ok: true,
      value: { status: { state: 'connected', since: 0 }, calls: [], consultations: [] },
    });
  });

  it('refuses unknown senders', async () => {
    const { router, log, spies } = setup();
    for (const sender of [FOREIGN, NO_URL, NO_URL_WITH_TAB]) {
      const reply = await send(router, { type: 'originate', payload: { to: '1' } }, sender);
      expect(reply.ok ? null : reply.error.code).toBe('errNotAllowed');
    }
    expect(spies.originate).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith('refused "originate" from an unknown sender');
  });

  it('answers a bad payload with errBadRequest', async () => {
    const { router, spies } = setup();
    const reply = await send(router, { type: 'originate', payload: { to: 42 } }, POPUP);
    expect(reply).toEqual({ ok: false, error: { code: 'errBadRequest', message: 'The request was not understood.' } });
    expect(spies.originate).not.toHaveBeenCalled();
  });

  it('hands the handler the payload as its schema reads it: unknown fields dropped, null for messages without one', async () => {
    const seen: unknown[] = [];
    const { router } = setup({
      transfer: async (payload) => {
        seen.push(payload);
        return null;
      },
      reconnect: async (payload) => {
        seen.push(payload);
        return { state: 'connected', since: 0 };
      },
    });
    await send(
      router,
      { type: 'transfer', payload: { uniqueId: '1', to: '445', type: 'blind', evil: '<script>' } },
      POPUP,
    );
    await send(router, { type: 'reconnect', payload: { anything: true } }, POPUP);
    expect(seen).toEqual([{ uniqueId: '1', to: '445', type: 'blind' }, null]);
  });

  it('a content script whose classifyNumbers breaks its schema gets errBadRequest, and nothing is classified', async () => {
    const classify = vi.fn(async ({ texts }: { texts: string[] }) => texts.map(() => null));
    const { router } = setup({ classifyNumbers: classify });
    const bad = [
      { texts: ['1'.repeat(MAX_CANDIDATE_LENGTH + 1)], lang: 'en' },
      { texts: Array.from({ length: MAX_CANDIDATES + 1 }, () => '1'), lang: 'en' },
      { texts: ['1'], lang: 'en', links: 'yes' },
      { texts: ['1'] },
    ];
    for (const payload of bad) {
      const reply = await send(router, { type: 'classifyNumbers', payload }, CONTENT);
      expect(reply.ok ? null : reply.error.code).toBe('errBadRequest');
    }
    expect(classify).not.toHaveBeenCalled();
    expect(
      await send(router, { type: 'classifyNumbers', payload: { texts: ['1', '2'], lang: 'cs' } }, CONTENT),
    ).toEqual({ ok: true, value: [null, null] });
  });

  it('checks the sender before the payload: a content script gets errNotAllowed even for a malformed hangup', async () => {
    const { router } = setup();
    const reply = await send(router, { type: 'hangup', payload: { uniqueId: 42 } }, CONTENT);
    expect(reply.ok ? null : reply.error.code).toBe('errNotAllowed');
  });

  it.each([
    null,
    undefined,
    'hangup',
    42,
    {},
    { type: 42 },
    { type: 'explode' },
    { type: 'toString' },
    { type: '__proto__' },
  ])('answers a non-message %j with errBadRequest', async (message) => {
    const { router } = setup();
    const reply = await send(router, message, POPUP);
    expect(reply.ok ? null : reply.error.code).toBe('errBadRequest');
  });

  it('turns a RequestError into {ok:false, error:{code, message}} in the user’s words', async () => {
    const { router } = setup({
      hangup: async () => {
        throw new RequestError('errNoSuchCall');
      },
      originate: async () => {
        throw new RequestError('errPbxRefused', 'Busy here');
      },
    });
    expect(await send(router, { type: 'hangup', payload: { uniqueId: '1' } }, POPUP)).toEqual({
      ok: false,
      error: { code: 'errNoSuchCall', message: 'This call has already ended.' },
    });
    expect(await send(router, { type: 'originate', payload: { to: '1' } }, POPUP)).toEqual({
      ok: false,
      error: { code: 'errPbxRefused', message: 'The iPBX refused: Busy here' },
    });
  });

  it('a RequestError with a code that has no message shows its detail', async () => {
    const { router } = setup({
      reconnect: async () => {
        // @ts-expect-error codes are message keys; this one is not (as after a renamed key), and still says something
        throw new RequestError('noSuchKey', 'the detail');
      },
    });
    expect(await send(router, { type: 'reconnect', payload: null }, POPUP)).toEqual({
      ok: false,
      error: { code: 'noSuchKey', message: 'the detail' },
    });
  });

  it('any other failure is errInternal, logged', async () => {
    const { router, log } = setup({
      restLogout: async () => {
        throw new Error('storage is gone');
      },
    });
    expect(await send(router, { type: 'restLogout', payload: null }, POPUP)).toEqual({
      ok: false,
      error: { code: 'errInternal', message: 'Something went wrong: storage is gone' },
    });
    expect(log.error).toHaveBeenCalledWith('"restLogout" failed: storage is gone');
  });

  it('answers success with {ok:true, value}, undefined becoming null', async () => {
    const { router } = setup({ restLogout: async () => undefined as unknown as null });
    expect(await send(router, { type: 'restLogout', payload: null }, POPUP)).toEqual({ ok: true, value: null });
  });

  it('answers asynchronously, after the handler settles', async () => {
    let finish: (v: { uniqueId?: string }) => void = () => {};
    const { router } = setup({ originate: () => new Promise((resolve) => (finish = resolve)) });
    const responses: unknown[] = [];
    router({ type: 'originate', payload: { to: '1' } }, POPUP, (r) => responses.push(r));
    await Promise.resolve();
    expect(responses).toEqual([]);
    finish({});
    await vi.waitFor(() => expect(responses).toEqual([{ ok: true, value: {} }]));
  });
});

describe('request types come from the schemas', () => {
  it('a request must match its schema to compile', () => {
    const ok: MessageMap['transfer']['request'] = { uniqueId: '1', to: '445', type: 'attended' };
    // @ts-expect-error a transfer type the schema does not accept
    const warm: MessageMap['transfer']['request'] = { uniqueId: '1', to: '445', type: 'warm' };
    // @ts-expect-error originate wants a string
    const number: MessageMap['originate']['request'] = { to: 777 };
    const none: MessageMap['getSnapshot']['request'] = null;
    expect([ok, warm, number, none].map((r) => r === null)).toEqual([false, false, false, true]);
    expect(validPayload('transfer', warm)).toBe(false);
    expect(validPayload('originate', number)).toBe(false);
  });
});
