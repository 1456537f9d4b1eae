/**
 * Every call a page starts goes through the call guard (src/background/call-guard/call-guard.ts): refused, asked for
 * first in our own UI, or placed at once and announced. The UI is a fake here (guard-ui.test.ts tests the real one).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser, Runtime } from 'webextension-polyfill';
import { CallGuard, type GuardEngine } from '../../../src/background/call-guard/call-guard.ts';
import type { GuardSurface } from '../../../src/background/call-guard/guard-ui.ts';
import { CONFIRM_TTL_MS } from '../../../src/background/call-guard/pending.ts';
import { RequestError } from '../../../src/background/requests.ts';
import type { GuardView } from '../../../src/shared/call-guard.ts';
import type { Call } from '../../../src/shared/calls.ts';
import type { MessageMap } from '../../../src/shared/messages.ts';
import { migrateSettings, type Settings } from '../../../src/shared/settings.ts';

const EXT = 'chrome-extension://ext/';
const browser = { runtime: { getURL: (path: string) => `${EXT}${path}` } } as unknown as Pick<Browser, 'runtime'>;
const PAGE: Runtime.MessageSender = {
  id: 'ext',
  url: 'https://crm.example.com/contacts/7',
  frameId: 0,
  tab: { id: 3, index: 0, highlighted: true, active: true, pinned: false, incognito: false },
};
const confirmUrl = (id: string) => `${EXT}src/confirm/index.html?id=${encodeURIComponent(id)}`;
const fromWindow = (id: string, windowId: number, url = confirmUrl(id)): Runtime.MessageSender => ({
  id: 'ext',
  url,
  tab: { id: 9, windowId, index: 0, highlighted: true, active: true, pinned: false, incognito: false },
});

type PageCall = MessageMap['pageCall']['request'];
const call = (text: string, dial: string, extra: Partial<PageCall> = {}): PageCall => ({
  text,
  dial,
  link: false,
  lang: 'cs',
  shown: text,
  seen: 'visible',
  ...extra,
});

let settings: Settings;
let engine: GuardEngine & {
  originate: ReturnType<typeof vi.fn<(to: string) => Promise<{ uniqueId?: string }>>>;
  hangup: ReturnType<typeof vi.fn<(uniqueId: string) => Promise<unknown>>>;
};
let ui: {
  [K in keyof GuardSurface]: ReturnType<typeof vi.fn<GuardSurface[K]>>;
};
let guard: CallGuard;
let ids: number;

beforeEach(() => {
  vi.useFakeTimers();
  settings = migrateSettings({ defaultCountry: 'CZ' });
  engine = {
    get settings() {
      return settings;
    },
    originate: vi.fn(async () => ({ uniqueId: '17.1' })),
    hangup: vi.fn(async () => undefined),
  };
  ui = {
    confirm: vi.fn(async () => ({ where: 'notification' as const })),
    announce: vi.fn(async () => undefined),
    openWindow: vi.fn(async () => 21),
    withdraw: vi.fn(),
  };
  ids = 0;
  guard = new CallGuard({
    browser,
    engine,
    ui,
    log: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    newId: () => `id-${++ids}`,
  });
});

afterEach(() => vi.useRealTimers());

/** The call an originate to 777 888 999 made, as the iPBX shows it once it rings. */
const PLACED: Call = {
  uniqueId: '17.1',
  from: '444',
  to: '777888999',
  direction: 'outgoing',
  state: 'ringing',
  startedAt: 0,
};

const flush = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

describe('an ordinary number seen by the user is placed at once, and announced', () => {
  it('plans the call again, originates it, announces it outside the page', async () => {
    expect(await guard.pageCall(call('777 888 999', '777888999'), PAGE)).toEqual({
      outcome: 'placed',
      label: '777 888 999',
    });
    expect(engine.originate).toHaveBeenCalledExactlyOnceWith('777888999');
    expect(ui.confirm).not.toHaveBeenCalled();
    expect(ui.announce).toHaveBeenCalledExactlyOnceWith('id-1', {
      kind: 'announce',
      number: '777 888 999',
      dial: '777888999',
      type: 'Mobile number',
      origin: 'crm.example.com',
      reasons: [],
      expiresAt: null,
    });
  });

  it('a failed originate takes the announcement away and fails the request', async () => {
    engine.originate.mockRejectedValueOnce(new RequestError('errPbxRefused', 'Busy'));
    await expect(guard.pageCall(call('777 888 999', '777888999'), PAGE)).rejects.toMatchObject({
      code: 'errPbxRefused',
    });
    expect(ui.withdraw).toHaveBeenCalledWith('announce', 'id-1', undefined);
  });

  it('Cancel on the announcement ends the call the originate created', async () => {
    await guard.pageCall(call('777 888 999', '777888999'), PAGE);
    guard.onNotificationButton('ipbx-announce:id-1', 0);
    expect(engine.hangup).not.toHaveBeenCalled(); // not among the calls yet
    guard.onCalls(new Map([[PLACED.uniqueId, PLACED]]));
    await flush();
    expect(engine.hangup).toHaveBeenCalledExactlyOnceWith('17.1');
  });

  it('names a frame as such', async () => {
    await guard.pageCall(call('777 888 999', '777888999'), {
      ...PAGE,
      frameId: 4,
      url: 'https://widget.example.net/x',
    });
    expect(ui.announce.mock.calls[0]?.[1].origin).toBe('widget.example.net (in a frame)');
  });
});

