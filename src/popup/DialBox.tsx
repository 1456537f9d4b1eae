import { useState } from 'preact/hooks';
import { planDial } from '../shared/dial-rules.ts';
import { t } from '../shared/i18n.ts';
import type { Settings } from '../shared/settings.ts';
import { placeCall } from './place-call.ts';
import { ResultMessage, type Result } from './ResultMessage.tsx';

/** Type a number, see exactly what will be dialled, press Call or Enter. */
export function DialBox({ settings }: { settings: Settings }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<Result>(null);
  const [busy, setBusy] = useState(false);
  const plan = text.trim() === '' ? null : planDial(text, settings, { allowInternal: true });

  const call = async (e: Event) => {
    e.preventDefault();
    if (!plan) return;
    if (plan.ok) {
      setBusy(true);
      setResult(null);
    }
    setResult(await placeCall(plan));
    setBusy(false);
  };

  return (
    <form class="dial" onSubmit={(e) => void call(e)} noValidate>
      <label for="dial-input" class="section-label">
        {t('dialLabel')}
      </label>
      <div class="dial-row">
        <input
          id="dial-input"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={text}
          placeholder={t('dialPlaceholder')}
          aria-invalid={plan && !plan.ok ? 'true' : 'false'}
          aria-describedby="dial-hint"
          onInput={(e) => {
            setText(e.currentTarget.value);
            setResult(null);
          }}
        />
        <button type="submit" class="primary" disabled={busy || !plan?.ok}>
          {t('call')}
        </button>
      </div>
      <p id="dial-hint" class={`hint${plan && !plan.ok ? ' error' : ''}`} aria-live="polite">
        {plan === null
          ? ' '
          : plan.ok
            ? t('dialWill', plan.kind === 'internal' ? `${plan.dial} (${t('dialInternal')})` : plan.dial)
            : t('errInvalidNumber')}
      </p>
      <ResultMessage result={result} />
    </form>
  );
}
