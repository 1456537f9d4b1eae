/**
 * One schema per message: the payload the background accepts (background/message-router.ts checks every message
 * against its schema; whatever a content script sends is untrusted input). The request types of messages.ts are
 * derived from these, so the two cannot drift. The content script imports messages.ts, whose reference to this file
 * is type-only: it never bundles valibot.
 */
import * as v from 'valibot';
import { DOUBTS, SEEN } from './call-guard.ts';
import type { TransferType } from './protocol.ts';

/** The most candidates one classifyNumbers message may carry, and the longest candidate. */
export const MAX_CANDIDATES = 5_000;
export const MAX_CANDIDATE_LENGTH = 40;

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** No payload: whatever comes is ignored, and the handler gets null. */
const NONE = v.pipe(
  v.unknown(),
  v.transform((): null => null),
);

/** Every TransferType; a new one fails to compile where the panel sends it until it is added here. */
const TRANSFER_TYPES = ['blind', 'attended'] as const satisfies readonly TransferType[];

export const REQUESTS = {
  getSnapshot: NONE,
  /** Content script: is click-to-call on for this frame's site? (The background reads the site from the sender.) */
  pageConfig: NONE,
  /** Content script: validates candidates; `lang` is the page's <html lang> (its region wins over the user's). */
  classifyNumbers: v.object({
    // Counted before any is checked: a flood of candidates is refused at once.
    texts: v.pipe(v.array(v.unknown()), v.maxLength(MAX_CANDIDATES), v.array(text(MAX_CANDIDATE_LENGTH))),
    lang: text(64),
    links: v.optional(v.boolean()),
  }),
  /** Extension pages only (the dial box, a call-back): the user's own calls. Pages go through pageCall. */
  originate: v.object({ to: text(64) }),
  /**
   * Content script: the user clicked or pressed Enter on a mark. `text` is what the mark was linked from (the number's
   * text, or what a tel: link calls), `dial` what the mark dials; the background plans the call again from `text`.
   * `shown`: a link's visible text. `seen`/`doubt`: what the content script could tell about what the user saw.
   */
  pageCall: v.object({
    text: text(MAX_CANDIDATE_LENGTH),
    dial: text(64),
    link: v.boolean(),
    lang: text(64),
    shown: text(200),
    seen: v.picklist(SEEN),
    doubt: v.optional(v.picklist(DOUBTS)),
  }),
  /** The confirm page: what to show for its id, and the user's answer. */
  guardDetails: v.object({ id: text(64) }),
  guardAnswer: v.object({ id: text(64), call: v.boolean() }),
  /** The panel: open a caller's record that the screen pop held back (a flood of screen pops). */
  openRecord: v.object({ uniqueId: text(200) }),
  hangup: v.object({ uniqueId: text(200) }),
  transfer: v.object({ uniqueId: text(200), to: text(64), type: v.picklist(TRANSFER_TYPES) }),
  /** Retry now; answers with the outcome of that attempt (or the status as it stands when already connected). */
  reconnect: NONE,
  /** Which dialects answer at the iPBX URL in force. */
  probeDialects: NONE,
  /** Sign in with e-mail and password at the form's servers: OAuth when oauthTokenUrl is set, else the REST API. */
  signIn: v.object({
    email: text(320),
    password: text(1_000),
    restUrl: text(2_000),
    oauthTokenUrl: text(2_000),
    oauthClientId: text(200),
    oauthScope: text(500),
  }),
  restLogout: NONE,
  /** Dial box: the contacts matching what was typed (the few best; contacts stay in the background). */
  contactsSearch: v.object({ query: text(100) }),
  /** Options page: the state of each source of caller names. */
  contactsStatus: NONE,
  /** Options page: a source changed in IndexedDB (the import Worker wrote the file's contacts): index it again. */
  contactsReload: v.object({ source: v.picklist(['file', 'user']) }),
  contactsRemoveFile: NONE,
  /** Options page: fetch the iPBX's contact list now; answers with the outcome. */
  contactsRefresh: NONE,
  /** Recent calls: "Name this number" (an empty name removes the user's name). */
  nameNumber: v.object({ number: text(64), name: text(200) }),
  /** Options page: ask the CRM lookup about a number now. */
  lookupTest: v.object({ number: text(64) }),
  /** The panel's "Open in a window": opens the call window, or focuses the one already open. */
  openPanelWindow: NONE,
  /** A panel (popup, window, side panel) is in front of the user: the missed calls so far are seen. */
  missedSeen: NONE,
};