describe('refused', () => {
  it('a feature code, which pages may not dial at all', async () => {
    await expect(() => guard.pageCall(call('*78', '*78', { link: true }), PAGE)).toThrow(RequestError);
    expect(() => guard.pageCall(call('*78', '*78', { link: true }), PAGE)).toThrow(
      expect.objectContaining({ code: 'errPageFeatureCode' }),
    );
    expect(engine.originate).not.toHaveBeenCalled();
  });

  it('a mark whose dial string is not what the background plans now (rules changed, or not ours)', () => {
    expect(() => guard.pageCall(call('777 888 999', '900123456'), PAGE)).toThrow(
      expect.objectContaining({ code: 'errPageNumberChanged' }),
    );
    expect(engine.originate).not.toHaveBeenCalled();
  });
});

describe('a risky number asks first, in our own UI', () => {
  async function ask(): Promise<GuardView> {
    const placed = engine.originate.mock.calls.length;
    const outcome = await guard.pageCall(call('900 123 456', '900123456'), PAGE);
    expect(outcome).toEqual({ outcome: 'asking', label: '900 123 456', where: 'notification' });
    expect(engine.originate).toHaveBeenCalledTimes(placed);
    const view = ui.confirm.mock.calls.at(-1)?.[1];
    if (!view) throw new Error('no confirmation');
    return view;
  }

  it('shows the number as dialled, its type, the site, why, and until when', async () => {
    const view = await ask();
    expect(view).toEqual({
      kind: 'confirm',
      number: '900 123 456',
      dial: '900123456',
      type: 'Premium-rate number',
      origin: 'crm.example.com',
      reasons: ['Calls to this type of number may cost more, or reach a service instead of a person.'],
      expiresAt: Date.now() + CONFIRM_TTL_MS,
    });
  });

  it('Call on the notification places it, once; Cancel places nothing', async () => {
    await ask();
    guard.onNotificationButton('ipbx-confirm:id-1', 1);
    await flush();
    expect(engine.originate).not.toHaveBeenCalled();
    expect(ui.withdraw).toHaveBeenCalledWith('confirm', 'id-1', undefined);
    await ask();
    guard.onNotificationButton('ipbx-confirm:id-2', 0);
    guard.onNotificationButton('ipbx-confirm:id-2', 0);
    await flush();
    expect(engine.originate).toHaveBeenCalledExactlyOnceWith('900123456');
    expect(ui.announce).toHaveBeenCalledTimes(1);
  });

  it('a notification the user closes is a Cancel; one we take away is not an answer', async () => {
    await ask();
    guard.onNotificationClosed('ipbx-confirm:id-1', false);
    guard.onNotificationButton('ipbx-confirm:id-1', 0);
    await flush();
    expect(engine.originate).toHaveBeenCalledTimes(1);
    await ask();
    guard.onNotificationClosed('ipbx-confirm:id-3', true);
    guard.onNotificationButton('ipbx-confirm:id-3', 0);
    await flush();
    expect(engine.originate).toHaveBeenCalledTimes(1);
  });

  it(`expires after ${CONFIRM_TTL_MS / 1000} s: its UI goes, and it places nothing`, async () => {
    await ask();
    vi.advanceTimersByTime(CONFIRM_TTL_MS);
    expect(ui.withdraw).toHaveBeenCalledWith('confirm', 'id-1', undefined);
    guard.onNotificationButton('ipbx-confirm:id-1', 0);
    await flush();
    expect(engine.originate).not.toHaveBeenCalled();
  });

  it('a foreign number asks when confirmForeign is on', async () => {
    settings = { ...settings, confirmForeign: true };
    expect(await guard.pageCall(call('+44 20 7946 0958', '00442079460958'), PAGE)).toMatchObject({ outcome: 'asking' });
    expect(ui.confirm.mock.calls[0]?.[1].type).toBe('Landline number (United Kingdom)');
  });
});

