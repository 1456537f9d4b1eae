/**
 * Who is calling, per call: what fills `Snapshot.callers`, the ringing notification's title and the name kept in
 * recent calls. A call is named the moment the background first sees it (NewCall or Ringing) from the sources kept
 * here (the user's names, the iPBX's list, the imported file: a lookup of well under a millisecond), so the first
 * notification already shows the name; the CRM is asked at the same moment, and its answer, when it comes, renames
 * the call through `onChanged` (the notification is updated in place, the panels get a new snapshot).
 */
import type { CallState } from './call-reducer.ts';
import { callerKey } from './contacts/caller-key.ts';
import { crmLookupUrl, type CrmMatch } from './contacts/crm-answer.ts';
import { isIndexedSource, type ContactDirectory } from './contacts/directory.ts';
import { activeSources, callerFrom, sameCaller, type NamedMatch } from './contacts/merge.ts';
import type { CallerInfo } from '../shared/caller.ts';
import { isInternal, remoteNumber, type Call } from '../shared/calls.ts';
import type { ContactSource } from '../shared/contact-record.ts';
import type { NumberKey, NumberKeyer } from '../shared/number-key.ts';
import type { Settings } from '../shared/settings.ts';

/** Callers of ended calls remembered, for recent calls and the missed-call notification. */
const ENDED_KEPT = 200;

export interface ResolutionDeps {
  directory: Pick<ContactDirectory, 'matches'>;
  crm: { lookup(url: string, fields: Settings['callerLookup']['fields']): Promise<CrmMatch[]> };
  settings: () => Settings;
  /** Reads numbers in the current default country. */
  keyer: () => NumberKeyer;
  /** A call's caller changed after it was first named (a slower source answered, a source or a setting changed). */
  onChanged: (uniqueId: string) => void;
}

interface Entry {
  call: Call;
  number: string;
  key: NumberKey | null;
  /** The CRM's answer once it came (empty when it failed or knew nobody). */
  crm?: NamedMatch[];
  /** Settles when the CRM answered or failed. */
  crmDone?: Promise<void>;
  caller?: CallerInfo;
}

export class CallerResolution {
  private readonly live = new Map<string, Entry>();
  private readonly ended = new Map<string, CallerInfo>();

  constructor(private readonly deps: ResolutionDeps) {}

  /** On every change of calls: names the calls it has not seen (or whose number changed), forgets ended ones. */
  track(calls: CallState): void {
    for (const [id, call] of calls.calls) {
      const entry = this.live.get(id);
      if (entry?.number === remoteNumber(call)) entry.call = call;
      else this.start(id, call);
    }
    for (const [id, entry] of this.live) {
      if (calls.calls.has(id)) continue;
      this.live.delete(id);
      if (!entry.caller) continue;
      this.ended.set(id, entry.caller);
      if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value ?? '');
    }
  }

  callerOf(uniqueId: string): CallerInfo | undefined {
    return this.live.get(uniqueId)?.caller ?? this.ended.get(uniqueId);
  }

  /** The callers of these calls, by uniqueId, for a snapshot. */
  callers(calls: CallState): Record<string, CallerInfo> {
    const out: Record<string, CallerInfo> = {};
    for (const id of calls.calls.keys()) {
      const caller = this.live.get(id)?.caller;
      if (caller) out[id] = caller;
    }
    return out;
  }

  /** The caller once every source answered, or at the timeout (the screen pop with {name} or {recordUrl}). */
  async waitFor(call: Call, timeoutMs: number): Promise<CallerInfo | undefined> {
    const entry = this.live.get(call.uniqueId);
    if (entry?.crmDone !== undefined) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([entry.crmDone, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    }
    return this.callerOf(call.uniqueId);
  }

  /** A source or the settings changed: every live call is named again (and renamed where that changed anything). */
  refreshAll(): void {
    for (const [id, entry] of this.live) this.rename(id, entry);
  }

  private start(id: string, call: Call): void {
    const settings = this.deps.settings();
    const number = remoteNumber(call);
    const key = callerKey(number, settings.outsideLinePrefix, this.deps.keyer());
    const entry: Entry = { call, number, key };
    entry.caller = this.name(entry, settings);
    this.live.set(id, entry);
    const lookup = settings.callerLookup;
    if (key === null || !key.startsWith('+') || isInternal(call.direction) || !settings.contacts.sources.crm) return;
    if (lookup.urlTemplate === '') return;
    const url = crmLookupUrl(lookup.urlTemplate, call, settings.defaultCountry, key);
    if (!url) return;
    const origin = new URL(url).origin;
    entry.crmDone = this.deps.crm.lookup(url, lookup.fields).then(
      (matches) => {
        entry.crm = matches.map((m) => ({ ...m, source: 'crm', origin }));
        this.rename(id, entry);
      },
      () => {
        entry.crm = [];
      },
    );
  }

  private rename(id: string, entry: Entry): void {
    if (this.live.get(id) !== entry) return; // ended, or started again with another number
    const next = this.name(entry, this.deps.settings());
    if (sameCaller(next, entry.caller)) return;
    entry.caller = next;
    this.deps.onChanged(id);
  }

  private name(entry: Entry, settings: Settings): CallerInfo | undefined {
    const order = activeSources(settings);
    const bySource: Partial<Record<ContactSource, NamedMatch[]>> = {};
    for (const source of order) {
      if (source === 'crm') bySource.crm = entry.crm ?? [];
      else if (isIndexedSource(source) && entry.key !== null)
        bySource[source] = this.deps.directory.matches(source, entry.key);
    }
    return callerFrom(order, bySource);
  }
}
