/**
 * URL templates with placeholders: the screen pop's ("open the caller's record") and the CRM lookup's ("who is
 * calling?") are expanded by this one function, so both read a template the same way.
 *
 * Every value is inserted URL-encoded, as text. One exception: {recordUrl} at the very start of a template is the
 * whole URL to open (the CRM answer's record link, already checked to be http(s)), so it goes in as it is.
 * Placeholders a template may not use are left as they are written: the CRM lookup is asked before anyone knows the
 * caller's name, and must never send one on (its template is refused when it names {name} or {recordUrl}).
 */
import type { Call } from './calls.ts';
import { remoteNumber } from './calls.ts';
import { parseNumber } from './dial-rules.ts';
import { isHttpUrl } from './urls.ts';

/** What every call has: the number as the iPBX sent it, its E.164 form, the line, the queue, the iPBX's call id. */
export const CALL_PLACEHOLDERS = ['number', 'e164', 'line', 'queue', 'uniqueId'] as const;
/** What is known once the caller is named: the name and the CRM record's URL. */
export const CALLER_PLACEHOLDERS = ['name', 'recordUrl'] as const;
export type Placeholder = (typeof CALL_PLACEHOLDERS)[number] | (typeof CALLER_PLACEHOLDERS)[number];
export const ALL_PLACEHOLDERS: readonly Placeholder[] = [...CALL_PLACEHOLDERS, ...CALLER_PLACEHOLDERS];

export type TemplateValues = Partial<Record<Placeholder, string>>;

/** The call's own values. Only a valid number has an E.164 form: an internal line (445) must not become +420445. */
export function callValues(call: Call, defaultCountry: string): TemplateValues {
  const number = remoteNumber(call);
  const parsed = parseNumber(number, defaultCountry);
  return {
    number,
    e164: parsed?.isValid() ? parsed.number : number,
    line: call.line ?? '',
    queue: call.queue ?? '',
    uniqueId: call.uniqueId,
  };
}

function isAllowed(name: string, allowed: readonly Placeholder[]): name is Placeholder {
  return (allowed as readonly string[]).includes(name);
}

/** The placeholders a template uses, as written ("{name}" → "name"), known or not. */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}

/** The template with the allowed placeholders filled in; null when the result is not an http(s) URL. */
export function expandUrlTemplate(
  template: string,
  values: TemplateValues,
  allowed: readonly Placeholder[] = ALL_PLACEHOLDERS,
): string | null {
  const url = template.replace(/\{(\w+)\}/g, (whole, name: string, offset: number) => {
    if (!isAllowed(name, allowed)) return whole;
    const value = values[name] ?? '';
    return name === 'recordUrl' && offset === 0 && isHttpUrl(value) ? value : encodeURIComponent(value);
  });
  return isHttpUrl(url) ? url : null;
}

/** Whether a template can make an http(s) URL (placeholders stand for any text; {recordUrl} first for a whole URL). */
export function isUrlTemplate(template: string): boolean {
  const sample = template.replace(/^\{recordUrl\}/, 'https://record.example/').replace(/\{\w+\}/g, 'x');
  return isHttpUrl(sample);
}
