/** Localised text. Keys are checked at compile time against _locales/en; _locales/cs has the same keys (a test). */
import browser from 'webextension-polyfill';
import type en from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof en;

export function isMessageKey(key: string): key is MessageKey {
  return browser.i18n.getMessage(key) !== '';
}

export function t(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}
