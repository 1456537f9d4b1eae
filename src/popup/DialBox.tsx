import { useState } from 'preact/hooks';
import type { ContactSuggestion } from '../shared/contacts-status.ts';
import { planDial } from '../shared/dial-rules.ts';
import { plural, t } from '../shared/i18n.ts';
import type { Settings } from '../shared/settings.ts';
import { placeCall } from './place-call.ts';
import { ResultMessage, type Result } from './ResultMessage.tsx';
import { LISTBOX_ID, optionId, Suggestions } from './Suggestions.tsx';
import { useContactSearch } from './use-contact-search.ts';

/** Words were typed (not a number): the first suggestion is the one Enter dials, and it is shown active. */
const HAS_LETTERS = /\p{L}/u;

/**
 * Type a number, see exactly what will be dialled, press Call or Enter. Typing a name (or part of a number) suggests
 * contacts: an ARIA 1.2 combobox whose listbox pops up under the input; arrows move, Enter or a click dials the
 * number shown, Escape closes it.
 */
export function DialBox({ settings }: { settings: Settings }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<Result>(null);
  const [busy, setBusy] = useState(false);
  const [moved, setMoved] = useState<number | null>(null);
  const [closedFor, setClosedFor] = useState<string | null>(null);
  const found = useContactSearch(text);
  const open = found.length > 0 && closedFor !== text;
  const active = !open ? -1 : (moved ?? (HAS_LETTERS.test(text) ? 0 : -1));
  const chosen = found[active];
  const plan = chosen
    ? planDial(chosen.number, settings, { allowInternal: true })
    : text.trim() === ''
      ? null
      : planDial(text, settings, { allowInternal: true });

  const dial = async () => {
    if (!plan) return;
    if (chosen) {
      setClosedFor(text);
      setMoved(null);
    }
    if (plan.ok) {
      setBusy(true);
      setResult(null);
    }
    setResult(await placeCall(plan));
    setBusy(false);
  };
  const pick = (item: ContactSuggestion) => {
    const picked = planDial(item.number, settings, { allowInternal: true });
    setClosedFor(text);
    setMoved(null);
    setBusy(picked.ok);
    void placeCall(picked).then((r) => {
      setResult(r);
      setBusy(false);
    });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const n = found.length;
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && n > 0) {
      e.preventDefault();
      setClosedFor(null);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      // From nothing active, down goes to the first and up to the last.
      setMoved(!open || active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setClosedFor(text);
      setMoved(null);
    }
  };

  return (
    <form
      class="dial"
      onSubmit={(e) => {
        e.preventDefault();
        void dial();
      }}
      noValidate
    >
      <label for="dial-input" class="section-label">
        {t('dialLabel')}
      </label>
      <div class="dial-row">
        <input
          id="dial-input"
          // A text input (not type="tel"): names are typed here too, and only a text input may be a combobox.
          autoComplete="off"
          spellcheck={false}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open ? 'true' : 'false'}
          aria-controls={LISTBOX_ID}
          aria-activedescendant={chosen ? optionId(active) : undefined}
          value={text}
          placeholder={t('dialPlaceholder')}
          aria-invalid={plan && !plan.ok ? 'true' : 'false'}
          aria-describedby="dial-hint"
          onKeyDown={onKeyDown}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setMoved(null);
            setClosedFor(null);
            setResult(null);
          }}
        />
        <button type="submit" class="primary" disabled={busy || !plan?.ok}>
          {t('call')}
        </button>
      </div>
      {open && <Suggestions items={found} active={active} country={settings.defaultCountry} onPick={pick} />}
      <p id="dial-hint" class={`hint${plan && !plan.ok ? ' error' : ''}`} aria-live="polite">
        {plan === null
          ? ' '
          : plan.ok
            ? chosen
              ? t('dialWillContact', plan.dial, chosen.name)
              : t('dialWill', plan.kind === 'internal' ? `${plan.dial} (${t('dialInternal')})` : plan.dial)
            : t('errInvalidNumber')}
      </p>
      <p class="visually-hidden" aria-live="polite">
        {open ? plural('dialSuggestionCount', found.length) : ''}
      </p>
      <ResultMessage result={result} />
    </form>
  );
}
