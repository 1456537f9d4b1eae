/**
 * The options page's side of an import: starts the Worker with the file's bytes, follows its progress, passes on the
 * columns the user mapped, and tells the background to index the file's contacts once the Worker stored them.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ColumnMapping, ImportErrorCode, ImportReport, MappingRequest } from '../shared/contacts-import/types.ts';
import type { ContactsStatus } from '../shared/contacts-status.ts';
import { request } from '../shared/messages.ts';
import type { FromWorker, ImportMode, ImportPhase, ToWorker } from './import-protocol.ts';

export type ImportState =
  | { kind: 'idle' }
  | { kind: 'reading'; fileName: string }
  | { kind: 'working'; fileName: string; phase: ImportPhase; percent: number; contacts: number }
  | { kind: 'mapping'; fileName: string; request: MappingRequest }
  | { kind: 'done'; fileName: string; report: ImportReport; stored: number; merged: number }
  | { kind: 'error'; fileName: string; error: ImportErrorCode }
  | { kind: 'failed'; fileName: string; message: string };

/** Share of the bar per phase: reading the text is most of the work, keys next, saving last. */
const PHASES: Record<ImportPhase, [number, number]> = {
  decoding: [0, 10],
  parsing: [10, 70],
  keys: [70, 95],
  saving: [95, 100],
};

export function useContactImport(onStored: (status: ContactsStatus) => void): {
  state: ImportState;
  start(file: File, mode: ImportMode, country: string): void;
  map(mapping: ColumnMapping): void;
  reset(): void;
} {
  const [state, setState] = useState<ImportState>({ kind: 'idle' });
  const worker = useRef<Worker | null>(null);
  const fileName = useRef('');
  useEffect(() => () => worker.current?.terminate(), []);

  const onMessage = (message: FromWorker) => {
    const name = fileName.current;
    if (message.type === 'progress') {
      const [from, to] = PHASES[message.phase];
      const share = message.total > 0 ? message.done / message.total : 0;
      setState({
        kind: 'working',
        fileName: name,
        phase: message.phase,
        percent: Math.round(from + (to - from) * Math.min(1, share)),
        contacts: message.contacts,
      });
    } else if (message.type === 'needsMapping') {
      setState({ kind: 'mapping', fileName: name, request: message.request });
    } else if (message.type === 'error') {
      setState({ kind: 'error', fileName: name, error: message.error });
    } else if (message.type === 'failed') {
      setState({ kind: 'failed', fileName: name, message: message.message });
    } else {
      setState({
        kind: 'done',
        fileName: name,
        report: message.report,
        stored: message.stored,
        merged: message.merged,
      });
      void request('contactsReload', { source: 'file' }).then((reply) => {
        if (reply.ok) onStored(reply.value);
      });
    }
  };

  const send = (message: ToWorker, transfer: Transferable[] = []) => worker.current?.postMessage(message, transfer);

  return {
    state,
    start(file, mode, country) {
      worker.current?.terminate();
      fileName.current = file.name;
      setState({ kind: 'reading', fileName: file.name });
      const w = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
      w.addEventListener('message', (e: MessageEvent<FromWorker>) => onMessage(e.data));
      w.addEventListener('error', (e) => setState({ kind: 'failed', fileName: file.name, message: e.message }));
      worker.current = w;
      // Read as bytes (the Worker detects the encoding), handed over without a copy.
      void file.arrayBuffer().then(
        (bytes) => send({ type: 'start', bytes, fileName: file.name, mode, country }, [bytes]),
        (e: unknown) => setState({ kind: 'failed', fileName: file.name, message: String(e) }),
      );
    },
    map(mapping) {
      setState({ kind: 'working', fileName: fileName.current, phase: 'parsing', percent: 10, contacts: 0 });
      send({ type: 'mapping', mapping });
    },
    reset() {
      setState({ kind: 'idle' });
    },
  };
}
