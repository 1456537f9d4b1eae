/**
 * Every call a page starts (a click or Enter on a mark, a tel: link, the context menu or keyboard command on a page)
 * comes through here. It is planned again from what the page showed, weighed (number-risk.ts), and then refused,
 * asked for first in our own UI, or placed at once; every call that is placed is announced outside the page, with a
 * way to cancel it. The dial box and the panel's call-back are the user's own and never come here.
 *
 * A confirmation is answered once, within CONFIRM_TTL_MS, by the id in its notification or by the one window we opened
 * for it (the confirm page, whose URL carries the id: the answer must come from exactly that page, and that window).
 */
import type { Browser, Runtime } from 'webextension-polyfill';
import { Announcements } from './announcements.ts';
import {
  ANNOUNCE_CANCEL_BUTTON,
  CALL_BUTTON,
  CANCEL_BUTTON,
  confirmPageUrl,
  guardNotification,
  type GuardSurface,
} from './guard-ui.ts';
import { assessPageCall, type Assessment, type PageCallFacts } from './number-risk.ts';
import { PendingStore } from './pending.ts';
import { guardView, pageOrigin } from './views.ts';
import { RequestError } from '../requests.ts';
import { pageRegion } from '../number-classifier.ts';
import { systemTimers, type Timers } from '../timers.ts';
import type { Call } from '../../shared/calls.ts';
import type { GuardView, PageCallOutcome } from '../../shared/call-guard.ts';
import type { Logger } from '../../shared/log.ts';
import type { MessageMap } from '../../shared/messages.ts';
import type { Settings } from '../../shared/settings.ts';

export interface GuardEngine {
  readonly settings: Settings;
  originate(to: string): Promise<{ uniqueId?: string }>;
  hangup(uniqueId: string): Promise<unknown>;
}

type Placeable = Extract<Assessment, { ok: true }>;

interface Confirmation {
  id: string;
  expiresAt: number;
  view: GuardView;
  dial: string;
  origin: string;
  windowId?: number;
}

export interface GuardDeps {
  browser: Pick<Browser, 'runtime'>;
  engine: GuardEngine;
  ui: GuardSurface;
  log: Logger;
  timers?: Timers;
  now?: () => number;
  newId?: () => string;
}

export class CallGuard {
  readonly #confirms: PendingStore<Confirmation>;
  readonly #announced: Announcements;
  /** Announcements by id, for the window of one (Firefox): what it shows. */
  readonly #announcedViews = new Map<string, GuardView>();
  readonly #now: () => number;
  readonly #newId: () => string;

