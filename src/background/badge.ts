/** The toolbar badge: the number of active calls, or a mark while the connection has a problem. */
import type { Browser } from 'webextension-polyfill';
import type { ConnectionStatus } from '../shared/status.ts';
import { stateLabel } from '../shared/status-text.ts';

export interface Badge {
  text: string;
  color: string;
  title: string;
}

/** Pure, so the marks are unit-tested: "?" not set up, "!" a problem, "…" connecting, else the call count. */
export function badgeFor(status: ConnectionStatus, activeCalls: number): Badge {
  const title = `iPBX Connect: ${stateLabel(status)}`;
  switch (status.state) {
    case 'misconfigured':
      return { text: '?', color: '#9a6700', title };
    case 'disconnected':
    case 'auth-failed':
      return { text: '!', color: '#c62828', title };
    case 'connecting':
    case 'authenticating':
      return { text: activeCalls > 0 ? String(activeCalls) : '…', color: '#6b7280', title };
    case 'connected':
      return { text: activeCalls > 0 ? String(activeCalls) : '', color: '#1565c0', title };
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
