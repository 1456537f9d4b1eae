/**
 * "Import contacts…": a CSV (Outlook, Google, a Czech Excel export, any table with a header row) or vCard file,
 * read in a Worker so the page never freezes; progress as a progress bar, the outcome in a polite live region, the
 * columns mapped by the user when they are not recognised, every skipped row reported. The imported contacts stay
 * until "Remove imported contacts".
 */
import { useRef, useState } from 'preact/hooks';
import { ColumnMapping } from './ColumnMapping.tsx';
import type { ImportMode } from './import-protocol.ts';
import { countText, dateText } from './source-text.ts';
import { useContactImport, type ImportState } from './use-contact-import.ts';
import type { ImportReport } from '../shared/contacts-import/types.ts';
import type { ContactsStatus } from '../shared/contacts-status.ts';
import { plural, t, type MessageKey } from '../shared/i18n.ts';
import { request } from '../shared/messages.ts';

const PHASE_TEXT: Record<string, MessageKey> = {
  decoding: 'importPhaseReading',
  parsing: 'importPhaseReading',
  keys: 'importPhaseNumbers',
  saving: 'importPhaseSaving',
};

function reportLines(report: ImportReport, stored: number, merged: number): string[] {
  const lines = [plural('importDone', report.contacts)];
  if (merged > 0) lines.push(plural('importMerged', merged));
  if (report.skipped > 0) {
    const where = report.skippedAt.join(', ');
    const more = report.skippedAt.length < report.skipped ? ' …' : '';
    lines.push(
      report.positions === 'row'
        ? t('importSkippedRows', countText(report.skipped), where + more)
        : t('importSkippedCards', countText(report.skipped), where + more),
    );
  }
  for (const w of report.warnings) lines.push(t(w.code, String(w.at)));
  lines.push(t('importStoredTotal', countText(stored)));
  return lines;
}

function Outcome({ state }: { state: ImportState }) {
  if (state.kind === 'done')
    return (
      <div class="ok">
        {reportLines(state.report, state.stored, state.merged).map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
    );
  if (state.kind === 'error') return <p class="field-error">{t(state.error)}</p>;
  if (state.kind === 'failed') return <p class="field-error">{t('importFailed', state.message)}</p>;
  return null;
}

export function ImportContacts(props: {
  status: ContactsStatus | null;
  country: string;
  onStatus: (s: ContactsStatus) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [mode, setMode] = useState<ImportMode>('replace');
  const [removed, setRemoved] = useState<string | null>(null);
  const { state, start, map, reset } = useContactImport(props.onStatus);
  const file = props.status?.file;
  const busy = state.kind === 'reading' || state.kind === 'working';
  const remove = async () => {
    const reply = await request('contactsRemoveFile', null);
    reset();
    setRemoved(reply.ok ? t('importRemoved') : reply.error.message);
    if (reply.ok) props.onStatus(reply.value);
  };
  return (
    <div class="import">
      <p class="hint" id="file-state">
        {file && file.count > 0
          ? t(
              'importFileState',
              countText(file.count),
              file.fileName ?? '',
              file.updatedAt ? dateText(file.updatedAt) : '',
            )
          : t('importFileNone')}
      </p>
      {file && file.count > 0 && (
        <div role="radiogroup" aria-label={t('importMode')}>
          <label class="inline">
            <input type="radio" name="importMode" checked={mode === 'replace'} onChange={() => setMode('replace')} />
            {t('importModeReplace')}
          </label>
          <label class="inline">
            <input type="radio" name="importMode" checked={mode === 'merge'} onChange={() => setMode('merge')} />
            {t('importModeMerge')}
          </label>
        </div>
      )}
      <input
        ref={input}
        type="file"
        accept=".csv,.vcf,.vcard,.txt,text/csv,text/vcard,text/x-vcard"
        hidden
        onChange={(e) => {
          const chosen = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          setRemoved(null);
          if (chosen) start(chosen, mode, props.country);
        }}
      />
      <div class="save-row">
        <button type="button" disabled={busy} onClick={() => input.current?.click()}>
          {t('importButton')}
        </button>
        {file && file.count > 0 && (
          <button type="button" disabled={busy} onClick={() => void remove()}>
            {t('importRemove')}
          </button>
        )}
      </div>
      {state.kind === 'working' && (
        <div class="field">
          <label for="import-progress">
            {t(PHASE_TEXT[state.phase] ?? 'importPhaseReading', state.fileName, countText(state.contacts))}
          </label>
          <progress id="import-progress" max={100} value={state.percent}>
            {state.percent} %
          </progress>
        </div>
      )}
      {state.kind === 'reading' && <p class="hint">{t('importPhaseOpening', state.fileName)}</p>}
      {state.kind === 'mapping' && <ColumnMapping request={state.request} onMap={map} onCancel={reset} />}
      <div aria-live="polite" data-testid="import-result">
        <Outcome state={state} />
        {removed && <p>{removed}</p>}
      </div>
    </div>
  );
}
