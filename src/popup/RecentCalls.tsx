import { useEffect, useState } from 'preact/hooks';
import { duration } from './format.ts';
import { isAnonymousNumber, isIncoming, REASON_ANSWERED_ELSEWHERE, sameReason } from '../shared/calls.ts';
import { plural, t } from '../shared/i18n.ts';
import { planDial } from '../shared/dial-rules.ts';
import { shownNumber } from '../shared/phone-format.ts';
import type { Settings } from '../shared/settings.ts';
import { placeCall } from './place-call.ts';
import { Bdi } from '../shared/Bdi.tsx';
import { ResultMessage, type Result } from './ResultMessage.tsx';
import { NameNumber } from './NameNumber.tsx';
import { isMissedEntry, matchesFilter, RecentFilter, type RecentFilterName } from './RecentFilter.tsx';
import { extensionStorage } from '../shared/storage/extension-storage.ts';
import { ITEMS, type RecentCall } from '../shared/storage/items.ts';

function useRecent(): RecentCall[] {
  const [list, setList] = useState<RecentCall[]>([]);
  useEffect(() => {
    const storage = extensionStorage();
    void storage.get(ITEMS.recentCalls).then(setList);
    return storage.watch(ITEMS.recentCalls, setList);
  }, []);
  return list;
}

/** What an unanswered call's line says: missed, answered by a colleague, or just not answered. */
function outcome(c: RecentCall): string {
  if (c.answered) return duration(c.durationMs);
  if (isMissedEntry(c)) return t('recentMissed');
  return t(sameReason(c.reason, REASON_ANSWERED_ELSEWHERE) ? 'recentAnsweredElsewhere' : 'recentNotAnswered');
}

/** The last 50 calls, newest first, each with a call-back button; a filter shows one kind. */
export function RecentCalls({ settings }: { settings: Settings }) {
  const all = useRecent();
  const [filter, setFilter] = useState<RecentFilterName>('all');
  const list = all.filter((c) => matchesFilter(c, filter));
  const [result, setResult] = useState<Result>(null);
  const country = settings.defaultCountry;
  const callBack = async (number: string) =>
    setResult(await placeCall(planDial(number, settings, { allowInternal: true })));
  const time = new Intl.DateTimeFormat(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    day: 'numeric',
    month: 'numeric',
  });
  return (
    <section class="recent" aria-labelledby="recent-heading">
      <div class="section-head">
        <h2 id="recent-heading">{t('recentCalls')}</h2>
        {all.length > 0 && (
          <button type="button" class="link" onClick={() => void extensionStorage().remove(ITEMS.recentCalls)}>
            {t('recentClear')}
          </button>
        )}
      </div>
      {all.length > 0 && <RecentFilter value={filter} onChange={setFilter} />}
      {list.length === 0 ? (
        <p class="empty">{t(all.length === 0 ? 'recentNone' : 'recentFilterNone')}</p>
      ) : (
        <>
          <p class="visually-hidden">{plural('recentCount', list.length)}</p>
          {/* A table, not a list: the popup's only list is the active calls (a contract for outside tests). */}
          <table class="recent-list">
            <tbody>
              {list.map((c) => {
                const number = shownNumber(c.number, country);
                const missed = isMissedEntry(c);
                return (
                  <tr key={c.uniqueId} class={missed ? 'missed' : ''}>
                    <td class="dir" aria-label={t(isIncoming(c.direction) ? 'directionIncoming' : 'directionOutgoing')}>
                      {isIncoming(c.direction) ? '↙' : '↗'}
                    </td>
                    <td class="recent-number">
                      {c.name && <bdi class="recent-name">{c.name}</bdi>}
                      <Bdi>{number}</Bdi>
                    </td>
                    <td class="recent-meta">
                      {time.format(c.startedAt)} · {outcome(c)}
                    </td>
                    <td>
                      {/* An anonymous caller cannot be called back. */}
                      {!isAnonymousNumber(c.number) && <NameNumber number={c.number} shown={number} current={c.name} />}
                      {!isAnonymousNumber(c.number) && (
                        <button
                          type="button"
                          class="icon"
                          aria-label={t('recentCallBack', number)}
                          title={t('recentCallBack', number)}
                          onClick={() => void callBack(c.number)}
                        >
                          ☎
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <ResultMessage result={result} />
        </>
      )}
    </section>
  );
}
