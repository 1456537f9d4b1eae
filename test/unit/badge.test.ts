import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import browser from 'webextension-polyfill';
import { fakeBrowser } from '@webext-core/fake-browser';
import { BADGE_COLORS, badgeFor, BadgeView } from '../../src/background/badge.ts';
import type { QueueAgentState } from '../../src/shared/agents.ts';
import type { ConnectionState, ConnectionStatus } from '../../src/shared/status.ts';

function status(state: ConnectionState, extra: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return { state, since: 0, ...extra };
}

describe('badgeFor', () => {
  it('misconfigured: "?"', () => {
    expect(badgeFor(status('misconfigured', { reason: 'cfgNoUrl' }), 0)).toEqual({
      text: '?',
      color: '#9a6700',
      title: 'iPBX Connect: Not set up',
    });
  });

  it('disconnected and auth-failed: "!" even with calls', () => {
    expect(badgeFor(status('disconnected', { reason: 'reasonConnectionLost', retryAt: 5 }), 2)).toEqual({
      text: '!',
      color: '#c62828',
      title: 'iPBX Connect: Disconnected',
    });
    expect(badgeFor(status('auth-failed', { reason: 'reasonAuthRejected' }), 0)).toEqual({
      text: '!',
      color: '#c62828',
      title: 'iPBX Connect: Sign-in failed',
    });
  });

  it('connecting and authenticating: "…", or the call count', () => {
    expect(badgeFor(status('connecting'), 0)).toEqual({
      text: '…',
      color: '#6b7280',
      title: 'iPBX Connect: Connecting…',
    });
    expect(badgeFor(status('authenticating'), 0)).toEqual({
      text: '…',
      color: '#6b7280',
      title: 'iPBX Connect: Signing in…',
    });
    expect(badgeFor(status('connecting'), 3).text).toBe('3');
  });

  it('connected: empty without calls, the count with calls, the line in the title', () => {
    expect(badgeFor(status('connected'), 0)).toEqual({ text: '', color: '#1565c0', title: 'iPBX Connect: Connected' });
    expect(badgeFor(status('connected', { line: '444' }), 2)).toEqual({
      text: '2',
      color: '#1565c0',
      title: 'iPBX Connect: Connected, line 444',
    });
    expect(badgeFor(status('connected'), 12).text).toBe('12');
  });
});

describe('badgeFor: precedence (set-up and errors, then calls, then unseen missed calls, then a pause)', () => {
  const paused: QueueAgentState[] = [
    { queue: 'Prodej', state: 'loggedIn', since: 0 },
    { queue: 'Podpora', state: 'paused', pauseName: 'Oběd', since: 0 },
  ];
  const loggedIn: QueueAgentState[] = [{ queue: 'Podpora', state: 'loggedIn', since: 0 }];
  const all = { unseenMissed: 3, agents: paused };

  it.each([
    ['misconfigured', status('misconfigured'), 2, all, '?', BADGE_COLORS.setup],
    ['disconnected', status('disconnected'), 2, all, '!', BADGE_COLORS.error],
    ['sign-in failed', status('auth-failed'), 0, all, '!', BADGE_COLORS.error],
    ['connecting, no calls', status('connecting'), 0, all, '…', BADGE_COLORS.connecting],
    ['connecting, calls', status('connecting'), 2, all, '2', BADGE_COLORS.connecting],
    ['connected, calls', status('connected'), 2, all, '2', BADGE_COLORS.calls],
    ['connected, no calls, missed', status('connected'), 0, all, '3', BADGE_COLORS.missed],
    ['connected, no calls, none missed, paused', status('connected'), 0, { agents: paused }, '‖', BADGE_COLORS.paused],
    ['connected, logged in, nothing else', status('connected'), 0, { agents: loggedIn }, '', BADGE_COLORS.calls],
    ['connected, nothing at all', status('connected'), 0, {}, '', BADGE_COLORS.calls],
  ] as const)('%s: %s', (_name, s, calls, extras, text, color) => {
    expect(badgeFor(s, calls, extras)).toMatchObject({ text, color });
  });

  it('missed calls have a colour of their own, unlike calls, errors and set-up states', () => {
    const others = [BADGE_COLORS.calls, BADGE_COLORS.error, BADGE_COLORS.setup, BADGE_COLORS.connecting];
    expect(others).not.toContain(BADGE_COLORS.missed);
    expect(new Set(Object.values(BADGE_COLORS)).size).toBe(Object.keys(BADGE_COLORS).length);
  });

  it('the title says all of it, whatever the text shows', () => {
    expect(badgeFor(status('connected', { line: '444' }), 1, all).title).toBe(
      'iPBX Connect: Connected, line 444 · 3 missed calls · paused in Podpora',
    );
    expect(badgeFor(status('disconnected'), 0, { unseenMissed: 1 }).title).toBe(
      'iPBX Connect: Disconnected · 1 missed call',
    );
  });
});

describe('BadgeView.show', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sets text, colour and title the first time', async () => {
    const view = new BadgeView(browser);
    await view.show(badgeFor(status('connected', { line: '444' }), 1));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(await fakeBrowser.action.getTitle({})).toBe('iPBX Connect: Connected, line 444');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0x15, 0x65, 0xc0, 255]);
  });

  it('calls the action API only for what changed', async () => {
    const setText = vi.spyOn(fakeBrowser.action, 'setBadgeText');
    const setColor = vi.spyOn(fakeBrowser.action, 'setBadgeBackgroundColor');
    const setTitle = vi.spyOn(fakeBrowser.action, 'setTitle');
    const view = new BadgeView(browser);

    await view.show(badgeFor(status('connected'), 1));
    expect([setText.mock.calls.length, setColor.mock.calls.length, setTitle.mock.calls.length]).toEqual([1, 1, 1]);

    // The same badge again: nothing touched.
    await view.show(badgeFor(status('connected'), 1));
    expect([setText.mock.calls.length, setColor.mock.calls.length, setTitle.mock.calls.length]).toEqual([1, 1, 1]);

    // Only the count changes.
    await view.show(badgeFor(status('connected'), 2));
    expect([setText.mock.calls.length, setColor.mock.calls.length, setTitle.mock.calls.length]).toEqual([2, 1, 1]);
    expect(setText).toHaveBeenLastCalledWith({ text: '2' });

    // A burst of identical updates costs nothing.
    for (let i = 0; i < 20; i++) await view.show(badgeFor(status('connected'), 2));
    expect(setText).toHaveBeenCalledTimes(2);

    // Disconnected: text, colour and title change.
    await view.show(badgeFor(status('disconnected'), 2));
    expect([setText.mock.calls.length, setColor.mock.calls.length, setTitle.mock.calls.length]).toEqual([3, 2, 2]);
    expect(setColor).toHaveBeenLastCalledWith({ color: '#c62828' });
    expect(setTitle).toHaveBeenLastCalledWith({ title: 'iPBX Connect: Disconnected' });

    // auth-failed: same text and colour, only the title changes.
    await view.show(badgeFor(status('auth-failed'), 2));
    expect([setText.mock.calls.length, setColor.mock.calls.length, setTitle.mock.calls.length]).toEqual([3, 2, 3]);
  });
});
