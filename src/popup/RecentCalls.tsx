import { useEffect, useState } from 'preact/hooks';
import { duration } from './format.ts';
import { isAnonymousNumber, isIncoming } from '../shared/calls.ts';
import { plural, t } from '../shared/i18n.ts';
import { planDial } from '../shared/dial-rules.ts';
import { shownNumber } from '../shared/phone-format.ts';
import type { Settings } from '../shared/settings.ts';
import { placeCall } from './place-call.ts';
import { Bdi } from '../shared/Bdi.tsx';
import { ResultMessage, type Result } from './ResultMessage.tsx';
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

/** The last 50 calls, newest first, each with a call-back button. */
export function RecentCalls({ settings }: { settings: Settings }) {
  const list = useRecent();
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
        {list.length > 0 && (
          <button type="button" class="link" onClick={() => void extensionStorage().remove(ITEMS.recentCalls)}>
            {t('recentClear')}
          </button>
        )}
      </div>
      {list.length === 0 ? (
        <p class="empty">{t('recentNone')}</p>
      ) : (
        <>
          <p class="visually-hidden">{plural('recentCount', list.length)}</p>
          {/* A table, not a list: the popup's only list is the active calls (a contract for outside tests). */}
          <table class="recent-list">
            <tbody>
              {list.map((c) => {
                const number = shownNumber(c.number, country);
                const missed = !c.answered && isIncoming(c.direction);
                return (
                  <tr key={c.uniqueId} class={missed ? 'missed' : ''}>
                    <td class="dir" aria-label={t(isIncoming(c.direction) ? 'directionIncoming' : 'directionOutgoing')}>
                      {isIncoming(c.direction) ? '↙' : '↗'}
                    </td>
                    <td class="recent-number">
                      <Bdi>{number}</Bdi>
                    </td>
                    <td class="recent-meta">
                      {time.format(c.startedAt)} · {c.answered ? duration(c.durationMs) : t('recentMissed')}
                    </td>
                    <td>
                      {/* An anonymous caller cannot be called back. */}
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
