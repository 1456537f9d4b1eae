/**
 * Pure: whether a call a page started may be placed at once, must be asked for first, or is refused. The number is
 * planned again here from the text the page showed (never taken from the page), its type read from libphonenumber-js's
 * full metadata (the `max` build the dial rules already use), and what the content script saw at the click is weighed.
 * Nothing here depends on winning a race against the page: a risky number asks whatever the page did.
 */
import { compactNumber, parseNumber, planDial, type DialRules } from '../../shared/dial-rules.ts';
import type { Doubt, Seen } from '../../shared/call-guard.ts';

export type NumberType =
  | 'premium'
  | 'sharedCost'
  | 'personal'
  | 'uan'
  | 'voicemail'
  | 'unknown'
  | 'mobile'
  | 'fixed'
  | 'fixedOrMobile'
  | 'tollFree'
  | 'voip'
  | 'pager'
  | 'internal';

/** libphonenumber-js's types; one it cannot tell (undefined) is 'unknown'. */
const TYPES: Readonly<Record<string, NumberType>> = {
  PREMIUM_RATE: 'premium',
  SHARED_COST: 'sharedCost',
  PERSONAL_NUMBER: 'personal',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed',
  FIXED_LINE_OR_MOBILE: 'fixedOrMobile',
  TOLL_FREE: 'tollFree',
  VOIP: 'voip',
  PAGER: 'pager',
};

/** Types that cost the caller more than a call, or reach a service rather than a person, or that nobody can tell. */
export const RISKY_TYPES: ReadonlySet<NumberType> = new Set([
  'premium',
  'sharedCost',
  'personal',
  'uan',
  'voicemail',
  'unknown',
]);

/** Why a call asks first: its type, a link that shows something else, a foreign number (by setting), or a doubt. */
export type AskReason = 'type' | 'linkText' | 'foreign' | Doubt;

export interface PageCallFacts {
  /** What the page showed and we linked: a number's text, or what a tel:/sip: link calls. */
  text: string;
  /** A page's own call link (internal lines allowed; its visible text must show the number). */
  link: boolean;
  /** The region national numbers are read in (the page's language, else the user's country). */
  region: string;
  /** A link's visible text (links only). */
  shown?: string;
  /** Selected text (context menu, keyboard command): internal lines allowed, as in the dial box. */
  selection?: boolean;
  seen: Seen;
  doubt?: Doubt;
}

export type GuardRules = DialRules & { confirmForeign: boolean };

export type Assessment =
  | { ok: false; refuse: 'errPageFeatureCode' | 'errInvalidNumber' }
  | {
      ok: true;
      dial: string;
      /** International form ("+420 900 123 456"); the dial string itself for an internal line. */
      display: string;
      type: NumberType;
      /** ISO country of a foreign number, when libphonenumber-js knows it. */
      country?: string;
      foreign: boolean;
      ask: AskReason[];
    };

/** Characters the iPBX reads as a feature code (call forwarding, voicemail settings, pickup): pages never dial them. */
const FEATURE = /[*#]/;

export function assessPageCall(facts: PageCallFacts, rules: GuardRules): Assessment {
  const compact = compactNumber(facts.text.trim());
  if (FEATURE.test(compact)) return { ok: false, refuse: 'errPageFeatureCode' };
  const internalAllowed = facts.link || facts.selection === true;
  const plan = planDial(facts.text, rules, { region: facts.region, allowInternal: internalAllowed });
  if (!plan.ok) return { ok: false, refuse: 'errInvalidNumber' };
  const ask: AskReason[] = [];
  if (facts.seen === 'doubt') ask.push(facts.doubt ?? 'noVerdict');
  if (plan.kind === 'internal') {
    if (facts.link && !showsDigits(facts.shown ?? '', plan.dial)) ask.push('linkText');
    return { ok: true, dial: plan.dial, display: plan.display, type: 'internal', foreign: false, ask };
  }
  const number = parseNumber(facts.text, facts.region);
  const type = TYPES[number?.getType() ?? ''] ?? 'unknown';
  const foreign = plan.kind === 'international';
  if (RISKY_TYPES.has(type)) ask.push('type');
  if (facts.link && !showsDigits(facts.shown ?? '', number?.nationalNumber ?? plan.dial)) ask.push('linkText');
  if (foreign && rules.confirmForeign) ask.push('foreign');
  return {
    ok: true,
    dial: plan.dial,
    display: plan.display,
    type,
    foreign,
    ...(foreign && number?.country ? { country: number.country } : {}),
    ask,
  };
}

/** Does a link's visible text show the number: its significant digits, in order, with any separators? */
export function showsDigits(shown: string, significant: string): boolean {
  const digits = shown.replace(/\D/g, '');
  return significant.length > 0 && digits.includes(significant.replace(/\D/g, ''));
}
