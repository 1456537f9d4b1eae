/** The state of each source of caller names, from the background; asked again every second while one is indexed. */
import { useEffect, useState } from 'preact/hooks';
import type { ContactsStatus } from '../shared/contacts-status.ts';
import { request } from '../shared/messages.ts';

const POLL_MS = 1_000;

export function useContactsStatus(): [ContactsStatus | null, (status: ContactsStatus) => void, () => void] {
  const [status, setStatus] = useState<ContactsStatus | null>(null);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let stop = false;
    void request('contactsStatus', null).then((reply) => {
      if (!stop && reply.ok) setStatus(reply.value);
    });
    return () => {
      stop = true;
    };
  }, [asked]);
  const building = (status?.building.length ?? 0) > 0;
  useEffect(() => {
    if (!building) return;
    const timer = setTimeout(() => setAsked((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [building, status]);
  return [status, setStatus, () => setAsked((n) => n + 1)];
}
