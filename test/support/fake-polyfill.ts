/**
 * Stands in for webextension-polyfill in unit and integration tests: @webext-core/fake-browser, plus i18n backed by
 * the real English messages (the fake has none), so tests see the text a user would. It is also installed as the
 * global `browser`, which src/shared/ext.ts reads.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import en from '../../public/_locales/en/messages.json' with { type: 'json' };

const messages = en as Record<string, { message: string }>;

export function getMessage(key: string, substitutions?: string | string[]): string {
  const text = messages[key]?.message;
  if (text === undefined) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

Object.assign(fakeBrowser.i18n, { getMessage, getUILanguage: () => 'en' });
// The fake has no notifications.update: an update merges into an existing notification, as Chrome's does.
Object.assign(fakeBrowser.notifications, {
  async update(id: string, options: object): Promise<boolean> {
    const existing = fakeBrowser.notifications.getAllCreateOptions()[id];
    if (!existing) return false;
    await fakeBrowser.notifications.create(id, { ...existing, ...options });
    return true;
  },
});
// Code shared with the content script reads the native `browser` global, not the polyfill (src/shared/ext.ts).
(globalThis as { browser?: unknown }).browser = fakeBrowser;

export default fakeBrowser;