describe('the confirmation window answers for its own id alone, from its own window', () => {
  beforeEach(() => {
    ui.confirm.mockResolvedValue({ where: 'window', windowId: 7 });
  });

  it('shows the details and places the call on Call', async () => {
    expect(await guard.pageCall(call('900 123 456', '900123456'), PAGE)).toMatchObject({ where: 'window' });
    expect(guard.details('id-1', fromWindow('id-1', 7))).toMatchObject({ kind: 'confirm', dial: '900123456' });
    await guard.answer('id-1', true, fromWindow('id-1', 7));
    expect(engine.originate).toHaveBeenCalledExactlyOnceWith('900123456');
    expect(ui.withdraw).toHaveBeenCalledWith('confirm', 'id-1', 7);
    await expect(guard.answer('id-1', true, fromWindow('id-1', 7))).rejects.toMatchObject({ code: 'errGuardExpired' });
  });

  it('another id, another page of ours, or another window is refused', async () => {
    await guard.pageCall(call('900 123 456', '900123456'), PAGE);
    await guard.pageCall(call('906 123 456', '906123456'), PAGE);
    const refused = expect.objectContaining({ code: 'errNotAllowed' });
    // The page of id-2 answering for id-1, the panel, the right page in another window.
    expect(() => guard.details('id-1', fromWindow('id-2', 7))).toThrow(refused);
    await expect(guard.answer('id-1', true, fromWindow('id-2', 7))).rejects.toEqual(refused);
    await expect(guard.answer('id-1', true, { id: 'ext', url: `${EXT}src/popup/index.html` })).rejects.toEqual(refused);
    await expect(guard.answer('id-1', true, fromWindow('id-1', 8))).rejects.toEqual(refused);
    await expect(guard.answer('id-1', true, fromWindow('id-1', 7, `${confirmUrl('id-1')}&x=1`))).rejects.toEqual(
      refused,
    );
    expect(engine.originate).not.toHaveBeenCalled();
  });

  it('closing the window is a Cancel', async () => {
    await guard.pageCall(call('900 123 456', '900123456'), PAGE);
    guard.onWindowRemoved(7);
    await flush();
    await expect(guard.answer('id-1', true, fromWindow('id-1', 7))).rejects.toMatchObject({ code: 'errGuardExpired' });
    expect(engine.originate).not.toHaveBeenCalled();
  });
});

describe('selected text (context menu, keyboard command)', () => {
  it('is weighed like a click: placed, asked, or refused', async () => {
    expect(await guard.selectionCall('777 888 999', 'crm.example.com')).toEqual({
      outcome: 'placed',
      label: '777 888 999',
    });
    expect(await guard.selectionCall('445', 'crm.example.com')).toEqual({ outcome: 'placed', label: '445' });
    expect(await guard.selectionCall('900 123 456', 'crm.example.com')).toMatchObject({ outcome: 'asking' });
    expect(() => guard.selectionCall('*21*777888999#', 'crm.example.com')).toThrow(
      expect.objectContaining({ code: 'errPageFeatureCode' }),
    );
    expect(engine.originate.mock.calls).toEqual([['777888999'], ['445']]);
  });
});

describe('the announcement’s window (Firefox: a click on the notification)', () => {
  it('opens a window whose Cancel ends the call', async () => {
    await guard.pageCall(call('777 888 999', '777888999'), PAGE);
    guard.onNotificationClicked('ipbx-announce:id-1');
    await flush();
    expect(ui.openWindow).toHaveBeenCalledWith('id-1');
    expect(guard.details('id-1', fromWindow('id-1', 21))).toMatchObject({ kind: 'announce', number: '777 888 999' });
    await guard.answer('id-1', false, fromWindow('id-1', 21));
    guard.onCalls(new Map([[PLACED.uniqueId, PLACED]]));
    await flush();
    expect(engine.hangup).toHaveBeenCalledExactlyOnceWith('17.1');
  });

  it('notifications that are not ours, or other buttons, do nothing', async () => {
    guard.onNotificationButton('ipbx-call:17.1', 0);
    guard.onNotificationButton('ipbx-confirm:nope', 0);
    guard.onNotificationClicked('ipbx-summary');
    await flush();
    expect(engine.originate).not.toHaveBeenCalled();
    expect(ui.openWindow).not.toHaveBeenCalled();
  });
});
