/**
 * The connection log's contract between the background (background/connection-log.ts keeps it) and the options page
 * (options/ConnectionLog.tsx shows it): entries, already redacted, and the port that streams them.
 */
import type { TransportKind } from './transports.ts';

/** A frame received (`in`) or sent (`out`), a change of the connection status, or a sign-in attempt. */
export const LOG_ENTRY_KINDS = ['in', 'out', 'status', 'sign-in'] as const;
export type LogEntryKind = (typeof LOG_ENTRY_KINDS)[number];

export interface LogEntry {
  /** Increases by one per entry, across worker restarts: how a page knows what it has not seen yet. */
  seq: number;
  /** Epoch ms. */
  at: number;
  kind: LogEntryKind;
  /** The frame as it went over the wire (redacted, cut at MAX_ENTRY_CHARS), or a status or sign-in in words. */
  text: string;
  /** Frames only: which dialect carried it. */
  dialect?: TransportKind;
}

/** The log keeps the newest this many entries. */
export const MAX_LOG_ENTRIES = 500;
/** A longer frame is cut here (after redaction of what is kept), with its full length named. */
export const MAX_ENTRY_CHARS = 2_000;

/** Port an extension page opens to watch the log; the background refuses it from anywhere else. */
export const CONNECTION_LOG_PORT = 'ipbx-connection-log';

/** What the background sends on that port: everything on connect, then only the entries added since. */
export type LogPortMessage = { type: 'all'; entries: LogEntry[] } | { type: 'added'; entries: LogEntry[] };
