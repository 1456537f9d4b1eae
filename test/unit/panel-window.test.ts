/**
 * The call window (src/background/panel-window.ts) and the toolbar menu's side panel item (side-panel-menu.ts):
 * a user's request opens it focused, a ring quietly; one window at a time; where the user left it.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { type Menus, type Tabs } from 'webextension-polyfill';
import { callReducer, EMPTY_CALL_STATE } from '../../src/background/call-reducer.ts';
import {
  DEFAULT_SIZE,
  MIN_SIZE,
  openPanelWindow,
  PANEL_WINDOW_PATH,
  PanelWindow,
  ringStarted,
  windowPlacement,
} from '../../src/background/panel-window.ts';
import { onSidePanelMenuClicked, SIDE_PANEL_MENU } from '../../src/background/side-panel-menu.ts';
import type { CallEvent, Direction } from '../../src/shared/protocol.ts';
import { migrateSettings } from '../../src/shared/settings.ts';
import { ItemStorage } from '../../src/shared/storage/item-storage.ts';
import { ITEMS } from '../../src/shared/storage/items.ts';

const log = { debug() {}, info() {}, warn: vi.fn(), error() {} };
const storage = new ItemStorage({ browser, log });

function ring(uniqueId: string, direction: Direction = 'incoming'): CallEvent {
  return { event: 'call', type: 'ringing', uniqueId, from: '777888999', to: '444', direction };
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

describe('where the window opens', () => {
  it('where the user left it (at least MIN_SIZE), or at the default size', () => {
    expect(windowPlacement(null)).toEqual(DEFAULT_SIZE);
    expect(windowPlacement({ left: 40, top: 30, width: 520, height: 600 })).toEqual({
      left: 40,
      top: 30,
      width: 520,
      height: 600,
    });
    expect(windowPlacement({ left: -5, top: 0, width: 10, height: 10 })).toEqual({ left: -5, top: 0, ...MIN_SIZE });
  });

  it('opens with the remembered bounds', async () => {
    await fakeBrowser.storage.local.set({ panelWindowBounds: { left: 40, top: 30, width: 520, height: 600 } });
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    await openPanelWindow(browser, storage, { focus: true });
    expect(create).toHaveBeenCalledWith({
      url: fakeBrowser.runtime.getURL(PANEL_WINDOW_PATH),
      type: 'popup',
      left: 40,
      top: 30,
      width: 520,
      height: 600,
      focused: true,
    });
  });
});

describe('a ring never takes the focus', () => {
  it('opens the window unfocused, and one already open only draws attention', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    const update = vi.spyOn(fakeBrowser.windows, 'update');
    await openPanelWindow(browser, storage, { focus: false });
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ focused: false }));
    const id = await storage.get(ITEMS.panelWindowId);
    if (id === null) throw new Error('no window remembered');
    await openPanelWindow(browser, storage, { focus: false });
    expect(create).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledWith(id, { drawAttention: true });
    expect(update).not.toHaveBeenCalledWith(id, expect.objectContaining({ focused: true }));
  });

  it('gives the focus back to the window the user was in when the browser focused the new one anyway (Firefox)', async () => {
    vi.spyOn(fakeBrowser.windows, 'getLastFocused').mockImplementation((async () => ({
      id: 1,
      focused: true,
      incognito: false,
      alwaysOnTop: false,
    })) as unknown as typeof fakeBrowser.windows.getLastFocused);
    vi.spyOn(fakeBrowser.windows, 'create').mockImplementation((async () => ({
      id: 9,
      focused: true,
      incognito: false,
      alwaysOnTop: false,
    })) as unknown as typeof fakeBrowser.windows.create);
    const update = vi.spyOn(fakeBrowser.windows, 'update').mockImplementation((async () => ({
      id: 1,
      focused: true,
      incognito: false,
      alwaysOnTop: false,
    })) as unknown as typeof fakeBrowser.windows.update);
    await openPanelWindow(browser, storage, { focus: false });
    expect(update).toHaveBeenCalledWith(1, { focused: true });
  });

  it('PanelWindow opens it for a new incoming ring when panelOnRinging is "window", and only then', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    const panel = new PanelWindow(browser, storage, log);
    const rings = callReducer(EMPTY_CALL_STATE, { type: 'event', event: ring('1'), at: 1 });
    const outgoing = callReducer(EMPTY_CALL_STATE, { type: 'event', event: ring('2', 'outgoing'), at: 1 });
    const off = migrateSettings({});
    const on = migrateSettings({ panelOnRinging: 'window' });
    await panel.onCalls(EMPTY_CALL_STATE, rings, off);
    await panel.onCalls(EMPTY_CALL_STATE, outgoing, on);
    await panel.onCalls(rings, rings, on);
    expect(create).not.toHaveBeenCalled();
    expect(ringStarted(EMPTY_CALL_STATE, rings)).toBe(true);
    await panel.onCalls(EMPTY_CALL_STATE, rings, on);
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ focused: false }));
  });

  it('two requests at once open one window', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    const panel = new PanelWindow(browser, storage, log);
    await Promise.all([panel.open({ focus: false }), panel.open({ focus: true }), panel.open({ focus: false })]);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('a window that cannot open is logged, never thrown into the call effects', async () => {
    vi.spyOn(fakeBrowser.windows, 'create').mockRejectedValue(new Error('no windows here'));
    const panel = new PanelWindow(browser, storage, log);
    const rings = callReducer(EMPTY_CALL_STATE, { type: 'event', event: ring('1'), at: 1 });
    await expect(panel.onCalls(EMPTY_CALL_STATE, rings, migrateSettings({ panelOnRinging: 'window' }))).resolves.toBe(
      undefined,
    );
    expect(log.warn).toHaveBeenCalledWith('could not open the call window on a ring: no windows here');
  });
});

describe('the toolbar menu item "Open side panel"', () => {
  const tab = { id: 3, windowId: 12, index: 0, highlighted: true, active: true, pinned: false, incognito: false };
  const click = (menuItemId: string): Menus.OnClickData => ({ menuItemId, editable: false, modifiers: [] });

  it('opens the side panel of the window whose icon was clicked, within the click (synchronously)', () => {
    const open = vi.fn(async (_windowId: number | undefined) => undefined);
    onSidePanelMenuClicked(click(SIDE_PANEL_MENU), tab satisfies Tabs.Tab, log, open);
    expect(open).toHaveBeenCalledWith(12);
    onSidePanelMenuClicked(click('ipbx-call-selection'), tab, log, open);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('a side panel that cannot open is logged', async () => {
    const open = vi.fn(async () => {
      throw new Error('no gesture');
    });
    onSidePanelMenuClicked(click(SIDE_PANEL_MENU), tab, log, open);
    await vi.waitFor(() => expect(log.warn).toHaveBeenCalledWith('could not open the side panel: no gesture'));
  });
});
