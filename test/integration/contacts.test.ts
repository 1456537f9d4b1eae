/**
 * Caller names against the real simulator: the engine and the background's caller-name wiring (CallerNames, as
 * src/background/index.ts wires it), real WebSockets and real HTTP (the iPBX's /contacts with the engine's own token,
 * pasted or REST; the demo CRM's /crm/lookup), the fake browser API and fake-indexeddb. Every source names a ring in
 * the snapshot, in the documented order; sign-out wipes the iPBX list and keeps the rest.
 */
import 'fake-indexeddb/auto';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallerNames } from '../../src/background/caller-names.ts';
import type { Engine } from '../../src/background/engine.ts';
import { addNumberKeys } from '../../src/shared/contact-keys.ts';
import { migrateSettings } from '../../src/shared/settings.ts';
import { ITEMS } from '../../src/shared/storage/items.ts';
import { browser, connected, log, logs, startWith, stopEngines, storage, until } from './harness.ts';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';

let sim: Simulator;
const simLog: string[] = [];

const alice = (extra: Record<string, unknown> = {}) => ({
  pbxUrl: sim.wsUrl,
  token: 'demo-token-alice',
  identityType: 'login',
  identityValue: 'alice',
  defaultCountry: 'CZ',
  ...extra,
});

/** The engine with caller names wired as the background wires them. */
async function start(
  settings: Record<string, unknown>,
): Promise<{ engine: Engine; names: CallerNames; changed: string[] }> {
  const engine = await startWith(settings);
  const changed: string[] = [];
  const names = new CallerNames({
    browser,
    storage,
    fetch: (url, init) => fetch(url, init),
    token: () => engine.accessToken(),
    settings: () => engine.settings,
    log,
    onChanged: (id) => changed.push(id),
  });
  engine.callerInfo = (calls) => names.resolution.callers(calls);
  engine.onChange((change) => names.track(change.calls));
  await names.start();
  return { engine, names, changed };
}

/** Applies new settings the way the background's storage watch does. */
function apply(engine: Engine, names: CallerNames, patch: object): void {
  const before = engine.settings;
  engine.applySettings(migrateSettings({ ...before, ...patch }));
  names.onSettings(before, engine.settings);
}

function callerOf(engine: Engine, uniqueId: string) {
  return engine.snapshot().callers?.[uniqueId];
}

async function ringAndName(engine: Engine, from: string, ok: (name: string | undefined) => boolean = (n) => !!n) {
  const uniqueId = sim.ring({ from, line: '444' });
  await until(() => callerOf(engine, uniqueId)?.name, ok, `a name for ${from}`);
  return uniqueId;
}

beforeEach(async () => {
  fakeBrowser.reset();
  logs.length = 0;
  simLog.length = 0;
  sim = await startSimulator({ log: (line) => simLog.push(line) });
});

afterEach(async () => {
  stopEngines();
  await sim.close();
});

