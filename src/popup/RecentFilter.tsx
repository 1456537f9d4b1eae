import { isIncoming } from '../shared/calls.ts';
import { t, type MessageKey } from '../shared/i18n.ts';
import type { RecentCall } from '../shared/storage/items.ts';

export const RECENT_FILTERS = ['all', 'missed', 'incoming', 'outgoing'] as const;
export type RecentFilterName = (typeof RECENT_FILTERS)[number];

const LABELS: Record<RecentFilterName, MessageKey> = {
  all: 'recentFilterAll',
  missed: 'recentFilterMissed',
  incoming: 'recentFilterIncoming',
  outgoing: 'recentFilterOutgoing',
};

/** Missed by the reducer's rule; entries of versions before it knew the rule: an incoming call nobody answered. */
export function isMissedEntry(c: RecentCall): boolean {
  return c.missed ?? (!c.answered && isIncoming(c.direction));
}

export function matchesFilter(c: RecentCall, filter: RecentFilterName): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'missed':
      return isMissedEntry(c);
    case 'incoming':
      return isIncoming(c.direction);
    case 'outgoing':
      return !isIncoming(c.direction);
  }
}

/** A radio group: arrow keys move between the choices and pick one, Tab leaves the group (the browser's own). */
export function RecentFilter({
  value,
  onChange,
}: {
  value: RecentFilterName;
  onChange: (filter: RecentFilterName) => void;
}) {
  return (
    <fieldset class="filter">
      <legend class="visually-hidden">{t('recentFilter')}</legend>
      {RECENT_FILTERS.map((name) => (
        <label key={name} class={name === value ? 'selected' : ''}>
          <input
            type="radio"
            name="recent-filter"
            value={name}
            checked={name === value}
            onChange={() => onChange(name)}
          />
          <span>{t(LABELS[name])}</span>
        </label>
      ))}
    </fieldset>
  );
}
