/**
 * "Test connection": connects with the saved settings and says how that attempt ended, and which dialect answered at
 * the URL; when the other dialect answered there, it offers to switch (issue 15 §3).
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import { request, type DialectAnswer } from '../shared/messages.ts';
import { reasonText, stateLabel } from '../shared/status-text.ts';
import type { TransportKind } from '../shared/transports.ts';

export function dialectName(dialect: TransportKind): string {
  return t(dialect === 'socket.io' ? 'optTransportSocketIo' : 'optTransportWebsocket');
}

type Result = { ok: boolean; text: string; offer?: DialectAnswer };

/** The sentence about dialects: connected over one, or which one answers, or none. */
function dialectVerdict(connected: boolean, configured: TransportKind, answered: DialectAnswer[]): Result {
  if (connected) return { ok: true, text: t('optDialectConnected', dialectName(configured)) };
  const other = answered.find((a) => a.dialect !== configured);
  if (answered.some((a) => a.dialect === configured) || (answered.length > 0 && !other)) {
    return { ok: false, text: t('optDialectAnswers', dialectName(configured)) };
  }
  if (other) return { ok: false, text: t('optDialectOther', dialectName(other.dialect), other.url), offer: other };
  return { ok: false, text: t('optDialectNone') };
}

export function TestConnection(props: {
  /** Unsaved changes: the test would not use them. */
  disabled: boolean;
  /** The dialect the saved settings use. */
  transport: TransportKind;
  /** Saves the dialect (and the URL it answered at); resolves with an error text, or null when saved. */
  onSwitch(answer: DialectAnswer): Promise<string | null>;
}) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [dialect, setDialect] = useState<Result | null>(null);
  // A change to the form makes the last result stale.
  useEffect(() => {
    if (props.disabled) {
      setResult(null);
      setDialect(null);
    }
  }, [props.disabled]);

  const run = async () => {
    setTesting(true);
    setDialect(null);
    setResult({ ok: true, text: t('optTesting') });
    const reply = await request('reconnect', null);
    if (!reply.ok) {
      setTesting(false);
      return setResult({ ok: false, text: reply.error.message });
    }
    const status = reply.value;
    const reason = reasonText(status);
    const connected = status.state === 'connected';
    setResult({ ok: connected, text: reason ? `${stateLabel(status)}: ${reason}` : stateLabel(status) });
    const probe = connected ? null : await request('probeDialects', null);
    setTesting(false);
    if (probe && !probe.ok) return setDialect({ ok: false, text: probe.error.message });
    setDialect(dialectVerdict(connected, props.transport, probe?.value.answered ?? []));
  };

  const switchTo = async (answer: DialectAnswer) => {
    const failure = await props.onSwitch(answer);
    setDialect({ ok: failure === null, text: failure ?? t('optDialectSwitched', dialectName(answer.dialect)) });
  };

  return (
    <>
      <button type="button" disabled={props.disabled || testing} onClick={() => void run()}>
        {t('optTest')}
      </button>
      {result && (
        <span class={result.ok ? 'ok' : 'field-error'} role="status" data-testid="test-result">
          {result.text}
        </span>
      )}
      {dialect && (
        <p class={`dialect ${dialect.ok ? 'ok' : 'hint'}`} role="status" data-testid="dialect-result">
          {dialect.text}
          {dialect.offer && (
            <button type="button" onClick={() => dialect.offer && void switchTo(dialect.offer)}>
              {t('optDialectUse', dialectName(dialect.offer.dialect))}
            </button>
          )}
        </p>
      )}
    </>
  );
}
