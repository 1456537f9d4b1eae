/**
 * The dial box's popup: a listbox of contacts (name, company, the number that will be dialled), in the ARIA 1.2
 * combobox pattern: focus stays in the input, the active option is named by aria-activedescendant, a click dials.
 * Names are text, each in its own bidi isolate; the number is left-to-right.
 */
import './caller.css';
import type { ContactSuggestion } from '../shared/contacts-status.ts';
import { t } from '../shared/i18n.ts';
import { formatNumber } from '../shared/phone-format.ts';

export const LISTBOX_ID = 'dial-suggestions';

export function optionId(index: number): string {
  return `${LISTBOX_ID}-${index}`;
}

export function Suggestions(props: {
  items: ContactSuggestion[];
  active: number;
  country: string;
  onPick: (item: ContactSuggestion) => void;
}) {
  return (
    <div id={LISTBOX_ID} role="listbox" class="suggestions" aria-label={t('dialSuggestions')}>
      {props.items.map((item, i) => (
        // biome-ignore lint/a11y/useFocusableInteractive: combobox options are never focused: the input keeps the focus and names the active one (aria-activedescendant)
        // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the combobox input's (arrows, Enter, Escape), as the ARIA pattern has them
        <div
          key={`${item.number}:${item.name}`}
          id={optionId(i)}
          role="option"
          aria-selected={i === props.active ? 'true' : 'false'}
          class={i === props.active ? 'suggestion active' : 'suggestion'}
          // Keeps the focus in the input (the combobox pattern); the click then dials.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => props.onPick(item)}
        >
          <bdi class="suggestion-name">{item.name}</bdi>
          {item.company && <bdi class="suggestion-company">{item.company}</bdi>}
          <span class="suggestion-number" dir="ltr">
            {formatNumber(item.number, props.country)}
          </span>
        </div>
      ))}
    </div>
  );
}
