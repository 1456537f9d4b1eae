/**
 * The words of a confirmation or an announcement: the number as a person reads it and as it is dialled, its type, the
 * site that asked, and why it asks. Numbers and sites come from pages and the iPBX: bidi controls are taken out, so a
 * name cannot show its characters in another order than they are dialled or named.
 */
import type { Runtime } from 'webextension-polyfill';
import type { Assessment, AskReason, NumberType } from './number-risk.ts';
import { stripBidi } from '../../shared/bidi.ts';
import type { GuardView } from '../../shared/call-guard.ts';
import { ext } from '../../shared/ext.ts';
import { t, type MessageKey } from '../../shared/i18n.ts';
import { formatNumber } from '../../shared/phone-format.ts';

const TYPE_TEXT: Readonly<Record<NumberType, MessageKey>> = {
  premium: 'typePremium',
  sharedCost: 'typeSharedCost',
  personal: 'typePersonal',
  uan: 'typeUan',
  voicemail: 'typeVoicemail',
  unknown: 'typeUnknown',
  mobile: 'typeMobile',
  fixed: 'typeFixed',
  fixedOrMobile: 'typeFixedOrMobile',
  tollFree: 'typeTollFree',
  voip: 'typeVoip',
  pager: 'typePager',
  internal: 'typeInternal',
};

const REASON_TEXT: Readonly<Record<AskReason, MessageKey>> = {
  type: 'guardWhyType',
  linkText: 'guardWhyLinkText',
  foreign: 'guardWhyForeign',
  notVisible: 'guardWhyNotVisible',
  noVerdict: 'guardWhyNoVerdict',
  moved: 'guardWhyMoved',
  effects: 'guardWhyEffects',
  direction: 'guardWhyDirection',
  frame: 'guardWhyFrame',
};

type Placeable = Extract<Assessment, { ok: true }>;

/** The country's name in the user's language ("Spojené království"), or its code. */
function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([ext().i18n.getUILanguage()], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function guardView(
  kind: GuardView['kind'],
  a: Placeable,
  origin: string,
  defaultCountry: string,
  expiresAt: number | null,
): GuardView {
  const number = stripBidi(a.type === 'internal' ? a.dial : formatNumber(a.display, defaultCountry));
  const type = t(TYPE_TEXT[a.type]);
  return {
    kind,
    number,
    dial: a.dial,
    type: a.foreign && a.country ? t('typeForeign', type, countryName(a.country)) : type,
    origin: stripBidi(origin),
    reasons: a.ask.map((r) => t(REASON_TEXT[r])),
    expiresAt,
  };
}

/** The site whose page (or frame) started a call, as the user knows it: its host, and whether it was in a frame. */
export function pageOrigin(sender: Runtime.MessageSender & { origin?: string }): string {
  let host = '';
  for (const url of [sender.origin, sender.url]) {
    if (!url || url === 'null') continue;
    try {
      host = new URL(url).host;
    } catch {
      // not a URL: try the next
    }
    if (host) break;
  }
  host ||= t('guardUnknownSite');
  return sender.frameId !== undefined && sender.frameId !== 0 ? t('guardInFrame', host) : host;
}

/** For the context menu and the keyboard command: the page's URL as the browser reports it. */
export function urlOrigin(url: string | undefined): string {
  if (!url) return t('guardUnknownSite');
  try {
    return new URL(url).host || t('guardUnknownSite');
  } catch {
    return t('guardUnknownSite');
  }
}
