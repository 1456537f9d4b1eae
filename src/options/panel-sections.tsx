/** The options of issue 17: what a ring does to the call window, and the page feed's origins (docs/page-feed.md). */
import { useEffect, useState } from 'preact/hooks';
import { Field } from './Field.tsx';
import { LockNote, type SectionProps } from './sections.tsx';
import { t } from '../shared/i18n.ts';
import { isFeedOrigin } from '../shared/page-feed.ts';
import { PANEL_ON_RINGING } from '../shared/storage/items.ts';

type PanelOnRinging = (typeof PANEL_ON_RINGING)[number];

function isPanelOnRinging(value: string): value is PanelOnRinging {
  return (PANEL_ON_RINGING as readonly string[]).includes(value);
}

export function CallWindowSection({ form, set }: SectionProps) {
  return (
    <fieldset>
      <legend>{t('optPanel')}</legend>
      <Field id="panelOnRinging" label={t('optPanelOnRinging')}>
        <select
          id="panelOnRinging"
          value={form.panelOnRinging}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (isPanelOnRinging(value)) set('panelOnRinging', value);
          }}
        >
          <option value="none">{t('optPanelOnRingingNone')}</option>
          <option value="window">{t('optPanelOnRingingWindow')}</option>
        </select>
      </Field>
    </fieldset>
  );
}

function originLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export function PageFeedSection({ form, set, locked, error }: SectionProps) {
  const lock = locked.includes('pageFeed.origins');
  const origins = form.pageFeed.origins;
  // The text as typed (an empty line while typing the next origin stays); the list is what it means.
  const [text, setText] = useState(origins.join('\n'));
  const joined = origins.join('\n');
  useEffect(() => {
    if (originLines(text).join('\n') !== joined) setText(joined);
  }, [joined]);
  const bad = origins.filter((o) => !isFeedOrigin(o));
  const problem = error('pageFeed');
  return (
    <fieldset>
      <legend>{t('optPageFeed')}</legend>
      <Field
        id="feedOrigins"
        label={t('optFeedOrigins')}
        hint={t('optFeedOriginsHint')}
        error={problem && bad.length > 0 ? `${problem} ${t('optFeedBadEntry', bad.join(', '))}` : problem}
      >
        <textarea
          id="feedOrigins"
          rows={3}
          value={text}
          disabled={lock}
          placeholder={'https://crm.example.com\nhttp://intranet.example.org:8080'}
          aria-invalid={problem ? 'true' : 'false'}
          aria-describedby={problem ? 'feedOrigins-error' : 'feedOrigins-hint'}
          onInput={(e) => {
            setText(e.currentTarget.value);
            set('pageFeed', { origins: originLines(e.currentTarget.value) });
          }}
        />
      </Field>
      <LockNote show={lock} />
    </fieldset>
  );
}
