/**
 * Missed calls the user has not seen yet: one notification for them (several coalesce into "3 missed calls"), their
 * count for the badge, and the seen mark. Which call was missed is the reducer's rule (shared/calls.ts isMissed,
 * carried by the recent-calls entry as `missed`); here is only what follows from it.
 *
 * Unseen = recent calls marked missed that ended after the seen mark (storage.local `missedSeenAt`, so a restarted
 * worker keeps it), plus the missed calls that ended since and are not written to the history yet. Opening a panel
 * (popup, window, side panel) moves the mark (the `missedSeen` message).
 *
 * Chrome: the notification of one missed call has a "Call back" button, which dials like the panel's call back does
 * (dial rules, originate, no confirmation). Firefox has no buttons: a click opens the panel (index.ts).
 */
import type { Browser } from 'webextension-polyfill';
import { RequestError, requestErrorText } from './requests.ts';
import { isAnonymousNumber } from '../shared/calls.ts';
import { planDial } from '../shared/dial-rules.ts';
import { errorMessage } from '../shared/errors.ts';
import { ext } from '../shared/ext.ts';
import { plural, t } from '../shared/i18n.ts';
import type { Logger } from '../shared/log.ts';
import { NOTIFICATION_ICON } from '../shared/manifest-names.ts';
import { shownNumber } from '../shared/phone-format.ts';
import type { Settings } from '../shared/settings.ts';
import type { ItemStorage } from '../shared/storage/item-storage.ts';
import { ITEMS, type RecentCall } from '../shared/storage/items.ts';

export const MISSED_NOTIFICATION_ID = 'ipbx-missed';
/** The index of "Call back" in the buttons of the notification of one missed call (Chrome). */
export const CALL_BACK_BUTTON = 0;
/** Missed calls kept in memory until the history has them (the history keeps 50). */
const MAX_PENDING = 50;

/** The caller's name when a source knows it (issue 16's callers), else undefined. */
export type NameOf = (call: Pick<RecentCall, 'uniqueId' | 'number' | 'direction'>) => string | undefined;

export interface MissedText {
  title: string;
  message: string;
  /** The call a "Call back" button dials: only when one call was missed and its number is known. */
  callBack: RecentCall | null;
}

/** Newest first; every entry once. */
function newestFirst(calls: readonly RecentCall[]): RecentCall[] {
  const byId = new Map<string, RecentCall>();
  for (const c of calls) if (!byId.has(c.uniqueId)) byId.set(c.uniqueId, c);
  return [...byId.values()].sort((a, b) => b.endedAt - a.endedAt);
}

/** Pure: the unseen missed calls, newest first, from the history, the calls not written yet and the seen mark. */
export function unseenMissed(
  stored: readonly RecentCall[],
  pending: readonly RecentCall[],
  seenAt: number,
): RecentCall[] {
  return newestFirst([...pending, ...stored].filter((c) => c.missed === true && c.endedAt > seenAt));
}

/** Pure: the notification for the unseen missed calls (newest first); null when there are none. */
export function missedText(
  unseen: readonly RecentCall[],
  settings: Pick<Settings, 'defaultCountry'>,
  nameOf: NameOf,
  lang: string,
): MissedText | null {
  const [latest] = unseen;
  if (!latest) return null;
  const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(latest.endedAt);
  const who = nameOf(latest) ?? shownNumber(latest.number, settings.defaultCountry);
  if (unseen.length === 1) {
    return {
      title: t('missedTitle'),
      message: t('missedOne', who, time),
      callBack: isAnonymousNumber(latest.number) ? null : latest,
    };
  }
  return { title: plural('missedCount', unseen.length), message: t('missedLatest', who, time), callBack: null };
}

/**
 * Calls a number back the way the panel's call back does: the dial rules (internal lines allowed), then originate,
 * without a confirmation. Rejects with the user's text of what went wrong.
 */
export async function callBackNumber(
  engine: { readonly settings: Settings; originate(to: string): Promise<unknown> },
  number: string,
): Promise<void> {
  const plan = planDial(number, engine.settings, { allowInternal: true });
  if (!plan.ok) throw new Error(requestErrorText(plan.reason));
  try {
    await engine.originate(plan.dial);
  } catch (e) {
    throw new Error(e instanceof RequestError ? requestErrorText(e.code, e.detail) : errorMessage(e));
  }
}

export interface MissedCallsDeps {
  browser: Pick<Browser, 'notifications' | 'runtime'>;
  storage: ItemStorage;
  log: Logger;
  nameOf: NameOf;
  /** Dials a number back as the panel's call back does; rejects with a message for the user. */
  callBack(number: string): Promise<void>;
  /** The unseen count changed: the badge redraws. */
  onUnseenChange(): void;
  now?: () => number;
}

