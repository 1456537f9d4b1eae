// Caller names for issue 16: the iPBX's contact list (GET /contacts, bearer token, ETag) built from the demo CRM's
// contacts and the simulator's users (colleagues by line), and the demo CRM's own lookup (GET /crm/lookup?phone=)
// with a record page per contact (/crm/contact/<id>) and an optional session cookie (/crm/login).
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { escapeHtml } from './demo-page.js';
import { CRM_CONTACTS, type CrmContact, type PhoneType } from './demo-contacts.js';
import { bearerToken, CORS_HEADERS, sendJson } from './http-util.js';
import type { TokenStore } from './rest.js';
import type { SimModes, SimUser } from './types.js';

export interface ContactsDeps {
  users: SimUser[];
  tokens: TokenStore;
  modes: () => SimModes;
  /** http://HOST:PORT, for the record URLs the lookup answers with. */
  baseUrl: () => string;
  log: (line: string) => void;
}

/** The platform's contact shape (what its mobile app reads). */
export interface IpbxContact {
  id: string;
  firstName: string;
  lastName: string;
  company: string;
  email: string;
  phoneNumbers: { type: PhoneType; number: string }[];
}

const COLLEAGUES_COMPANY = 'iPBX Connect (demo)';
const COOKIE = 'crm_session';
/** The country the demo CRM reads national numbers in. */
const CRM_COUNTRY = 'CZ';

function splitName(name: string): { firstName: string; lastName: string } {
  const space = name.indexOf(' ');
  return space < 0
    ? { firstName: name, lastName: '' }
    : { firstName: name.slice(0, space), lastName: name.slice(space + 1) };
}

/** The contact list as the user `me` gets it: the CRM's contacts, then every other user as a colleague on its line. */
export function contactList(users: readonly SimUser[], me: SimUser): IpbxContact[] {
  const crm = CRM_CONTACTS.filter((c) => !c.colleague).map((c) => ({
    id: c.id,
    ...splitName(c.name),
    company: c.company,
    email: c.email,
    phoneNumbers: c.phones.map((p) => ({ ...p })),
  }));
  const colleagues = users
    .filter((u) => u !== me)
    .map((u) => ({
      id: `user-${u.login}`,
      ...splitName(u.name),
      company: COLLEAGUES_COMPANY,
      email: u.email,
      phoneNumbers: [{ type: 'ip' as const, number: u.line }],
    }));
  return [...crm, ...colleagues];
}

/**
 * One key for every way of writing a number: an internal line (3–6 digits) as itself, a number libphonenumber-js
 * reads as valid (in CZ) as E.164, anything else as its digits.
 */
export function phoneKey(text: string): string | null {
  const trimmed = text.trim();
  if (/^\d{3,6}$/.test(trimmed)) return `line:${trimmed}`;
  const parsed = parsePhoneNumberFromString(trimmed, CRM_COUNTRY);
  if (parsed?.isValid()) return parsed.number;
  const digits = trimmed.replace(/\D/g, '');
  return digits === '' ? null : `digits:${digits}`;
}

export function crmMatches(phone: string): CrmContact[] {
  const key = phoneKey(phone);
  return key === null ? [] : CRM_CONTACTS.filter((c) => c.phones.some((p) => phoneKey(p.number) === key));
}

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Does If-None-Match name this ETag (or *)? Weak and strong forms compare alike, as RFC 9110 asks for GET. */
function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

