/**
 * "Name this number" in recent calls: a small dialog that stores a name for the number in this browser (the user's
 * own names, the first source of caller names by default). An empty name removes it. The name is kept by the
 * background; the recent calls and any ringing call from that number show it at once.
 */
import './caller.css';
import { useRef, useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';

export function NameNumber(props: { number: string; shown: string; current: string | undefined }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(props.current ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `name-${props.number.replace(/\W/g, '_')}`;
  const openDialog = () => {
    setName(props.current ?? '');
    setError(null);
    dialog.current?.showModal();
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const reply = await request('nameNumber', { number: props.number, name: name.trim() });
    setBusy(false);
    if (reply.ok) dialog.current?.close();
    else setError(reply.error.message);
  };
  return (
    <>
      <button
        type="button"
        class="icon"
        aria-label={t('recentNameNumber', props.shown)}
        title={t('recentNameNumber', props.shown)}
        onClick={openDialog}
      >
        ✎
      </button>
      <dialog ref={dialog} class="name-dialog" aria-labelledby={`${id}-title`}>
        <form onSubmit={(e) => void save(e)}>
          <p id={`${id}-title`} class="section-label">
            {t('recentNameTitle')}
          </p>
          <label for={id}>{t('recentNameLabel', props.shown)}</label>
          <input id={id} value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
          <p class="hint">{t('recentNameHint')}</p>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {t('recentNameSave')}
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              {t('transferCancelForm')}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