export class MissedCalls {
  private stored: RecentCall[] = [];
  private pending: RecentCall[] = [];
  private seenAt = 0;
  private count = 0;
  private readonly loaded: Promise<void>;
  /** The call the shown notification's "Call back" dials. */
  private callBackTarget: RecentCall | null = null;

  constructor(private readonly deps: MissedCallsDeps) {
    const { storage } = deps;
    this.loaded = Promise.all([storage.get(ITEMS.recentCalls), storage.get(ITEMS.missedSeenAt)])
      .then(([recent, seenAt]) => {
        this.stored = recent;
        this.seenAt = Math.max(this.seenAt, seenAt);
        this.changed();
      })
      .catch((e: unknown) => deps.log.warn(`missed calls: ${errorMessage(e)}`));
    storage.watch(ITEMS.recentCalls, (recent) => {
      this.stored = recent;
      const written = new Set(recent.map((c) => c.uniqueId));
      this.pending = this.pending.filter((c) => !written.has(c.uniqueId));
      this.changed();
    });
    storage.watch(ITEMS.missedSeenAt, (seenAt) => {
      this.seenAt = Math.max(this.seenAt, seenAt);
      this.changed();
    });
  }

  /** How many missed calls the user has not seen (for the badge). */
  get unseen(): number {
    return this.count;
  }

  /** Calls that just ended (call-effects.ts): the missed ones raise or update the notification. */
  record(ended: readonly RecentCall[], settings: Settings): void {
    const missed = ended.filter((c) => c.missed === true);
    if (missed.length === 0) return;
    this.pending = [...this.pending, ...missed].slice(-MAX_PENDING);
    this.changed();
    if (settings.notifications) void this.loaded.then(() => this.notify(settings));
  }

  /** A panel was opened: everything missed so far is seen. */
  async markSeen(): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    this.seenAt = Math.max(this.seenAt, now);
    this.changed();
    await this.deps.storage.set(ITEMS.missedSeenAt, this.seenAt);
  }

  /** Chrome's "Call back" on the notification of one missed call. Never rejects. */
  async onButtonClicked(id: string, button: number): Promise<void> {
    if (id !== MISSED_NOTIFICATION_ID || button !== CALL_BACK_BUTTON) return;
    await this.loaded;
    const target = this.callBackTarget ?? this.list()[0];
    if (!target || isAnonymousNumber(target.number)) return;
    try {
      await this.deps.callBack(target.number);
      await this.markSeen();
    } catch (e) {
      this.deps.log.warn(`call back from notification failed: ${errorMessage(e)}`);
      await this.deps.browser.notifications
        .create(`${MISSED_NOTIFICATION_ID}-failed`, {
          type: 'basic',
          iconUrl: this.deps.browser.runtime.getURL(NOTIFICATION_ICON),
          title: t('missedCallBackFailed'),
          message: errorMessage(e),
        })
        .catch(() => undefined);
    }
  }

  private list(): RecentCall[] {
    return unseenMissed(this.stored, this.pending, this.seenAt);
  }

  /** Recounts; when nothing is unseen any more, the notification goes. */
  private changed(): void {
    const count = this.list().length;
    if (count === this.count) return;
    this.count = count;
    if (count === 0) {
      this.callBackTarget = null;
      void this.deps.browser.notifications.clear(MISSED_NOTIFICATION_ID).catch(() => false);
    }
    this.deps.onUnseenChange();
  }

  private async notify(settings: Settings): Promise<void> {
    const text = missedText(this.list(), settings, this.deps.nameOf, ext().i18n.getUILanguage());
    if (!text) return;
    this.callBackTarget = text.callBack;
    const buttons = __BROWSER__ === 'chrome' && text.callBack ? { buttons: [{ title: t('missedCallBack') }] } : {};
    try {
      await this.deps.browser.notifications.create(MISSED_NOTIFICATION_ID, {
        type: 'basic',
        iconUrl: this.deps.browser.runtime.getURL(NOTIFICATION_ICON),
        title: text.title,
        message: text.message,
        ...buttons,
      });
      // A panel may have seen them while the notification was being created: it must not outlive them.
      if (this.list().length === 0) await this.deps.browser.notifications.clear(MISSED_NOTIFICATION_ID);
    } catch (e) {
      this.deps.log.warn(`missed-call notification failed: ${errorMessage(e)}`);
    }
  }
}
