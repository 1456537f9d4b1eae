import browser from 'webextension-polyfill';
import { t } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';
import type { ConnectionStatus } from '../shared/status.ts';
import { reasonText, stateLabel } from '../shared/status-text.ts';

/** The connection in one line; with a problem, the human reason, a retry and the way to the settings. */
export function StatusLine({ status }: { status: ConnectionStatus }) {
  const busy = status.state === 'connecting' || status.state === 'authenticating';
  const problem = status.state !== 'connected' && !busy;
  return (
    <section class={`status status-${status.state}`} role="status" aria-live="polite">
      <div class="status-row">
        <span class="dot" aria-hidden="true" />
        <strong>{stateLabel(status)}</strong>
      </div>
      {status.reason && <p class="reason">{reasonText(status)}</p>}
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
