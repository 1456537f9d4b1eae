/**
 * The confirm page, in a small window of our own that no web page can draw on: a call a page asked for and that needs
 * the user's yes (kind "confirm": Cancel has the focus, Call works only after ARM_MS, so a click meant for the page
 * that was still on its way cannot land on it), or a call under way that the user may cancel (kind "announce": Firefox,
 * whose notifications have no buttons). It shows the number as dialled, its type and the site that asked.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Bdi, WithNumber } from '../shared/Bdi.tsx';
import type { GuardView } from '../shared/call-guard.ts';
import { t } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';

/** Call is disabled this long after the window shows up. */
export const ARM_MS = 800;

type State = { view: GuardView } | { error: string } | null;

export function Confirm({ id, close, now = Date.now }: { id: string; close: () => void; now?: () => number }) {
  const [state, setState] = useState<State>(null);
  const [armed, setArmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [left, setLeft] = useState<number | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void request('guardDetails', { id }).then((reply) =>
      setState(reply.ok ? { view: reply.value } : { error: reply.error.message }),
    );
    const timer = setTimeout(() => setArmed(true), ARM_MS);
    return () => clearTimeout(timer);
  }, [id]);

  const view = state && 'view' in state ? state.view : null;
  useEffect(() => {
    if (view) cancelButton.current?.focus();
    const expiresAt = view?.expiresAt;
    if (expiresAt == null) return undefined;
    const tick = () => {
      const s = Math.max(0, Math.ceil((expiresAt - now()) / 1000));
      setLeft(s);
      if (s === 0) setState({ error: t('errGuardExpired') });
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [view, now]);

  const answer = async (call: boolean) => {
    setBusy(true);
    const reply = await request('guardAnswer', { id, call });
    if (!reply.ok) {
      setBusy(false);
      setState({ error: reply.error.message });
      return;
    }
    close();
  };

  if (state === null) return <main class="loading">{t('confirmLoading')}</main>;
  if (!view) {
    return (
      <main>
        <p class="error" role="alert">
          {'error' in state ? state.error : ''}
        </p>
        <div class="actions">
          <button type="button" onClick={close}>
            {t('ctcClose')}
          </button>
        </div>
      </main>
    );
  }
  const confirm = view.kind === 'confirm';
  return (
    <main>
      <h1>
        <WithNumber message={confirm ? 'guardConfirmTitle' : 'guardCalling'} number={view.number} />
      </h1>
      <dl>
        <dt>{t('confirmDials')}</dt>
        <dd>
          <Bdi class="dial">{view.dial}</Bdi>
        </dd>
        <dt>{t('confirmType')}</dt>
        <dd>{view.type}</dd>
        <dt>{t('confirmOrigin')}</dt>
        <dd>
          <Bdi>{view.origin}</Bdi>
        </dd>
      </dl>
      {view.reasons.length > 0 && (
        <section aria-labelledby="why">
          <h2 id="why">{t('confirmWhy')}</h2>
          <ul>
            {view.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </section>
      )}
      {confirm && left !== null && <p class="expires">{t('confirmExpires', String(left))}</p>}
      {busy && !confirm && <p role="status">{t('confirmCancelling')}</p>}
      <div class="actions">
        <button
          type="button"
          ref={cancelButton}
          class={confirm ? '' : 'danger'}
          disabled={busy}
          onClick={() => void answer(false)}
        >
          {confirm ? t('guardCancel') : t('guardCancelCall')}
        </button>
        {confirm ? (
          <button type="button" class="primary" disabled={busy || !armed} onClick={() => void answer(true)}>
            {t('guardCall')}
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={close}>
            {t('ctcClose')}
          </button>
        )}
      </div>
    </main>
  );
}
