/**
 * The import's mapping step, when a file's headers are not recognised: the user says which column holds the name,
 * the company and the numbers, seeing the first rows. What could be recognised is chosen already.
 */
import { useState } from 'preact/hooks';
import type { ColumnMapping as Mapping, MappingRequest } from '../shared/contacts-import/types.ts';
import { t } from '../shared/i18n.ts';
import type { MessageKey } from '../shared/i18n.ts';

type Field = 'name' | 'first' | 'last' | 'company';
const FIELDS: { field: Field; label: MessageKey }[] = [
  { field: 'name', label: 'importColName' },
  { field: 'first', label: 'importColFirst' },
  { field: 'last', label: 'importColLast' },
  { field: 'company', label: 'importColCompany' },
];
const PHONE_SLOTS = 3;

function ColumnSelect(props: {
  id: string;
  label: string;
  headers: string[];
  value: number | undefined;
  onChange: (column: number | undefined) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value === undefined ? '' : String(props.value)}
        onChange={(e) => {
          const v = e.currentTarget.value;
          props.onChange(v === '' ? undefined : Number(v));
        }}
      >
        <option value="">{t('importColNone')}</option>
        {props.headers.map((h, i) => (
          <option key={`${i}:${h}`} value={String(i)}>
            {h.trim() === '' ? t('importColNumber', String(i + 1)) : h}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ColumnMapping(props: { request: MappingRequest; onMap: (m: Mapping) => void; onCancel: () => void }) {
  const { headers, sample, suggestion } = props.request;
  const [mapping, setMapping] = useState<Mapping>(suggestion);
  const phones = Array.from({ length: PHONE_SLOTS }, (_, i) => mapping.phones[i]?.column);
  const setPhone = (slot: number, column: number | undefined) => {
    const next = [...phones];
    next[slot] = column;
    setMapping({
      ...mapping,
      phones: next.filter((c): c is number => c !== undefined).map((column) => ({ column, type: 'other' })),
    });
  };
  const usable = mapping.phones.length > 0;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a step of the import inside the Contacts fieldset, not a form of its own
    <div class="mapping" role="group" aria-labelledby="mapping-title">
      <p id="mapping-title" class="label">
        {t('importMappingTitle')}
      </p>
      <p class="hint">{t('importMappingHint')}</p>
      <div class="mapping-sample">
        <table>
          <caption class="visually-hidden">{t('importMappingSample')}</caption>
          <thead>
            <tr>
              {headers.map((h, i) => (
                <th key={`${i}:${h}`} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sample.map((row, r) => (
              <tr key={`row-${r}`}>
                {headers.map((_, c) => (
                  <td key={`cell-${c}`}>{row[c] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="two">
        {FIELDS.map(({ field, label }) => (
          <ColumnSelect
            key={field}
            id={`map-${field}`}
            label={t(label)}
            headers={headers}
            value={mapping[field]}
            onChange={(column) => {
              const { [field]: _old, ...rest } = mapping;
              setMapping(column === undefined ? { ...rest, phones: mapping.phones } : { ...mapping, [field]: column });
            }}
          />
        ))}
        {phones.map((column, slot) => (
          <ColumnSelect
            key={`phone-${slot}`}
            id={`map-phone-${slot}`}
            label={t('importColPhone', String(slot + 1))}
            headers={headers}
            value={column}
            onChange={(c) => setPhone(slot, c)}
          />
        ))}
      </div>
      <label class="inline">
        <input
          type="checkbox"
          checked={mapping.header}
          onChange={(e) => setMapping({ ...mapping, header: e.currentTarget.checked })}
        />
        {t('importMappingHeader')}
      </label>
      {!usable && <p class="field-error">{t('importMappingNeedsPhone')}</p>}
      <div class="save-row">
        <button type="button" class="primary" disabled={!usable} onClick={() => props.onMap(mapping)}>
          {t('importMappingGo')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('transferCancelForm')}
        </button>
      </div>
    </div>
  );
}
