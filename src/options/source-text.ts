/** The options page's words for the state of a source of caller names. */
import type { SourceAttempt } from '../shared/contacts-status.ts';
import { isSourceErrorCode } from '../shared/contacts-status.ts';
import { t } from '../shared/i18n.ts';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function dateText(at: number): string {
  return when.format(at);
}

export function countText(count: number): string {
  return new Intl.NumberFormat().format(count);
}

/** A failed attempt as a sentence (the message key names the failure, the detail fills it in); null if it worked. */
export function failureText(attempt: SourceAttempt | undefined): string | null {
  const error = attempt?.error;
  if (!error || !isSourceErrorCode(error.code)) return null;
  return error.detail === undefined ? t(error.code) : t(error.code, error.detail);
}