describe('caller names against the simulator', () => {
  it("the iPBX's contact list: fetched with the pasted token, 304 with its ETag next time, a colleague by line", async () => {
    const { engine, names } = await start(alice({ contacts: { ipbxUrl: `${sim.apiUrl}/contacts` } }));
    await connected(engine);
    await names.refreshIpbx();
    const status = await names.status();
    expect(status.ipbx.count).toBeGreaterThan(5);
    expect(status.ipbx.lastAttempt?.error).toBeUndefined();
    const stored = await storage.get(ITEMS.ipbxContacts);
    expect(stored?.etag).toMatch(/^".+"$/);
    expect(stored?.contacts.every((c) => c.phones.every((p) => p.key !== undefined))).toBe(true);
    await names.refreshIpbx();
    expect(simLog.filter((l) => l.startsWith('GET /contacts for alice'))).toEqual([
      expect.stringMatching(/bytes$/),
      'GET /contacts for alice: 304',
    ]);
    const jan = await ringAndName(engine, '+420 777 888 999');
    expect(callerOf(engine, jan)).toEqual({ name: 'Jan Novák', company: 'Stavby Novák s.r.o.', source: 'ipbx' });
    const bob = await ringAndName(engine, '445');
    expect(callerOf(engine, bob)).toMatchObject({ name: 'Bob Svoboda', source: 'ipbx' });
    // The token went as a bearer token and never into the log.
    expect(logs.join('\n')).not.toContain('demo-token-alice');
  });

  it('the REST sign-in: the contact list is fetched with its access token; sign-out wipes the list', async () => {
    const { engine, names } = await start({
      pbxUrl: sim.wsUrl,
      restUrl: sim.restUrl,
      identityType: 'login',
      identityValue: 'alice',
      contacts: { ipbxUrl: `${sim.apiUrl}/contacts` },
    });
    await names.refreshIpbx();
    expect((await names.status()).ipbx.lastAttempt?.error).toEqual({ code: 'ipbxContactsErrNoToken' });
    await engine.signIn({
      email: 'alice@example.com',
      password: 'alice-pass',
      restUrl: sim.restUrl,
      oauthTokenUrl: '',
      oauthClientId: 'api',
      oauthScope: 'openid profile',
    });
    await connected(engine);
    await names.refreshIpbx();
    expect((await names.status()).ipbx).toMatchObject({ count: expect.any(Number) });
    expect((await names.status()).ipbx.lastAttempt?.error).toBeUndefined();
    await engine.signOut();
    await names.signedOut();
    expect(await storage.get(ITEMS.ipbxContacts)).toBeNull();
    expect((await names.status()).ipbx.count).toBe(0);
  });

  it("a refused token is the options page's sentence, not a crash", async () => {
    const { names } = await start(alice({ token: 'nobody', contacts: { ipbxUrl: `${sim.apiUrl}/contacts` } }));
    await names.refreshIpbx();
    expect((await names.status()).ipbx.lastAttempt?.error).toEqual({ code: 'ipbxContactsErrDenied', detail: '401' });
  });

  it("the demo CRM lookup names a caller; its record URL is kept for the screen pop's {recordUrl}", async () => {
    const { engine, changed } = await start(alice({ callerLookup: { urlTemplate: `${sim.crmLookupUrl}{e164}` } }));
    await connected(engine);
    const jan = await ringAndName(engine, '777888999');
    expect(callerOf(engine, jan)).toEqual({
      name: 'Jan Novák',
      company: 'Stavby Novák s.r.o.',
      recordUrl: `${sim.httpUrl}/crm/contact/crm-1`,
      source: 'crm',
      origin: sim.httpUrl,
    });
    // Named later than the ring: the notification and the panels were told.
    expect(changed).toContain(jan);
    expect(simLog).toContain('CRM lookup +420777888999: 1 match(es)');
  });

  it('a CRM that wants its session cookie fails as "denied", recorded for the options page; the ring still rings', async () => {
    sim.setModes({ crmCookie: 'secret-session' });
    const { engine, names } = await start(alice({ callerLookup: { urlTemplate: `${sim.crmLookupUrl}{e164}` } }));
    await connected(engine);
    const uniqueId = sim.ring({ from: '777888999', line: '444' });
    const deadline = Date.now() + 5_000;
    while ((await names.status()).crm.lastAttempt === undefined && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect((await names.status()).crm.lastAttempt?.error).toEqual({ code: 'crmErrDenied', detail: '401' });
    expect(engine.calls.calls.get(uniqueId)?.state).toBe('ringing');
    expect(callerOf(engine, uniqueId)).toBeUndefined();
    await expect(names.testLookup('777 888 999')).rejects.toMatchObject({ code: 'crmErrDenied', detail: '401' });
    sim.setModes({ crmCookie: null });
    expect(await names.testLookup('777 888 999')).toMatchObject({
      url: `${sim.crmLookupUrl}%2B420777888999`,
      matches: [{ name: 'Jan Novák' }],
      withCookies: false,
    });
    expect((await names.status()).crm.lastAttempt?.error).toBeUndefined();
  });

  it('every source at once, in the documented order; the order setting changes who wins; a source can be off', async () => {
    const contacts = [
      { name: 'Jana ze souboru', company: '', phones: [{ number: '+420 777 888 999', type: 'mobile' as const }] },
    ];
    await addNumberKeys(contacts, 'CZ');
    await storage.set(ITEMS.fileContacts, { country: 'CZ', contacts, updatedAt: 1, fileName: 'k.csv' });
    const { engine, names } = await start(
      alice({
        contacts: { ipbxUrl: `${sim.apiUrl}/contacts` },
        callerLookup: { urlTemplate: `${sim.crmLookupUrl}{e164}` },
      }),
    );
    await connected(engine);
    await names.refreshIpbx();
    await names.nameNumber('777888999', 'Můj Honza');
    const first = await ringAndName(engine, '777888999', (n) => n === 'Můj Honza');
    await until(
      () => callerOf(engine, first)?.recordUrl,
      (u) => u !== undefined,
      'the CRM answer',
    );
    // The user's name first; the CRM's and the iPBX's "Jan Novák" is one person; then the file.
    expect(callerOf(engine, first)).toEqual({
      name: 'Můj Honza',
      others: ['Jan Novák', 'Jana ze souboru'],
      recordUrl: `${sim.httpUrl}/crm/contact/crm-1`,
      source: 'user',
    });
    apply(engine, names, { contacts: { ...engine.settings.contacts, order: ['file', 'ipbx'] } });
    expect(callerOf(engine, first)?.name).toBe('Jana ze souboru');
    apply(engine, names, {
      contacts: { ...engine.settings.contacts, sources: { user: true, crm: true, ipbx: true, file: false } },
    });
    expect(callerOf(engine, first)).toMatchObject({ name: 'Jan Novák', source: 'ipbx' });
    // The dial box: the few best matches, from the sources that are on.
    expect(names.search('novak').map((s) => s.name)).toContain('Jan Novák');
    expect(names.search('jana ze').map((s) => s.name)).toEqual([]);
  });

  it('a restarted background indexes what IndexedDB holds, without asking the iPBX again', async () => {
    const first = await start(alice({ contacts: { ipbxUrl: `${sim.apiUrl}/contacts` } }));
    await first.names.refreshIpbx();
    await first.names.nameNumber('602 123 456', 'Instalatér');
    // The worker stops: its connection goes; IndexedDB stays (stopEngines would give the next test a new one).
    first.engine.connection.stop();
    const fetched = simLog.filter((l) => l.startsWith('GET /contacts')).length;
    const { engine } = await start(alice({ contacts: { ipbxUrl: `${sim.apiUrl}/contacts` } }));
    await connected(engine);
    const jan = await ringAndName(engine, '777888999');
    expect(callerOf(engine, jan)?.name).toBe('Jan Novák');
    const named = await ringAndName(engine, '+420602123456');
    expect(callerOf(engine, named)?.name).toBe('Instalatér');
    expect(simLog.filter((l) => l.startsWith('GET /contacts')).length).toBe(fetched);
  });
});
