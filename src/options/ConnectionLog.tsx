/**
 * The options page's "Connection log" (issue 15 §4): the last frames in and out, status changes and sign-in attempts,
 * newest first, as the background keeps them (already redacted). The page opens the log's port only while the section
 * is open, so a closed section costs nothing; "Pause updates" holds new entries back for reading.
 * Copy and Download give the same JSON, for a support request.
 */
import browser from 'webextension-polyfill';
import { useEffect, useRef, useState } from 'preact/hooks';
import './connection.css';
import {
  CONNECTION_LOG_PORT,
  LOG_ENTRY_KINDS,
  MAX_LOG_ENTRIES,
  type LogEntry,
  type LogEntryKind,
  type LogPortMessage,
} from '../shared/connection-log.ts';
import { errorMessage } from '../shared/errors.ts';
import { t, type MessageKey } from '../shared/i18n.ts';

const KIND_LABEL: Record<LogEntryKind, MessageKey> = {
  in: 'logKindIn',
  out: 'logKindOut',
  status: 'logKindStatus',
  'sign-in': 'logKindSignIn',
};

const field = (value: object, key: string): unknown => Reflect.get(value, key);

function isEntry(value: unknown): value is LogEntry {
  if (typeof value !== 'object' || value === null) return false;
  const kind = field(value, 'kind');
  return (
    typeof field(value, 'seq') === 'number' &&
    typeof field(value, 'at') === 'number' &&
    typeof field(value, 'text') === 'string' &&
    LOG_ENTRY_KINDS.some((k) => k === kind)
  );
}

function isPortMessage(value: unknown): value is LogPortMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = field(value, 'type');
  const entries = field(value, 'entries');
  return (type === 'all' || type === 'added') && Array.isArray(entries) && entries.every(isEntry);
}

/** Entries oldest first, newer ones appended once, at most the newest MAX_LOG_ENTRIES. */
function merged(current: LogEntry[], message: LogPortMessage): LogEntry[] {
  if (message.type === 'all') return message.entries.slice(-MAX_LOG_ENTRIES);
  const last = current.at(-1)?.seq ?? 0;
  return [...current, ...message.entries.filter((e) => e.seq > last)].slice(-MAX_LOG_ENTRIES);
}

const TIME = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hour12: false,
});

/** The log as a support request carries it: newest first, with times in ISO 8601. */
export function logDocument(entries: readonly LogEntry[], version: string): string {
  const list = [...entries].reverse().map((e) => ({ ...e, time: new Date(e.at).toISOString() }));
  return JSON.stringify({ exportedAt: new Date().toISOString(), version, entries: list }, null, 2);
}

/** Watches the log while `open`: the whole log first, then what is added; reopens after a worker restart. */
function useLog(open: boolean, paused: boolean): LogEntry[] {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const held = useRef<LogPortMessage[]>([]);
  const pausedNow = useRef(paused);
  pausedNow.current = paused;
  useEffect(() => {
    if (!paused && held.current.length > 0) {
      const waiting = held.current.splice(0);
      setEntries((current) => waiting.reduce(merged, current));
    }
  }, [paused]);
  useEffect(() => {
    if (!open) return;
    let port: ReturnType<typeof browser.runtime.connect> | null = null;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      port = browser.runtime.connect({ name: CONNECTION_LOG_PORT });
      port.onMessage.addListener((message: unknown) => {
        if (!isPortMessage(message)) return;
        if (pausedNow.current && message.type === 'added') held.current.push(message);
        else setEntries((current) => merged(current, message));
      });
      port.onDisconnect.addListener(() => {
        if (!closed) retry = setTimeout(connect, 500);
      });
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      port?.disconnect();
    };
  }, [open]);
  return entries;
}

export function ConnectionLog() {
  const [open, setOpen] = useState(false);
  const [paused, setPaused] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const entries = useLog(open, paused);
  const newestFirst = [...entries].reverse();
  const document_ = () => logDocument(entries, browser.runtime.getManifest().version);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(document_());
      setMessage({ ok: true, text: t('logCopied', String(entries.length)) });
    } catch (e) {
      setMessage({ ok: false, text: t('logCopyFailed', errorMessage(e)) });
    }
  };
  const download = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([document_()], { type: 'application/json' }));
    a.download = `ipbx-connection-log-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
    setMessage({ ok: true, text: t('logDownloaded', String(entries.length)) });
  };

  return (
    <section class="connection-log" aria-labelledby="log-heading">
      <h2 id="log-heading">{t('logTitle')}</h2>
      <p class="hint">{t('logHint')}</p>
      <button
        type="button"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls="log-body"
        onClick={() => {
          setOpen(!open);
          setMessage(null);
        }}
      >
        {t(open ? 'logHide' : 'logShow')}
      </button>
      {open && (
        <div id="log-body">
          <div class="log-tools">
            <button type="button" aria-pressed={paused ? 'true' : 'false'} onClick={() => setPaused(!paused)}>
              {t('logPause')}
            </button>
            <button type="button" onClick={() => void copy()} disabled={entries.length === 0}>
              {t('logCopy')}
            </button>
            <button type="button" onClick={download} disabled={entries.length === 0}>
              {t('logDownload')}
            </button>
            <span class="hint">{paused ? t('logPaused') : t('logCount', String(entries.length))}</span>
          </div>
          {/* Only the result of what the user did is announced, never the stream of entries. */}
          <p class={message?.ok === false ? 'field-error' : 'ok'} role="status">
            {message?.text ?? ''}
          </p>
          {entries.length === 0 ? (
            <p class="hint">{t('logEmpty')}</p>
          ) : (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll
            <section class="log-scroll" aria-labelledby="log-heading" tabIndex={0}>
              <table>
                <caption class="visually-hidden">{t('logCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('logColTime')}</th>
                    <th scope="col">{t('logColKind')}</th>
                    <th scope="col">{t('logColText')}</th>
                  </tr>
                </thead>
                <tbody>
                  {newestFirst.map((e) => (
                    <tr key={e.seq} class={`log-${e.kind}`}>
                      <td>
                        <time dateTime={new Date(e.at).toISOString()}>{TIME.format(e.at)}</time>
                      </td>
                      <td>
                        {t(KIND_LABEL[e.kind])}
                        {e.dialect && <span class="hint"> {e.dialect}</span>}
                      </td>
                      <td>
                        <code>{e.text}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </div>
      )}
    </section>
  );
}
