import { useEffect, useRef, useState } from 'preact/hooks';
import { CallItem } from './CallItem.tsx';
import { DialBox } from './DialBox.tsx';
import { PanelButtons } from './PanelButtons.tsx';
import { usePanelPresence } from './panel-presence.ts';
import { QueueStatus } from './QueueStatus.tsx';
import { useHeldRecords } from './OpenRecord.tsx';
import { RecentCalls } from './RecentCalls.tsx';
import { SiteSwitch } from './SiteSwitch.tsx';
import { StatusLine } from './StatusLine.tsx';
import type { PanelView } from './view.ts';
import { CALLS_DRAWN_AT_FIRST, visibleCalls } from './visible-calls.ts';
import { plural, t } from '../shared/i18n.ts';
import { useSettings } from '../shared/use-settings.ts';
import { useSnapshot } from '../shared/use-snapshot.ts';

/**
 * The call panel. The same page is the toolbar popup, the call window and the side panel (`view`); in a window or
 * side panel wide enough, calls, queues and recent calls stand side by side (popup.css).
 */
export function App({ view = 'popup' }: { view?: PanelView }) {
  const snapshot = useSnapshot();
  usePanelPresence(view);
  const heldRecords = useHeldRecords();
  const effective = useSettings();
  const [showAll, setShowAll] = useState(false);
  const list = useRef<HTMLUListElement>(null);
  // The button goes once the rest is shown: keyboard focus moves on to the first call it showed, not to the page.
  useEffect(() => {
    if (showAll) list.current?.children[CALLS_DRAWN_AT_FIRST]?.querySelector('button')?.focus();
  }, [showAll]);
  if (!snapshot || !effective) return <main class="loading">{t('stateConnecting')}</main>;
  const { settings, locked } = effective;
  const consultIds = new Set(
    snapshot.consultations.map((c) => c.consultId).filter((id): id is string => id !== undefined),
  );
  const pinned = new Set([...consultIds, ...snapshot.consultations.map((c) => c.uniqueId)]);
  const { shown, hidden } = visibleCalls(snapshot.calls, showAll ? Infinity : CALLS_DRAWN_AT_FIRST, pinned);
  return (
    <main class={`panel panel-${view}`}>
      <StatusLine status={snapshot.status} notPlaced={snapshot.callNotPlaced} country={settings.defaultCountry} />
      {view === 'popup' && <PanelButtons />}
      <QueueStatus agents={snapshot.agents} />
      <section class="active" aria-labelledby="calls-heading">
        <h2 id="calls-heading">
          {t('activeCalls')}
          {snapshot.calls.length > 0 && <span class="count"> · {plural('callsCount', snapshot.calls.length)}</span>}
        </h2>
        {snapshot.calls.length === 0 ? (
          <p class="empty">{t('noActiveCalls')}</p>
        ) : (
          <ul class="calls" ref={list}>
            {shown.map((c) => (
              <CallItem
                key={c.uniqueId}
                call={c}
                country={settings.defaultCountry}
                consultation={snapshot.consultations.find((x) => x.uniqueId === c.uniqueId)}
                isConsultCall={consultIds.has(c.uniqueId)}
                caller={snapshot.callers?.[c.uniqueId]}
                heldRecord={heldRecords.has(c.uniqueId)}
              />
            ))}
          </ul>
        )}
        {hidden > 0 && (
          <button type="button" class="link more-calls" onClick={() => setShowAll(true)}>
            {plural('moreCalls', hidden)}
          </button>
        )}
      </section>
      <DialBox settings={settings} />
      <RecentCalls settings={settings} />
      {/* The switch is about the tab the popup was opened on; a window or side panel has no such tab. */}
      {view === 'popup' && <SiteSwitch settings={settings} locked={locked.includes('disabledSites')} />}
    </main>
  );
}