function serveContacts(req: IncomingMessage, res: ServerResponse, deps: ContactsDeps): void {
  const token = bearerToken(req);
  const user = token === null ? null : deps.tokens.bearerUser(token);
  if (!user) {
    deps.log(`GET /contacts refused: ${token === null ? 'no bearer token' : 'invalid or expired token'}`);
    res.writeHead(401, {
      ...CORS_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'WWW-Authenticate': 'Bearer error="invalid_token"',
    });
    res.end(JSON.stringify({ error: 'invalid_token' }));
    return;
  }
  const body = JSON.stringify(contactList(deps.users, user));
  const etag = etagOf(body);
  const headers = { ...CORS_HEADERS, ETag: etag, 'Cache-Control': 'private, no-cache' };
  if (notModified(req, etag)) {
    deps.log(`GET /contacts for ${user.login}: 304`);
    res.writeHead(304, headers);
    res.end();
    return;
  }
  deps.log(`GET /contacts for ${user.login}: ${body.length} bytes`);
  res.writeHead(200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Extension pages and local pages may read the lookup, with the user's cookies; other sites may not. */
function lookupCors(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  const allowed =
    origin !== undefined &&
    /^(chrome-extension|moz-extension):\/\/[\w-]+$|^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin);
  return {
    Vary: 'Origin',
    ...(allowed ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' } : {}),
    'Access-Control-Allow-Methods': 'GET, OPTIONS',
    'Access-Control-Allow-Headers': 'Accept, Content-Type',
  };
}

function hasCrmSession(req: IncomingMessage, value: string): boolean {
  return (req.headers.cookie ?? '').split(';').some((c) => c.trim() === `${COOKIE}=${value}`);
}

function serveLookup(req: IncomingMessage, res: ServerResponse, url: URL, deps: ContactsDeps): void {
  const cors = lookupCors(req);
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { ...cors, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const cookie = deps.modes().crmCookie;
  if (cookie !== null && !hasCrmSession(req, cookie)) {
    send(401, { error: 'Sign in to the demo CRM first (/crm/login)' });
    return;
  }
  const phone = url.searchParams.get('phone');
  if (phone === null || phone.trim() === '') {
    send(400, { error: 'phone is required' });
    return;
  }
  const answers = crmMatches(phone).map((c) => ({
    name: c.name,
    company: c.company,
    url: `${deps.baseUrl()}/crm/contact/${c.id}`,
  }));
  deps.log(`CRM lookup ${phone}: ${answers.length} match(es)`);
  send(200, answers.length === 1 ? answers[0] : answers);
}

function sendHtml(
  res: ServerResponse,
  status: number,
  title: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  const html = `<!doctype html><html lang="cs"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
  res.end(html);
}

function serveRecord(res: ServerResponse, id: string): void {
  const c = CRM_CONTACTS.find((x) => x.id === id);
  if (!c) {
    sendHtml(res, 404, 'Not found', '<p>No such contact.</p>');
    return;
  }
  const phones = c.phones.map((p) => `<li>${escapeHtml(p.type)}: ${escapeHtml(p.number)}</li>`).join('');
  sendHtml(
    res,
    200,
    `${c.name} — Demo CRM`,
    `<h1>${escapeHtml(c.name)}</h1><p>${escapeHtml(c.company)}</p><ul>${phones}</ul>`,
  );
}

/** A path segment as text; a malformed escape names no contact. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

/** Handles /contacts and /crm/lookup, /crm/contact/<id>, /crm/login. Returns false for other paths. */
export function handleContacts(req: IncomingMessage, res: ServerResponse, url: URL, deps: ContactsDeps): boolean {
  const path = url.pathname;
  const isGet = req.method === 'GET' || req.method === 'HEAD';
  if (path === '/crm/lookup' && req.method === 'OPTIONS') {
    res.writeHead(204, { ...lookupCors(req), 'Access-Control-Max-Age': '600' });
    res.end();
    return true;
  }
  if (!isGet) {
    if (path !== '/contacts' && path !== '/crm/lookup' && path !== '/crm/login' && !path.startsWith('/crm/contact/'))
      return false;
    sendJson(res, 405, { error: 'Use GET' });
    return true;
  }
  if (path === '/contacts') serveContacts(req, res, deps);
  else if (path === '/crm/lookup') serveLookup(req, res, url, deps);
  else if (path.startsWith('/crm/contact/')) serveRecord(res, safeDecode(path.slice('/crm/contact/'.length)));
  else if (path === '/crm/login') {
    const cookie = deps.modes().crmCookie;
    if (cookie === null)
      sendHtml(res, 200, 'Demo CRM', '<p>The demo CRM needs no sign-in (mode crmCookie is off).</p>');
    else
      sendHtml(res, 200, 'Demo CRM', '<p>Signed in to the demo CRM.</p>', {
        'Set-Cookie': `${COOKIE}=${cookie}; Path=/; HttpOnly; SameSite=Lax`,
      });
  } else return false;
  return true;
}
