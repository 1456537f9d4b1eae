/**
 * The options page's "Caller names" section: where names come from (the user's own names, the CRM lookup, the
 * iPBX's contact list, an imported file), each switched on or off, in which order they win, and the state of each:
 * counts, dates, the last failure in words. The CRM lookup's own settings are in CallerLookupSection.tsx.
 */
import { Field } from './Field.tsx';
import { ImportContacts } from './ImportContacts.tsx';
import { LockNote, type SectionProps } from './sections.tsx';
import { countText, dateText, failureText } from './source-text.ts';
import { useContactsStatus } from './use-contacts-status.ts';
import { useState } from 'preact/hooks';
import type { ContactSource } from '../shared/contact-record.ts';
import { plural, t, type MessageKey } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';

export const SOURCE_NAMES: Record<ContactSource, MessageKey> = {
  user: 'contactsSourceUser',
  crm: 'contactsSourceCrm',
  ipbx: 'contactsSourceIpbx',
  file: 'contactsSourceFile',
};

function PriorityList(props: {
  order: ContactSource[];
  disabled: boolean;
  onChange: (order: ContactSource[]) => void;
}) {
  const move = (from: number, to: number) => {
    const next = [...props.order];
    const [item] = next.splice(from, 1);
    if (item === undefined) return;
    next.splice(to, 0, item);
    props.onChange(next);
  };
  return (
    <ol class="priority" aria-labelledby="priority-label">
      {props.order.map((source, i) => (
        <li key={source}>
          <span>{t(SOURCE_NAMES[source])}</span>
          <button
            type="button"
            class="small"
            disabled={props.disabled || i === 0}
            aria-label={t('contactsMoveUp', t(SOURCE_NAMES[source]))}
            onClick={() => move(i, i - 1)}
          >
            ↑
          </button>
          <button
            type="button"
            class="small"
            disabled={props.disabled || i === props.order.length - 1}
            aria-label={t('contactsMoveDown', t(SOURCE_NAMES[source]))}
            onClick={() => move(i, i + 1)}
          >
            ↓
          </button>
        </li>
      ))}
    </ol>
  );
}

export function ContactsSection({ form, set, locked, error }: SectionProps) {
  const contacts = form.contacts;
  const [status, setStatus, reload] = useContactsStatus();
  const [refreshing, setRefreshing] = useState(false);
  const update = (patch: Partial<typeof contacts>) => set('contacts', { ...contacts, ...patch });
  const urlLocked = locked.includes('contacts.ipbxUrl');
  const sourcesLocked = locked.includes('contacts.sources');
  const orderLocked = locked.includes('contacts.order');
  const ipbx = status?.ipbx;
  const ipbxFailure = failureText(ipbx?.lastAttempt);
  const refresh = async () => {
    setRefreshing(true);
    const reply = await request('contactsRefresh', null);
    setRefreshing(false);
    if (reply.ok) setStatus(reply.value);
    else reload();
  };
  return (
    <fieldset class="contacts">
      <legend>{t('contactsTitle')}</legend>
      <p class="hint">{t('contactsHint')}</p>

      <h3>{t('contactsSources')}</h3>
      <div class="sources">
        {(['user', 'crm', 'ipbx', 'file'] as const).map((source) => (
          <label class="inline" key={source}>
            <input
              type="checkbox"
              checked={contacts.sources[source]}
              disabled={sourcesLocked}
              onChange={(e) => update({ sources: { ...contacts.sources, [source]: e.currentTarget.checked } })}
            />
            {t(SOURCE_NAMES[source])}
          </label>
        ))}
      </div>
      <LockNote show={sourcesLocked} />
      <p class="label" id="priority-label">
        {t('contactsPriority')}
      </p>
      <p class="hint">{t('contactsPriorityHint')}</p>
      <PriorityList order={contacts.order} disabled={orderLocked} onChange={(order) => update({ order })} />
      <LockNote show={orderLocked} />

      <h3>{t('contactsSourceIpbx')}</h3>
      <Field
        id="contactsIpbxUrl"
        label={t('contactsIpbxUrl')}
        error={error('contacts')}
        hint={t('contactsIpbxUrlHint')}
      >
        <input
          id="contactsIpbxUrl"
          type="url"
          value={contacts.ipbxUrl}
          disabled={urlLocked}
          placeholder="https://pbx.example.com/api/contacts"
          onInput={(e) => update({ ipbxUrl: e.currentTarget.value })}
        />
      </Field>
      <LockNote show={urlLocked} />
      <div aria-live="polite" class="source-state" data-testid="ipbx-state">
        {ipbx && ipbx.count > 0 && ipbx.updatedAt !== undefined && (
          <p class="hint">{t('contactsIpbxState', countText(ipbx.count), dateText(ipbx.updatedAt))}</p>
        )}
        {ipbx?.lastAttempt && !ipbxFailure && (
          <p class="hint">{t('contactsIpbxChecked', dateText(ipbx.lastAttempt.at))}</p>
        )}
        {ipbxFailure && <p class="field-error">{ipbxFailure}</p>}
      </div>
      <button type="button" disabled={refreshing || contacts.ipbxUrl === ''} onClick={() => void refresh()}>
        {refreshing ? t('contactsRefreshing') : t('contactsRefresh')}
      </button>

      <h3>{t('contactsSourceFile')}</h3>
      <ImportContacts status={status} country={form.defaultCountry} onStatus={setStatus} />

      <h3>{t('contactsSourceUser')}</h3>
      <p class="hint">{plural('contactsUserCount', status?.user.count ?? 0)}</p>
      {status && status.building.length > 0 && <p class="hint">{t('contactsIndexing')}</p>}
    </fieldset>
  );
}
