/** Localised text. Keys are checked at compile time against _locales/en; _locales/cs has the same keys (a test). */
import { ext } from './ext.ts';
import type en from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof en;

export function t(key: MessageKey, ...substitutions: string[]): string {
  return ext().i18n.getMessage(key, substitutions) || key;
}

/** The plural forms our languages use (Czech: one, few, many, other; English: one, other). */
const PLURAL_FORMS = ['one', 'few', 'many', 'other'] as const;
type PluralForm = (typeof PLURAL_FORMS)[number];

/** Bases of plural messages: those with a `<base>_<form>` message for every form. */
export type PluralBase = {
  [K in MessageKey]: K extends `${infer Base}_other`
    ? `${Base}_${PluralForm}` extends MessageKey
      ? Base
      : never
    : never;
}[MessageKey];

function isPluralForm(rule: string): rule is PluralForm {
  return (PLURAL_FORMS as readonly string[]).includes(rule);
}

/** Plural forms by the UI language's rules: keys `<base>_<form>`; a form we have no message for reads as `other`. */
export function plural(base: PluralBase, count: number): string {
  const i18n = ext().i18n;
  const lang = i18n.getUILanguage?.() ?? 'en';
  const rule = new Intl.PluralRules(lang).select(count);
  const key: MessageKey = `${base}_${isPluralForm(rule) ? rule : 'other'}`;
  const text = i18n.getMessage(key, [String(count)]);
  return text || i18n.getMessage(`${base}_other`, [String(count)]) || String(count);
}
