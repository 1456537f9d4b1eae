/**
 * Who is calling (issue 16), as the simulator serves it: the iPBX's contact list at /contacts (bearer token, ETag) and
 * the demo CRM's lookup at /crm/lookup (any number format, CORS for extension origins, an optional session cookie).
 */
import { describe, expect, it } from 'vitest';
import { asData, postForm, start } from './clients.js';
import type { Simulator } from '../../sim/simulator.js';

async function contacts(sim: Simulator, token: string | null, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sim.apiUrl}/contacts`, {
    headers: { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), ...headers },
  });
}

async function lookup(
  sim: Simulator,
  phone: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${sim.crmLookupUrl}${encodeURIComponent(phone)}`, { headers });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

describe('GET /contacts', () => {
  it('needs a valid bearer token: none, an unknown one or an expired one is a 401', async () => {
    let now = 1_764_042_000_000;
    const sim = await start({ clock: () => now, modes: { tokenTtlSeconds: 60 } });
    for (const token of [null, 'nope']) {
      const res = await contacts(sim, token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(await res.json()).toEqual({ error: 'invalid_token' });
    }
    const { body } = await postForm(sim.oauthTokenUrl, {
      grant_type: 'password',
      client_id: 'api',
      username: 'alice@example.com',
      password: 'alice-pass',
    });
    expect((await contacts(sim, String(body.access_token))).status).toBe(200);
    now += 61_000;
    expect((await contacts(sim, String(body.access_token))).status).toBe(401);
    expect((await contacts(sim, 'demo-token-alice')).status).toBe(200);
  });

  it('lists the CRM’s contacts in the platform’s shape, then the colleagues on their lines (not the user, not the CRM’s colleague row)', async () => {
    const sim = await start();
    const res = await contacts(sim, 'demo-token-alice');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const list = (await res.json()) as Array<Record<string, unknown>>;
    expect(list[0]).toEqual({
      id: 'crm-1',
      firstName: 'Jan',
      lastName: 'Novák',
      company: 'Stavby Novák s.r.o.',
      email: 'jan.novak@stavby-novak.cz',
      phoneNumbers: [
        { type: 'mob', number: '+420 777 888 999' },
        { type: 'fax', number: '+420 222 333 444' },
      ],
    });
    expect(list.slice(-2)).toEqual([
      {
        id: 'user-bob',
        firstName: 'Bob',
        lastName: 'Svoboda',
        company: 'iPBX Connect (demo)',
        email: 'bob@example.com',
        phoneNumbers: [{ type: 'ip', number: '445' }],
      },
      {
        id: 'user-carol',
        firstName: 'Carol',
        lastName: 'Dvořáková',
        company: 'iPBX Connect (demo)',
        email: 'carol@example.com',
        phoneNumbers: [{ type: 'ip', number: '446' }],
      },
    ]);
    expect(list.some((c) => c.id === 'user-alice' || String(c.lastName).includes('kolega'))).toBe(false);
    for (const c of list) {
      for (const p of c.phoneNumbers as Array<{ type: string }>) expect(['ip', 'pev', 'mob', 'fax']).toContain(p.type);
    }
    // Only Jan Novák has 777 888 999.
    expect(list.filter((c) => JSON.stringify(c.phoneNumbers).includes('777 888 999')).map((c) => c.lastName)).toEqual([
      'Novák',
    ]);
  });

  it('has an ETag; If-None-Match with it (strong, weak or in a list) is a 304 without a body', async () => {
    const sim = await start();
    const first = await contacts(sim, 'demo-token-alice');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    for (const tag of [etag!, `W/${etag!}`, `"other", ${etag!}`]) {
      const again = await contacts(sim, 'demo-token-alice', { 'If-None-Match': tag });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
    }
    expect((await contacts(sim, 'demo-token-alice', { 'If-None-Match': '"stale"' })).status).toBe(200);
    // Another user's list (without themselves) is another version.
    expect((await contacts(sim, 'demo-token-bob')).headers.get('etag')).not.toBe(etag);
    expect((await contacts(sim, null, { 'If-None-Match': etag! })).status).toBe(401);
  });
});

describe('GET /crm/lookup', () => {
  it('finds Jan Novák for 777 888 999 however it is written, with his record’s URL', async () => {
    const sim = await start();
    for (const phone of [
      '777888999',
      '+420 777 888 999',
      '00420777888999',
      '777 888 999',
      '777-888-999',
      '(777) 888.999',
      '+420777888999',
    ]) {
      const { status, body } = await lookup(sim, phone);
      expect([phone, status, body]).toEqual([
        phone,
        200,
        { name: 'Jan Novák', company: 'Stavby Novák s.r.o.', url: `${sim.httpUrl}/crm/contact/crm-1` },
      ]);
    }
    const record = await fetch(`${sim.httpUrl}/crm/contact/crm-1`);
    expect(record.status).toBe(200);
    expect(await record.text()).toContain('<h1>Jan Novák</h1>');
    expect((await fetch(`${sim.httpUrl}/crm/contact/nope`)).status).toBe(404);
    expect((await fetch(`${sim.httpUrl}/crm/contact/%E0%A4%A`)).status).toBe(404);
  });

  it('answers an array when several contacts share the number, [] for none, 400 without a number; lines match exactly', async () => {
    const sim = await start();
    const shared = await lookup(sim, '+44 20 7946 0958');
    expect(shared.body).toEqual([
      { name: 'Oliver Bennett', company: 'Bennett & Sons Ltd', url: expect.stringContaining('/crm/contact/') },
      { name: 'Sarah Bennett', company: 'Bennett & Sons Ltd', url: expect.stringContaining('/crm/contact/') },
    ]);
    expect(await lookup(sim, '602 000 000')).toMatchObject({ status: 200, body: [] });
    expect(await lookup(sim, '445')).toMatchObject({ status: 200, body: { name: 'Bob Svoboda (kolega)' } });
    expect(await lookup(sim, '4450')).toMatchObject({ status: 200, body: [] });
    expect(await lookup(sim, '  ')).toMatchObject({ status: 400, body: { error: 'phone is required' } });
    expect((await fetch(`${sim.httpUrl}/crm/lookup`)).status).toBe(400);
  });

  it('lets extension origins (and local pages) read it with credentials; other sites get no CORS grant', async () => {
    const sim = await start();
    for (const origin of [
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      'moz-extension://0f3c6a8e-1b2c-4d5e-8f90-123456789abc',
      'http://localhost:5173',
    ]) {
      const { headers } = await lookup(sim, '777888999', { Origin: origin });
      expect(headers.get('access-control-allow-origin')).toBe(origin);
      expect(headers.get('access-control-allow-credentials')).toBe('true');
      expect(headers.get('vary')).toMatch(/Origin/);
    }
    const evil = await lookup(sim, '777888999', { Origin: 'https://evil.example' });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${sim.crmLookupUrl}1`, {
      method: 'OPTIONS',
      headers: { Origin: 'chrome-extension://abc', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('chrome-extension://abc');
  });

  it('crmCookie: without the session cookie a 401; /crm/login sets it; with it the answer', async () => {
    const sim = await start({ modes: { crmCookie: 'demo-session' } });
    expect(await lookup(sim, '777888999')).toMatchObject({ status: 401 });
    const signIn = await fetch(`${sim.httpUrl}/crm/login`);
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^crm_session=demo-session; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await lookup(sim, '777888999', { Cookie: 'theme=dark; crm_session=demo-session' })).toMatchObject({
      status: 200,
      body: { name: 'Jan Novák' },
    });
    expect(await lookup(sim, '777888999', { Cookie: 'crm_session=other' })).toMatchObject({ status: 401 });
    sim.setModes({ crmCookie: null });
    expect(await lookup(sim, '777888999')).toMatchObject({ status: 200 });
    expect((await fetch(`${sim.httpUrl}/crm/login`)).headers.get('set-cookie')).toBeNull();
    expect(asData(await (await fetch(`${sim.httpUrl}/crm/lookup?phone=1`, { method: 'POST' })).json())).toEqual({
      error: 'Use GET',
    });
  });
});
