/**
 * Desktop notifications for ringing calls: one per call, raised by the background only (never per tab), cleared
 * when the call is answered or ends. Chrome gets a "Hang up" button; Firefox has no buttons, a click opens the panel.
 */
import type { Browser } from 'webextension-polyfill';
import type { CallState } from './call-reducer.ts';
import { stripBidi } from '../shared/bidi.ts';
import { isIncoming, isInternal, type Call } from '../shared/calls.ts';
import { errorMessage } from '../shared/errors.ts';
import { plural, t } from '../shared/i18n.ts';
import type { Logger } from '../shared/log.ts';
import { shownNumber } from '../shared/phone-format.ts';
import type { Settings } from '../shared/settings.ts';
import { NOTIFICATION_ICON } from '../shared/manifest-names.ts';
import type { CallerInfo } from '../shared/caller.ts';
import { callerBody, callerTitle } from './caller-text.ts';

const PREFIX = 'ipbx-call:';

export function notificationId(uniqueId: string): string {
  return PREFIX + uniqueId;
}

export function callIdOfNotification(id: string): string | null {
  return id.startsWith(PREFIX) ? id.slice(PREFIX.length) : null;
}

function ringingIncoming(c: Call | undefined): c is Call {
  return c !== undefined && c.state === 'ringing' && isIncoming(c.direction);
}

/** Pure: which notifications to raise and which to clear between two call states. */
export function planNotifications(
  prev: CallState,
  next: CallState,
  enabled: boolean,
): { create: Call[]; clear: string[] } {
  const create = enabled
    ? [...next.calls.values()].filter((c) => ringingIncoming(c) && !ringingIncoming(prev.calls.get(c.uniqueId)))
    : [];
  const clear = [...prev.calls.values()]
    .filter((c) => ringingIncoming(c) && !ringingIncoming(next.calls.get(c.uniqueId)))
    .map((c) => c.uniqueId);
  return { create, clear };
}

export function notificationText(
  call: Call,
  settings: Settings,
  caller?: CallerInfo,
): { title: string; message: string; contextMessage: string } {
  const context = [
    call.line ? t('notifLine', stripBidi(call.line)) : '',
    call.queue ? t('notifQueue', stripBidi(call.queue)) : '',
  ].filter(Boolean);
  const number = shownNumber(call.from, settings.defaultCountry);
  return {
    title: caller
      ? callerTitle(caller)
      : t(isInternal(call.direction) ? 'notifIncomingInternalTitle' : 'notifIncomingTitle'),
    message: caller ? callerBody(caller, number) : number,
    contextMessage: context.join(' · '),
  };
}

/** More calls ringing at once than this become one summary notification instead of a flood. */
export const MAX_INDIVIDUAL = 3;
/**
 * So do calls that start ringing one after another faster than a person can take them: after this many individual
 * notifications within FLOOD_WINDOW_MS, new rings go to the summary. Each notification also costs the worker the
 * decoding of its icon (tens of ms in Chrome), which under a flood delays everything else it does.
 */
export const FLOOD_INDIVIDUAL = MAX_INDIVIDUAL;
export const FLOOD_WINDOW_MS = 5_000;
/** In a flood, the summary stays this long after the last ring ends, instead of flickering off and on. */
export const SUMMARY_LINGER_MS = 1_500;
export const SUMMARY_ID = 'ipbx-summary';

/** Chrome's notifications.update, which the polyfill's types leave out because Firefox lacks it. */
type ChromeNotifications = Browser['notifications'] & {
  update(id: string, options: { message: string; title?: string; contextMessage?: string }): Promise<boolean>;
};
const SUMMARY_EVERY_MS = 500;

export function ringingCount(state: CallState): number {
  let n = 0;
  for (const c of state.calls.values()) if (ringingIncoming(c)) n++;
  return n;
}

export class Notifier {
  /** In summary mode until nothing rings any more; then individual notifications again. */
  private coalesced = false;
  private summaryShown = 0;
  private summaryTimer: ReturnType<typeof setTimeout> | null = null;
  private latestCount = 0;
  /** Creates still under way: a clear must wait for its create, or the notification outlives its call. */
  private creating = new Map<string, Promise<unknown>>();
  /** When the recent individual notifications were raised, oldest first. */
  private raisedAt: number[] = [];
  private lingerTimer: ReturnType<typeof setTimeout> | null = null;
  /** The last individual create; the next one starts after it (never rejects). */
  private lastCreate: Promise<unknown> = Promise.resolve();
  /** The calls with an individual notification, and the caller each one names (to tell when a name arrives). */
  private readonly shown = new Map<string, { call: Call; title: string; message: string }>();

  constructor(
    private readonly browser: Browser,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    /** Who is calling, where a source already knows (caller-resolution.ts). */
    private readonly callerOf: (uniqueId: string) => CallerInfo | undefined = () => undefined,
  ) {}

  /**
   * A slower source named (or renamed) the caller of a ringing call: its notification changes in place (Chrome), or
   * is raised again with the same id (Firefox has no update, and a create with a known id replaces that one).
   */
  named(uniqueId: string, settings: Settings): void {
    const id = notificationId(uniqueId);
    const shown = this.shown.get(id);
    if (!shown || this.coalesced) return;
    const text = notificationText(shown.call, settings, this.callerOf(uniqueId));
    if (text.title === shown.title && text.message === shown.message) return;
    this.shown.set(id, { call: shown.call, title: text.title, message: text.message });
    const pending = this.creating.get(id) ?? Promise.resolve();
    const updated: Promise<unknown> = pending
      .then((): Promise<unknown> => {
        if (__BROWSER__ === 'chrome') return (this.browser.notifications as ChromeNotifications).update(id, text);
        // Cleared meanwhile (the call was answered or ended): nothing to raise again.
        return this.shown.has(id) ? this.browser.notifications.create(id, this.options(text)) : Promise.resolve();
      })
      .catch((e: unknown) => this.log.warn(`notification update failed: ${errorMessage(e)}`))
      .finally(() => {
        if (this.creating.get(id) === updated) this.creating.delete(id);
      });
    // A clear waits for this too, so the notification never outlives its call.
    this.creating.set(id, updated);
  }

