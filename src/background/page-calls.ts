/**
 * The background side of click-to-call: which sites are on, validating the numbers pages found, telling pages when
 * the rules change, and the two ways to call selected text (context menu, keyboard command).
 */
import type { Browser, Menus, Runtime, Tabs } from 'webextension-polyfill';
import type { CallGuard } from './call-guard/call-guard.ts';
import { urlOrigin } from './call-guard/views.ts';
import type { Engine } from './engine.ts';
import { NumberClassifier, pageRegion } from './number-classifier.ts';
import { RequestError, requestErrorText } from './requests.ts';
import { t } from '../shared/i18n.ts';
import type { Logger } from '../shared/log.ts';
import type { MessageMap, TabMessage } from '../shared/messages.ts';
import type { Settings } from '../shared/settings.ts';
import { hostOf, isSiteEnabled } from '../shared/sites.ts';
import { CALL_SELECTION_COMMAND, NOTIFICATION_ICON } from '../shared/manifest-names.ts';

export const CALL_SELECTION_MENU = 'ipbx-call-selection';

/** Settings that change what pages show: a change re-runs every page's linker. */
export function pageRulesChanged(a: Settings, b: Settings): boolean {
  return (
    a.enabled !== b.enabled ||
    a.defaultCountry !== b.defaultCountry ||
    a.internationalPrefix !== b.internationalPrefix ||
    a.outsideLinePrefix !== b.outsideLinePrefix ||
    a.disabledSites.join('\n') !== b.disabledSites.join('\n')
  );
}

/** The site a frame belongs to: about:blank and srcdoc frames count as their parent's (the sender's origin). */
export function senderHost(sender: Runtime.MessageSender & { origin?: string }): string {
  const { origin } = sender; // Chrome and Firefox set it; the polyfill's types do not know it yet
  return hostOf(origin && origin !== 'null' ? origin : undefined) || hostOf(sender.url) || hostOf(sender.tab?.url);
}

export class PageCalls {
  private readonly classifier = new NumberClassifier();

  constructor(
    private readonly browser: Browser,
    private readonly engine: Engine,
    private readonly guard: Pick<CallGuard, 'selectionCall'>,
    private readonly log: Logger,
  ) {}

  pageConfig(sender: Runtime.MessageSender): MessageMap['pageConfig']['response'] {
    return { active: isSiteEnabled(senderHost(sender), this.engine.settings) };
  }

  classify({
    texts,
    lang,
    links,
  }: MessageMap['classifyNumbers']['request']): MessageMap['classifyNumbers']['response'] {
    const s = this.engine.settings;
    return this.classifier.classify(texts, pageRegion(lang, s.defaultCountry), s, links === true);
  }

  /** Every frame of every tab re-reads its config (a closed tab or a page without our script just fails quietly). */
  async broadcastConfig(): Promise<void> {
    const tabs = await this.browser.tabs.query({});
    const message: TabMessage = { type: 'ipbx:config' };
    await Promise.all(
      tabs.map((tab) =>
        tab.id === undefined ? undefined : this.browser.tabs.sendMessage(tab.id, message).catch(() => undefined),
      ),
    );
  }

  /** Resolves once the menu is there: other items are added after it (its removeAll would take them away). */
  createMenu(): Promise<void> {
    // removeAll first: onInstalled runs again on update, and a duplicate id is an error.
    return this.browser.contextMenus
      .removeAll()
      .then(() => {
        this.browser.contextMenus.create({
          id: CALL_SELECTION_MENU,
          title: t('ctxCallSelection'),
          contexts: ['selection'],
        });
      })
      .catch((e: unknown) => this.log.warn(`context menu: ${String(e)}`));
  }

  onMenuClicked(info: Menus.OnClickData, tab: Tabs.Tab | undefined): void {
    if (info.menuItemId !== CALL_SELECTION_MENU) return;
    void this.callText(info.selectionText ?? '', tab?.id, info.frameId ?? 0, info.frameUrl ?? info.pageUrl);
  }

  /** The keyboard command: ask the active tab for its selection, then call it like the context menu does. */
  async onCommand(command: string): Promise<void> {
    if (command !== CALL_SELECTION_COMMAND) return;
    const [tab] = await this.browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return;
    const message: TabMessage = { type: 'ipbx:selection' };
    const selection = await this.browser.tabs.sendMessage(tab.id, message).catch(() => undefined);
    if (typeof selection !== 'object' || selection === null) {
      return this.feedback(tab.id, 0, 'error', t('ctcNoSelection'));
    }
    const { text } = selection as { text?: unknown };
    await this.callText(typeof text === 'string' ? text : '', tab.id, 'selection', tab.url);
  }

  /**
   * Calls selected text by the dial rules; internal lines are fine here (the user chose the text). The text comes from
   * a page (which may have set the selection), so the call guard weighs it like a click: risky numbers ask first,
   * feature codes are refused, and the call is announced. Feedback goes to one frame, or to whichever frame holds the
   * selection. `pageUrl`: the page's (or frame's) URL, to name the site that asked.
   */
  async callText(
    text: string,
    tabId: number | undefined,
    frame: number | 'selection',
    pageUrl: string | undefined,
  ): Promise<void> {
    const trimmed = text.trim().slice(0, 64);
    if (!trimmed) return this.feedback(tabId, frame, 'error', t('ctcNoSelection'));
    try {
      const { outcome, label, where } = await this.guard.selectionCall(trimmed, urlOrigin(pageUrl));
      if (outcome === 'asking')
        await this.feedback(
          tabId,
          frame,
          'info',
          t(where === 'window' ? 'ctcConfirmWindow' : 'ctcConfirmNotification', label),
        );
      else await this.feedback(tabId, frame, 'ok', t('ctcRinging', label));
    } catch (e) {
      const message =
        e instanceof RequestError
          ? e.code === 'errInvalidNumber'
            ? t('ctcNotANumber', trimmed)
            : requestErrorText(e.code, e.detail)
          : String(e);
      await this.feedback(tabId, frame, 'error', message);
    }
  }

  /** In-page feedback where possible; a notification where no content script runs (browser pages, PDFs…). */
  private async feedback(
    tabId: number | undefined,
    frame: number | 'selection',
    kind: 'info' | 'ok' | 'error',
    text: string,
  ): Promise<void> {
    const message: TabMessage = { type: 'ipbx:toast', kind, text, selectionOnly: frame === 'selection' };
    const options = frame === 'selection' ? {} : { frameId: frame };
    const shown =
      tabId === undefined
        ? false
        : await this.browser.tabs.sendMessage(tabId, message, options).then(
            (r) => r === true,
            () => false,
          );
    if (shown || kind === 'info') return;
    await this.browser.notifications
      .create(`ipbx-feedback:${Date.now()}`, {
        type: 'basic',
        iconUrl: this.browser.runtime.getURL(NOTIFICATION_ICON),
        title: 'iPBX Connect',
        message: text,
      })
      .catch(() => undefined);
  }
}
