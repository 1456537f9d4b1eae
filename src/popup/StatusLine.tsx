import browser from 'webextension-polyfill';
import { t } from '../shared/i18n.ts';
import { request, type CallNotPlaced } from '../shared/messages.ts';
import { shownNumber } from '../shared/phone-format.ts';
import type { ConnectionStatus } from '../shared/status.ts';
import { reasonText, stateLabel } from '../shared/status-text.ts';

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * The connection in one line; with a problem, the human reason, a retry and the way to the settings; and a call that
 * was not placed for want of a connection (issue 15 §5).
 */
export function StatusLine({
  status,
  notPlaced,
  country,
}: {
  status: ConnectionStatus;
  notPlaced?: CallNotPlaced | undefined;
  country: string;
}) {
  const busy = status.state === 'connecting' || status.state === 'authenticating';
  const problem = status.state !== 'connected' && !busy;
  return (
    <section class={`status status-${status.state}`} role="status" aria-live="polite">
      <div class="status-row">
        <span class="dot" aria-hidden="true" />
        <strong>{stateLabel(status)}</strong>
      </div>
      {status.reason && <p class="reason">{reasonText(status)}</p>}
      {notPlaced && (
        <p class="reason not-placed">
          {t('callNotPlaced', shownNumber(notPlaced.to, country), TIME.format(notPlaced.at), notPlaced.text)}
        </p>
      )}
      {problem && (
        <div class="actions">
          {status.state !== 'misconfigured' && (
            <button type="button" onClick={() => void request('reconnect', null)}>
              {t('retry')}
            </button>
          )}
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('openSettings')}
          </button>
        </div>
      )}
    </section>
  );
}