  private options(text: { title: string; message: string; contextMessage: string }) {
    return {
      type: 'basic' as const,
      iconUrl: this.browser.runtime.getURL(NOTIFICATION_ICON),
      title: text.title,
      message: text.message,
      contextMessage: text.contextMessage,
      ...(__BROWSER__ === 'chrome' ? { requireInteraction: true, buttons: [{ title: t('hangUp') }] } : {}),
    };
  }

  apply(prev: CallState, next: CallState, settings: Settings): void {
    const ringing = settings.notifications ? ringingCount(next) : 0;
    if (this.coalesced || ringing > MAX_INDIVIDUAL || (ringing > 0 && this.flooding(prev, next, settings))) {
      this.applySummary(ringing);
      return;
    }
    this.applyIndividual(prev, next, settings);
  }

  /** Would this change raise more individual notifications than a flood allows? */
  private flooding(prev: CallState, next: CallState, settings: Settings): boolean {
    const since = this.now() - FLOOD_WINDOW_MS;
    const fresh = this.raisedAt.findIndex((at) => at > since);
    this.raisedAt.splice(0, fresh === -1 ? this.raisedAt.length : fresh);
    const raising = planNotifications(prev, next, settings.notifications).create.length;
    return raising > 0 && this.raisedAt.length + raising > FLOOD_INDIVIDUAL;
  }

  private applySummary(ringing: number): void {
    if (!this.coalesced) {
      // Entering summary mode: the individual notifications give way to one. Those still being created are cleared
      // once created; the others are asked for (a previous worker may have raised them), not guessed from the calls.
      this.coalesced = true;
      for (const id of this.creating.keys()) this.clear(id);
      void this.browser.notifications
        .getAll()
        .then((all) => {
          for (const id of Object.keys(all)) if (callIdOfNotification(id) !== null) this.clear(id);
        })
        .catch(() => undefined);
    }
    this.latestCount = ringing;
    if (ringing === 0) {
      // After a flood of rings, wait a moment: the next ring would only bring the summary back.
      if (this.raisedAt.length >= FLOOD_INDIVIDUAL)
        this.lingerTimer ??= setTimeout(() => this.leaveSummary(), SUMMARY_LINGER_MS);
      else this.leaveSummary();
      return;
    }
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    // At most one update per interval, however fast the calls come.
    if (this.summaryTimer !== null || ringing === this.summaryShown) return;
    this.showSummary();
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = null;
      if (this.coalesced && this.latestCount !== this.summaryShown && this.latestCount > 0) this.showSummary();
    }, SUMMARY_EVERY_MS);
  }

  /** Nothing rings any more: the summary goes, and the next ring gets its own notification again. */
  private leaveSummary(): void {
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    if (this.latestCount > 0) return; // a ring came in meanwhile
    this.coalesced = false;
    this.summaryShown = 0;
    if (this.summaryTimer !== null) clearTimeout(this.summaryTimer);
    this.summaryTimer = null;
    void this.browser.notifications.clear(SUMMARY_ID).catch(() => false);
  }

  /** Clears a notification once any create of it has finished. */
  private clear(id: string): void {
    this.shown.delete(id);
    const pending = this.creating.get(id) ?? Promise.resolve();
    void pending.then(() => this.browser.notifications.clear(id)).catch(() => false);
  }

  private showSummary(): void {
    const message = plural('ringingCount', this.latestCount);
    // Chrome can change the text of the summary in place, without decoding its icon again; Firefox has no update.
    const shown =
      this.summaryShown > 0 && __BROWSER__ === 'chrome'
        ? (this.browser.notifications as ChromeNotifications).update(SUMMARY_ID, { message })
        : this.browser.notifications.create(SUMMARY_ID, {
            type: 'basic',
            iconUrl: this.browser.runtime.getURL(NOTIFICATION_ICON),
            title: t('notifIncomingTitle'),
            message,
          });
    this.summaryShown = this.latestCount;
    shown.catch((e: unknown) => this.log.warn(`notification failed: ${errorMessage(e)}`));
  }

  private applyIndividual(prev: CallState, next: CallState, settings: Settings): void {
    const plan = planNotifications(prev, next, settings.notifications);
    for (const id of plan.clear) this.clear(notificationId(id));
    for (const call of plan.create) {
      const text = notificationText(call, settings, this.callerOf(call.uniqueId));
      const options = this.options(text);
      const id = notificationId(call.uniqueId);
      this.shown.set(id, { call, title: text.title, message: text.message });
      this.raisedAt.push(this.now());
      // One create at a time: Chrome decodes the icon in the worker for each, and creates started together would hold
      // the worker for all of them in a row, while the call panel's queries wait.
      const created = this.lastCreate
        .then(() => this.browser.notifications.create(id, options))
        .catch((e: unknown) => this.log.warn(`notification failed: ${errorMessage(e)}`))
        .finally(() => {
          if (this.creating.get(id) === created) this.creating.delete(id);
        });
      this.creating.set(id, created);
      this.lastCreate = created;
    }
  }
}
