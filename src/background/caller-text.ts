/**
 * A named caller in the words of a notification: the name as the title ("+1 more" when several contacts share the
 * number), the company and the number in the body. Names are plain text here (notifications show no markup); the
 * number is isolated left-to-right, so a right-to-left company name never reorders its digits.
 */
import type { CallerInfo } from '../shared/caller.ts';
import { plural } from '../shared/i18n.ts';

/** Left-to-right isolate … pop directional isolate (Unicode bidi): the number keeps its digit order in any text. */
export function ltr(text: string): string {
  return `\u2066${text}\u2069`;
}

/** First-strong isolate: a name in any script does not pull the text after it into its direction. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** "Jan Novák", or "Jan Novák +1 more" when other contacts have the number too. */
export function callerTitle(caller: CallerInfo): string {
  const others = caller.others?.length ?? 0;
  return others > 0 ? `${isolate(caller.name)} ${plural('callerMore', others)}` : caller.name;
}

/** "Stavby Novák s.r.o. · 777 888 999", or the number alone. */
export function callerBody(caller: CallerInfo, shownNumber: string): string {
  return caller.company ? `${isolate(caller.company)} · ${ltr(shownNumber)}` : ltr(shownNumber);
}
