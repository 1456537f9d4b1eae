/**
 * Who is calling: what the background resolved for a number from the user's own sources (the user's names, a CRM
 * lookup, the iPBX's contacts, an imported file). Extension pages read it from the Snapshot; it never reaches content
 * scripts or web pages, except as docs/page-feed.md allows.
 */
export type CallerSource = 'user' | 'crm' | 'ipbx' | 'file';

export interface CallerInfo {
  /** The name to show, as text (it comes from files and servers we do not control). */
  name: string;
  company?: string;
  /** The other names when several contacts share the number ("+1 more"), in the documented order. */
  others?: string[];
  /** The caller's record in the CRM (http(s) only), for the screen pop's {recordUrl}. */
  recordUrl?: string;
  source: CallerSource;
  /** For a CRM answer: the origin of the lookup URL that gave it. */
  origin?: string;
}

/** Same caller, same words: nothing to redraw, no notification to update. */
export function sameCaller(a: CallerInfo | undefined, b: CallerInfo | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.name === b.name &&
    a.company === b.company &&
    a.recordUrl === b.recordUrl &&
    a.source === b.source &&
    (a.others ?? []).join('\n') === (b.others ?? []).join('\n')
  );
}
