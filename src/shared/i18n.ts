/** Localised text. Keys are checked at compile time against _locales/en; _locales/cs has the same keys (a test). */
import { ext } from './ext.ts';
import type en from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof en;

export function t(key: MessageKey, ...substitutions: string[]): string {
  return ext().i18n.getMessage(key, substitutions) || key;
}

/** Plural forms by the UI language's rules (Czech has one, few, many, other): keys `<base>_<form>`. */
export function plural(base: 'callsCount' | 'moreCalls' | 'recentCount' | 'ringingCount', count: number): string {
  const i18n = ext().i18n;
  const lang = i18n.getUILanguage?.() ?? 'en';
  const form = new Intl.PluralRules(lang).select(count);
  const key = `${base}_${form}` as MessageKey;
  const text = i18n.getMessage(key, [String(count)]);
  return text || i18n.getMessage(`${base}_other` as MessageKey, [String(count)]) || String(count);
}
