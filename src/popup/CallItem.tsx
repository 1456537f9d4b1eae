import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import { CallTimer } from './CallTimer.tsx';
import { isIncoming, isInternal, remoteNumber, type Call } from '../shared/calls.ts';
import { compactNumber } from '../shared/dial-rules.ts';
import { t, type MessageKey } from '../shared/i18n.ts';
import { request, type Consultation } from '../shared/messages.ts';
import { formatNumber } from '../shared/phone-format.ts';
import { OpenRecord } from './OpenRecord.tsx';
import { PhoneNumber } from './PhoneNumber.tsx';
import { CallerName } from './CallerName.tsx';
import { sameCaller, type CallerInfo } from '../shared/caller.ts';
import { WithNumber } from '../shared/Bdi.tsx';
import { ResultMessage, type Result } from './ResultMessage.tsx';
import type { TransferType } from '../shared/protocol.ts';

function directionKey(call: Call): MessageKey {
  if (isInternal(call.direction)) return 'directionInternal';
  return isIncoming(call.direction) ? 'directionIncoming' : 'directionOutgoing';
}

function TransferForm(props: { call: Call; onDone: (r: Result) => void; onCancel: () => void }) {
  const [to, setTo] = useState('');
  const [type, setType] = useState<TransferType>('blind');
  const [busy, setBusy] = useState(false);
  const id = props.call.uniqueId.replace(/\W/g, '_');
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const reply = await request('transfer', { uniqueId: props.call.uniqueId, to: compactNumber(to), type });
    setBusy(false);
    props.onDone(
      reply.ok
        ? type === 'blind'
          ? { ok: true, text: t('transferDone') }
          : null
        : { ok: false, text: reply.error.message },
    );
  };
  return (
    <form class="transfer" onSubmit={(e) => void submit(e)}>
      <label for={`to-${id}`}>{t('transferTo')}</label>
      <input id={`to-${id}`} value={to} inputMode="tel" required onInput={(e) => setTo(e.currentTarget.value)} />
      <fieldset class="choice">
        <label>
          <input type="radio" name={`type-${id}`} checked={type === 'blind'} onChange={() => setType('blind')} />
          {t('transferBlind')}
        </label>
        <label>
          <input type="radio" name={`type-${id}`} checked={type === 'attended'} onChange={() => setType('attended')} />
          {t('transferAttended')}
        </label>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || to.trim() === ''}>
          {t('transferStart')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('transferCancelForm')}
        </button>
      </div>
    </form>
  );
}

type CallItemProps = {
  call: Call;
  country: string;
  consultation?: Consultation | undefined;
  isConsultCall: boolean;
  /** Who is calling, where a source knows the number. */
  caller?: CallerInfo | undefined;
  /** The screen pop held this call's record back (a flood): the item offers "Open record". */
  heldRecord?: boolean;
};

/**
 * Every snapshot brings new call objects (they come over a port), so without this each update would redraw every
 * call in the list; with it, only the calls that changed. The timers tick by themselves (CallTimer.tsx).
 */
function sameProps(a: CallItemProps, b: CallItemProps): boolean {
  const x = a.call;
  const y = b.call;
  return (
    a.country === b.country &&
    a.isConsultCall === b.isConsultCall &&
    a.heldRecord === b.heldRecord &&
    a.consultation?.to === b.consultation?.to &&
    a.consultation?.consultId === b.consultation?.consultId &&
    x.uniqueId === y.uniqueId &&
    x.state === y.state &&
    x.from === y.from &&
    x.to === y.to &&
    x.direction === y.direction &&
    x.line === y.line &&
    x.queue === y.queue &&
    x.startedAt === y.startedAt &&
    x.answeredAt === y.answeredAt &&
    sameCaller(a.caller, b.caller)
  );
}

export const CallItem = memo(CallItemView, sameProps);

function CallItemView(props: CallItemProps) {
  const { call, country, consultation } = props;
  const consultId = consultation?.consultId;
  const [result, setResult] = useState<Result>(null);
  const [busy, setBusy] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const hangUp = async (uniqueId: string) => {
    setBusy(true);
    setResult(null);
    const reply = await request('hangup', { uniqueId });
    setBusy(false);
    if (!reply.ok) setResult({ ok: false, text: reply.error.message });
  };
  return (
    <li class={`call call-${call.state}`} aria-busy={busy ? 'true' : 'false'}>
      <div class="call-main">
        {props.caller && <CallerName caller={props.caller} />}
        <PhoneNumber raw={remoteNumber(call)} country={country} />
        <CallTimer since={call.answeredAt ?? call.startedAt} />
      </div>
      <div class="call-meta">
        <span>{t(directionKey(call))}</span>
        <span>{t(call.state === 'ringing' ? 'callRinging' : 'callAnswered')}</span>
        {call.line && (
          <span>
            <WithNumber message="notifLine" number={call.line} />
          </span>
        )}
        {call.queue && <span>{t('notifQueue', call.queue)}</span>}
      </div>
      {consultation && (
        // biome-ignore lint/a11y/useSemanticElements: a named group of a text and buttons, not form fields; a fieldset would bring its form styling
        <div class="consult" role="group" aria-label={t('transferAttended')}>
          <p>
            <WithNumber
              message={consultation.consultId ? 'transferConsulting' : 'transferConsultRinging'}
              number={formatNumber(consultation.to, country)}
            />
          </p>
          <div class="actions">
            <button type="button" class="primary" disabled={busy} onClick={() => void hangUp(call.uniqueId)}>
              {t('transferComplete')}
            </button>
            {consultId && (
              <button type="button" disabled={busy} onClick={() => void hangUp(consultId)}>
                {t('transferAbort')}
              </button>
            )}
          </div>
        </div>
      )}
      {!consultation && (
        <div class="actions">
          <button type="button" class="danger" disabled={busy} onClick={() => void hangUp(call.uniqueId)}>
            {t('hangUp')}
          </button>
          {props.heldRecord && <OpenRecord uniqueId={call.uniqueId} />}
          {!props.isConsultCall && (
            <button
              type="button"
              aria-expanded={transferring ? 'true' : 'false'}
              disabled={busy}
              onClick={() => setTransferring(!transferring)}
            >
              {t('transfer')}
            </button>
          )}
        </div>
      )}
      {transferring && !consultation && (
        <TransferForm
          call={call}
          onCancel={() => setTransferring(false)}
          onDone={(r) => {
            setResult(r);
            if (!r || r.ok) setTransferring(false);
          }}
        />
      )}
      <ResultMessage result={result} />
    </li>
  );
}
