/**
 * Who is calling, from the matches of every source: the documented rule. Sources in priority order (default: the
 * user's own names, the CRM's answer, the iPBX's list, the imported file; the `contacts.order` setting changes it),
 * within a source in its own order (the file's rows, the answer's order). The first match names the caller; the
 * others are "+N more". A match with the same name as an earlier one (folded: case, accents and spacing aside) is
 * the same person seen by two sources and is left out. The record URL is the first match's that has one.
 */
import type { CallerInfo } from '../../shared/caller.ts';

export { sameCaller } from '../../shared/caller.ts';
import type { ContactSource } from '../../shared/contact-record.ts';
import type { Settings } from '../../shared/settings.ts';
import { foldText } from './fold.ts';
import { MAX_OTHERS } from './contact-index.ts';

export interface NamedMatch {
  name: string;
  company: string;
  source: ContactSource;
  url?: string;
  /** For a CRM answer: the origin asked. */
  origin?: string;
}

/**
 * The sources in force, in priority order: switched on, and for the two remote ones also configured (an empty
 * contact-list URL or lookup URL is "off", even with the list of an earlier URL still kept).
 */
export function activeSources(settings: Pick<Settings, 'contacts' | 'callerLookup'>): ContactSource[] {
  const { order, sources, ipbxUrl } = settings.contacts;
  return order.filter(
    (s) => sources[s] && (s !== 'ipbx' || ipbxUrl !== '') && (s !== 'crm' || settings.callerLookup.urlTemplate !== ''),
  );
}

/** Pure: the caller named by `bySource`, read in `order` (only the sources listed count); undefined when none. */
export function callerFrom(
  order: readonly ContactSource[],
  bySource: Partial<Record<ContactSource, readonly NamedMatch[]>>,
): CallerInfo | undefined {
  const seen = new Set<string>();
  const kept: NamedMatch[] = [];
  for (const source of order) {
    for (const match of bySource[source] ?? []) {
      const folded = foldText(match.name);
      if (folded === '' || seen.has(folded)) continue;
      seen.add(folded);
      kept.push(match);
    }
  }
  const [first, ...rest] = kept;
  if (!first) return undefined;
  const others = rest.slice(0, MAX_OTHERS).map((m) => m.name);
  const recordUrl = first.url ?? kept.find((m) => m.url !== undefined)?.url;
  return {
    name: first.name,
    ...(first.company ? { company: first.company } : {}),
    ...(others.length > 0 ? { others } : {}),
    ...(recordUrl ? { recordUrl } : {}),
    source: first.source,
    ...(first.origin ? { origin: first.origin } : {}),
  };
}
