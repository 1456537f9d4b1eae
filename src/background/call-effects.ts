/**
 * What follows a change of calls: notifications, the call window on a ring, the screen pop, missed calls, the badge,
 * recent calls, the open panels and the page feed.
 *
 * They run once per EFFECTS_MS over the whole change since the last run, not once per event: a PBX sending a thousand
 * events a second must not cost a thousand rounds of browser API calls. Ended calls are collected per event, so no
 * call is missing from the history even when it came and went within one run.
 *
 * Open panels get a fresh snapshot, and recent calls are written, at most every PANEL_PUSH_MS and HISTORY_WRITE_MS
 * (see throttle.ts); the first change after a quiet spell goes out at once. Each recent-calls write redraws the history
 * of every open panel, and under a flood calls end many times a second. The page feed goes out as often as the panels.
 */
import { badgeFor, type Badge } from './badge.ts';
import { queueAgentStates, shownCallCount, type CallState } from './call-reducer.ts';
import type { EngineChange } from './engine.ts';
import { endedCalls } from './history.ts';
import { throttle } from './throttle.ts';
import type { RecentCall } from '../shared/storage/items.ts';
import type { Settings } from '../shared/settings.ts';
import type { ConnectionStatus } from '../shared/status.ts';

export const EFFECTS_MS = 50;
export const PANEL_PUSH_MS = 250;
export const HISTORY_WRITE_MS = 1000;

/** Where the effects go; the background passes its notifier, screen pop, badge, recent-calls store and panel ports. */
export interface EffectTargets {
  /** The state as it is when the effects run. */
  current(): { calls: CallState; settings: Settings; status: ConnectionStatus };
  notifier: { apply(prev: CallState, next: CallState, settings: Settings): void };
  screenPop: { apply(prev: CallState, next: CallState, settings: Settings): Promise<void> };
  badge: { show(badge: Badge): Promise<void> };
  recent: { record(ended: RecentCall[]): Promise<void> };
  panels: { readonly open: boolean; push(): void };
  /** Missed calls among the ended ones: their notification, and how many are unseen (missed-calls.ts). */
  missed: { record(ended: readonly RecentCall[], settings: Settings): void; readonly unseen: number };
  /** The call window, which a ring may open (panel-window.ts). */
  panelWindow: { onCalls(prev: CallState, next: CallState, settings: Settings): Promise<void> };
  /** The current calls for the pages of listed origins (page-feed.ts). */
  feed: { push(): Promise<void> };
}

export class CallEffects {
  /** The calls before the first change of the pending run; null when no run is pending. */
  private from: CallState | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Calls that ended and are not written yet. */
  private ended: RecentCall[] = [];
  /** Calls that ended since the last run. */
  private endedNow: RecentCall[] = [];
  private readonly recordEnded: () => void;
  private readonly pushPanels: () => void;
  private readonly pushFeed: () => void;

  constructor(private readonly targets: EffectTargets) {
    this.recordEnded = throttle(() => void targets.recent.record(this.ended.splice(0)), HISTORY_WRITE_MS);
    this.pushPanels = throttle(() => targets.panels.push(), PANEL_PUSH_MS);
    this.pushFeed = throttle(() => void targets.feed.push().catch(() => undefined), PANEL_PUSH_MS);
  }

  /** One change (an event, a status or a settings change): note what ended, run the effects at the end of the window. */
  onChange(change: EngineChange): void {
    if (change.prevCalls !== change.calls) {
      const ended = endedCalls(change.prevCalls, change.calls, Date.now());
      this.ended.push(...ended);
      this.endedNow.push(...ended);
    }
    this.from ??= change.prevCalls;
    this.timer ??= setTimeout(() => this.run(), EFFECTS_MS);
  }

  /** Something besides the calls changed what the effects show (the unseen missed calls): run them again. */
  refresh(): void {
    const { calls } = this.targets.current();
    this.onChange({ prevCalls: calls, calls });
  }

  private run(): void {
    this.timer = null;
    const { calls: next, settings, status } = this.targets.current();
    const prev = this.from ?? next;
    this.from = null;
    this.targets.notifier.apply(prev, next, settings);
    void this.targets.panelWindow.onCalls(prev, next, settings).catch(() => undefined);
    void this.targets.screenPop.apply(prev, next, settings);
    if (this.endedNow.length > 0) this.targets.missed.record(this.endedNow.splice(0), settings);
    if (this.ended.length > 0) this.recordEnded();
    const extras = { unseenMissed: this.targets.missed.unseen, agents: queueAgentStates(next) };
    void this.targets.badge.show(badgeFor(status, shownCallCount(next), extras)).catch(() => undefined);
    if (this.targets.panels.open) this.pushPanels();
    this.pushFeed();
  }
}
