/**
 * The toolbar badge. One mark at a time, by precedence:
 * 1. the connection's problem or set-up state: "?" not set up, "!" disconnected or sign-in failed, "…" connecting
 *    (or the call count while connecting);
 * 2. active calls: their count (blue);
 * 3. unseen missed calls: their count, in a colour of their own;
 * 4. a paused operator (paused in any queue): "‖";
 * 5. nothing.
 * The title names the connection, the unseen missed calls and the paused queues, whatever the text shows.
 */
import type { Browser } from 'webextension-polyfill';
import type { QueueAgentState } from '../shared/agents.ts';
import { plural, t } from '../shared/i18n.ts';
import type { ConnectionStatus } from '../shared/status.ts';
import { stateLabel } from '../shared/status-text.ts';

export interface Badge {
  text: string;
  color: string;
  title: string;
}

export const BADGE_COLORS = {
  setup: '#9a6700',
  error: '#c62828',
  connecting: '#6b7280',
  calls: '#1565c0',
  missed: '#6a1b9a',
  paused: '#546e7a',
} as const;

export const PAUSED_MARK = '‖';

/** What the badge shows besides the connection and the calls. */
export interface BadgeExtras {
  /** Missed calls the user has not seen yet (missed-calls.ts). */
  unseenMissed?: number;
  /** The user's agent state per queue (a pause in any queue marks the badge). */
  agents?: readonly QueueAgentState[];
}

function titleOf(status: ConnectionStatus, extras: BadgeExtras): string {
  const parts = [stateLabel(status)];
  if (extras.unseenMissed) parts.push(plural('missedCount', extras.unseenMissed));
  const paused = (extras.agents ?? []).filter((a) => a.state === 'paused').map((a) => a.queue);
  if (paused.length > 0) parts.push(t('badgePaused', paused.join(', ')));
  return `iPBX Connect: ${parts.join(' · ')}`;
}

/** Pure, so the precedence is unit-tested. */
export function badgeFor(status: ConnectionStatus, activeCalls: number, extras: BadgeExtras = {}): Badge {
  const title = titleOf(status, extras);
  switch (status.state) {
    case 'misconfigured':
      return { text: '?', color: BADGE_COLORS.setup, title };
    case 'disconnected':
    case 'auth-failed':
      return { text: '!', color: BADGE_COLORS.error, title };
    case 'connecting':
    case 'authenticating':
      return { text: activeCalls > 0 ? String(activeCalls) : '…', color: BADGE_COLORS.connecting, title };
    case 'connected':
      if (activeCalls > 0) return { text: String(activeCalls), color: BADGE_COLORS.calls, title };
      if (extras.unseenMissed) return { text: String(extras.unseenMissed), color: BADGE_COLORS.missed, title };
      if (extras.agents?.some((a) => a.state === 'paused'))
        return { text: PAUSED_MARK, color: BADGE_COLORS.paused, title };
      return { text: '', color: BADGE_COLORS.calls, title };
  }
}

export class BadgeView {
  private shown: Badge | null = null;

  constructor(private readonly browser: Browser) {}

  /** Touches the browser only when something changed: bursts of call events must not flood the action API. */
  async show(badge: Badge): Promise<void> {
    const prev = this.shown;
    this.shown = badge;
    const { action } = this.browser;
    if (prev?.text !== badge.text) await action.setBadgeText({ text: badge.text });
    if (prev?.color !== badge.color) await action.setBadgeBackgroundColor({ color: badge.color });
    if (prev?.title !== badge.title) await action.setTitle({ title: badge.title });
  }
}