  constructor(private readonly deps: GuardDeps) {
    this.#now = deps.now ?? Date.now;
    this.#newId = deps.newId ?? (() => crypto.randomUUID());
    this.#confirms = new PendingStore(deps.timers ?? systemTimers, this.#now, undefined, this.#newId);
    this.#announced = new Announcements({
      hangup: (uniqueId) => deps.engine.hangup(uniqueId),
      withdraw: (id, windowId) => {
        this.#announcedViews.delete(id);
        deps.ui.withdraw('announce', id, windowId);
      },
      log: deps.log,
      now: this.#now,
    });
  }

  /** A click or Enter on a mark, or a tel: link (content script). */
  pageCall(p: MessageMap['pageCall']['request'], sender: Runtime.MessageSender): Promise<PageCallOutcome> {
    const s = this.deps.engine.settings;
    const facts: PageCallFacts = {
      text: p.text,
      link: p.link,
      region: pageRegion(p.lang, s.defaultCountry),
      shown: p.shown,
      seen: p.seen,
      ...(p.doubt ? { doubt: p.doubt } : {}),
    };
    const a = this.#assess(facts);
    // The mark dials what the background planned when it was linked; different rules now: the page must link it again.
    if (a.dial !== p.dial) throw new RequestError('errPageNumberChanged');
    return this.#decide(a, pageOrigin(sender));
  }

  /** Selected text on a page, called from the context menu or the keyboard command. */
  selectionCall(text: string, origin: string): Promise<PageCallOutcome> {
    const s = this.deps.engine.settings;
    return this.#decide(
      this.#assess({ text, link: false, selection: true, region: s.defaultCountry, seen: 'unverified' }),
      origin,
    );
  }

  /** What the confirm page shows: only to the page at this id's own URL (and in its own window, once it has one). */
  details(id: string, sender: Runtime.MessageSender): GuardView {
    this.#checkSender(id, sender);
    const confirm = this.#confirms.get(id);
    if (confirm) return confirm.view;
    const announced = this.#announcedViews.get(id);
    if (announced) return announced;
    throw new RequestError('errGuardExpired');
  }

  /** The confirm page's answer: `call` places the confirmed call (once); false cancels it, or ends an announced call. */
  async answer(id: string, call: boolean, sender: Runtime.MessageSender): Promise<void> {
    this.#checkSender(id, sender);
    if (this.#announcedViews.has(id)) {
      if (!call) this.#announced.cancel(id);
      return;
    }
    await this.#answerConfirm(id, call);
  }

  /** Chrome: "Call" / "Cancel" on a confirmation, "Cancel" on an announcement. */
  onNotificationButton(notificationId: string, button: number): void {
    const which = guardNotification(notificationId);
    if (which?.kind === 'confirm' && (button === CALL_BUTTON || button === CANCEL_BUTTON))
      void this.#answerConfirm(which.id, button === CALL_BUTTON).catch(() => undefined);
    else if (which?.kind === 'announce' && button === ANNOUNCE_CANCEL_BUTTON) this.#announced.cancel(which.id);
  }

  /** A click on an announcement opens its window, where Cancel ends the call (Firefox's notifications have no buttons). */
  onNotificationClicked(notificationId: string): void {
    const which = guardNotification(notificationId);
    if (which?.kind !== 'announce' || !this.#announcedViews.has(which.id)) return;
    void this.deps.ui.openWindow(which.id).then(
      (windowId) => this.#announced.setWindow(which.id, windowId),
      (e: unknown) => this.deps.log.warn(`announcement window: ${String(e)}`),
    );
  }

  /** A confirmation closed by the user without an answer is a Cancel. */
  onNotificationClosed(notificationId: string, byUser: boolean): void {
    const which = guardNotification(notificationId);
    if (byUser && which?.kind === 'confirm') void this.#answerConfirm(which.id, false).catch(() => undefined);
  }

  /** The confirmation's window closed without an answer: a Cancel. */
  onWindowRemoved(windowId: number): void {
    const confirm = this.#confirms.find((c) => c.windowId === windowId);
    if (confirm) void this.#answerConfirm(confirm.id, false).catch(() => undefined);
  }

  onCalls(calls: ReadonlyMap<string, Call>): void {
    this.#announced.onCalls(calls);
  }

  #assess(facts: PageCallFacts): Placeable {
    const s = this.deps.engine.settings;
    const a = assessPageCall(facts, { ...s, confirmForeign: s.confirmForeign });
    if (!a.ok) throw new RequestError(a.refuse, facts.text);
    return a;
  }

  async #decide(a: Placeable, origin: string): Promise<PageCallOutcome> {
    const country = this.deps.engine.settings.defaultCountry;
    if (a.ask.length === 0) {
      const view = guardView('announce', a, origin, country, null);
      await this.#place(view);
      return { outcome: 'placed', label: view.number };
    }
    const confirm = this.#confirms.add(
      (id, expiresAt) => ({
        id,
        expiresAt,
        view: guardView('confirm', a, origin, country, expiresAt),
        dial: a.dial,
        origin,
      }),
      (expired) => this.deps.ui.withdraw('confirm', expired.id, expired.windowId),
    );
    const shown = await this.deps.ui.confirm(confirm.id, confirm.view);
    if (shown.windowId !== undefined) confirm.windowId = shown.windowId;
    this.deps.log.info(`a page's call asks first (${a.ask.join(', ')})`);
    return { outcome: 'asking', label: confirm.view.number, where: shown.where };
  }

  async #answerConfirm(id: string, call: boolean): Promise<void> {
    const confirm = this.#confirms.take(id);
    if (!confirm) throw new RequestError('errGuardExpired');
    this.deps.ui.withdraw('confirm', id, confirm.windowId);
    if (call) await this.#place({ ...confirm.view, kind: 'announce', reasons: [], expiresAt: null });
  }

  /** Places the call and announces it until it ends. */
  async #place(view: GuardView): Promise<void> {
    const id = this.#newId();
    this.#announced.start(id, view.dial);
    this.#announcedViews.set(id, view);
    void this.deps.ui.announce(id, view);
    try {
      const { uniqueId } = await this.deps.engine.originate(view.dial);
      this.#announced.placed(id, uniqueId);
    } catch (e) {
      this.#announced.failed(id);
      throw e;
    }
  }

  #checkSender(id: string, sender: Runtime.MessageSender): void {
    const confirm = this.#confirms.get(id);
    const exactPage = sender.url === confirmPageUrl(this.deps.browser, id);
    const windowId = sender.tab?.windowId;
    const ownWindow = confirm?.windowId === undefined || confirm.windowId === windowId;
    if (!exactPage || !ownWindow) throw new RequestError('errNotAllowed');
  }
}
