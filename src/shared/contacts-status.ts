/**
 * What the background tells extension pages about caller names: the state of each source for the options page, the
 * dial box's suggestions, a CRM lookup test. Only these few fields leave the background; the contacts stay there.
 */

/** Why a source failed, as message keys (options page); the detail is an HTTP status or an origin. */
export const SOURCE_ERROR_CODES = [
  'ipbxContactsErrNotList',
  'ipbxContactsErrNotJson',
  'ipbxContactsErrUnreachable',
  'ipbxContactsErrStatus',
  'ipbxContactsErrDenied',
  'ipbxContactsErrNoToken',
  'crmErrUnreachable',
  'crmErrStatus',
  'crmErrDenied',
  'crmErrNotJson',
  'crmErrTimeout',
  'crmErrNoUrl',
] as const;
export type SourceErrorCode = (typeof SOURCE_ERROR_CODES)[number];

export function isSourceErrorCode(code: string): code is SourceErrorCode {
  return (SOURCE_ERROR_CODES as readonly string[]).includes(code);
}

export interface SourceFailure {
  code: SourceErrorCode;
  detail?: string;
}

/** The last attempt of a remote source: when, and how it failed (no error: it worked). */
export interface SourceAttempt {
  at: number;
  error?: SourceFailure;
}

export interface ContactsStatus {
  /** The imported file: how many contacts, when imported, from which file. */
  file: { count: number; updatedAt?: number; fileName?: string };
  /** The iPBX's list: how many, when fetched (the last change), the last check and its failure. */
  ipbx: { count: number; updatedAt?: number; lastAttempt?: SourceAttempt };
  /** Numbers the user named. */
  user: { count: number };
  /** The CRM lookup's last outcome (written when it changes from working to failing or back). */
  crm: { lastAttempt?: SourceAttempt };
  /** Sources still being indexed (names from them are not found yet). */
  building: string[];
}

/** One dial-box suggestion: what to show, and the number to dial (a match key: E.164 or an internal line). */
export interface ContactSuggestion {
  name: string;
  company: string;
  number: string;
  source: string;
}

export interface LookupTestResult {
  /** The URL asked (the number filled in). */
  url: string;
  matches: { name: string; company: string; url?: string }[];
  /** The user's cookies went with it (the origin's host permission is granted). */
  withCookies: boolean;
}
