import browser from 'webextension-polyfill';
import { useState } from 'preact/hooks';
import { useNow, useSnapshot } from '../shared/use-snapshot.ts';
import { isIncoming, isInternal, remoteNumber, type Call } from '../shared/calls.ts';
import { t, type MessageKey } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';
import { formatNumber } from '../shared/phone-format.ts';
import type { ConnectionStatus } from '../shared/status.ts';
import { reasonText, stateLabel } from '../shared/status-text.ts';

function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

function StatusLine({ status }: { status: ConnectionStatus }) {
  const problem = status.state !== 'connected' && status.state !== 'connecting' && status.state !== 'authenticating';
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

function directionKey(call: Call): MessageKey {
  if (isInternal(call.direction)) return 'directionInternal';
  return isIncoming(call.direction) ? 'directionIncoming' : 'directionOutgoing';
}

function CallItem({ call, now, country }: { call: Call; now: number; country: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const number = formatNumber(remoteNumber(call), country);
  const hangUp = async () => {
    setBusy(true);
    setError(null);
    const reply = await request('hangup', { uniqueId: call.uniqueId });
    setBusy(false);
    if (!reply.ok) setError(reply.error.message);
  };
  return (
    <li class={`call call-${call.state}`}>
      <div class="call-main">
        <span class="number">{number}</span>
        <span class="timer" aria-label={t('callDuration')}>
          {duration(now - (call.answeredAt ?? call.startedAt))}
        </span>
      </div>
      <div class="call-meta">
        <span>{t(directionKey(call))}</span>
        <span>{t(call.state === 'ringing' ? 'callRinging' : 'callAnswered')}</span>
        {call.line && <span>{t('notifLine', call.line)}</span>}
        {call.queue && <span>{t('notifQueue', call.queue)}</span>}
      </div>
      <div class="actions">
        <button type="button" class="danger" disabled={busy} onClick={() => void hangUp()}>
          {t('hangUp')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function App() {
  const snapshot = useSnapshot();
  const now = useNow((snapshot?.calls.length ?? 0) > 0);
  if (!snapshot) return <main class="loading">{t('stateConnecting')}</main>;
  const country = 'CZ';
  return (
    <main>
      <StatusLine status={snapshot.status} />
      <section aria-labelledby="calls-heading">
        <h2 id="calls-heading">{t('activeCalls')}</h2>
        {snapshot.calls.length === 0 ? (
          <p class="empty">{t('noActiveCalls')}</p>
        ) : (
          <ul class="calls" role="list">
            {snapshot.calls.map((c) => (
              <CallItem key={c.uniqueId} call={c} now={now} country={country} />
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
