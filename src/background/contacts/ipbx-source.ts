/**
 * The iPBX's contact list (`contacts.ipbxUrl`, the platform's `GET {apiUrl}/contacts`), fetched with the token the
 * engine authenticates with (a pasted token or the REST/OAuth access token): after sign-in, hourly, and on "Refresh".
 * With `If-None-Match` once an ETag is known, so an unchanged list costs a 304. The list is kept in IndexedDB with
 * its ETag and date, each number's key worked out once; sign-out wipes it.
 */
import { readIpbxContacts } from './ipbx-contacts.ts';
import type { HttpFetch } from './crm-lookup.ts';
import { addNumberKeys } from '../../shared/contact-keys.ts';
import type { SourceFailure } from '../../shared/contacts-status.ts';
import { errorMessage } from '../../shared/errors.ts';
import type { Logger } from '../../shared/log.ts';
import type { StoredContacts } from '../../shared/storage/contacts-items.ts';
import type { SliceOptions } from '../../shared/time-slices.ts';

const FETCH_TIMEOUT_MS = 30_000;

export type RefreshOutcome =
  | { kind: 'off' }
  | { kind: 'unchanged' }
  | { kind: 'updated'; stored: StoredContacts; invalid: number }
  | { kind: 'failed'; failure: SourceFailure };

export interface IpbxSourceDeps {
  fetch: HttpFetch;
  /** The engine's current token; rejects when nobody is signed in. */
  token: () => Promise<string>;
  log: Logger;
  now?: () => number;
  slices?: SliceOptions;
}

/** What the last fetch left: the ETag to send, for the URL it belongs to. */
export interface Known {
  url?: string;
  etag?: string;
}

export class IpbxContactsSource {
  private running: Promise<RefreshOutcome> | null = null;

  constructor(private readonly deps: IpbxSourceDeps) {}

  /** One fetch at a time: a second call while one runs gets that one's outcome. */
  refresh(url: string, country: string, known: Known): Promise<RefreshOutcome> {
    this.running ??= this.fetchList(url, country, known).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async fetchList(url: string, country: string, known: Known): Promise<RefreshOutcome> {
    if (url === '') return { kind: 'off' };
    let token: string;
    try {
      token = await this.deps.token();
    } catch {
      return { kind: 'failed', failure: { code: 'ipbxContactsErrNoToken' } };
    }
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (known.etag && known.url === url) headers['If-None-Match'] = known.etag;
    let response: Response;
    try {
      response = await this.deps.fetch(url, {
        method: 'GET',
        headers,
        // The ETag is ours to send; the HTTP cache must neither answer nor add its own.
        cache: 'no-store',
        credentials: 'omit',
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
    } catch (e) {
      this.deps.log.warn(`iPBX contacts at ${originOf(url)} unreachable: ${errorMessage(e)}`);
      return { kind: 'failed', failure: { code: 'ipbxContactsErrUnreachable', detail: originOf(url) } };
    }
    if (response.status === 304) return { kind: 'unchanged' };
    if (response.status === 401 || response.status === 403)
      return { kind: 'failed', failure: { code: 'ipbxContactsErrDenied', detail: String(response.status) } };
    if (!response.ok)
      return { kind: 'failed', failure: { code: 'ipbxContactsErrStatus', detail: String(response.status) } };
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      return { kind: 'failed', failure: { code: 'ipbxContactsErrNotJson' } };
    }
    const read = await readIpbxContacts(json, this.deps.slices);
    if (!read.ok) return { kind: 'failed', failure: { code: read.error } };
    await addNumberKeys(read.contacts, country, this.deps.slices);
    const etag = response.headers.get('ETag') ?? undefined;
    const stored: StoredContacts = {
      country,
      contacts: read.contacts,
      updatedAt: (this.deps.now ?? Date.now)(),
      url,
      ...(etag ? { etag } : {}),
    };
    if (read.invalid + read.invalidNumbers > 0)
      this.deps.log.warn(`iPBX contacts: ${read.invalid} entries and ${read.invalidNumbers} numbers skipped`);
    return { kind: 'updated', stored, invalid: read.invalid };
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
