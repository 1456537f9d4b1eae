/**
 * The iPBX simulator (sim/) against real `ws` clients and real HTTP: it must speak docs/protocol.md exactly. The
 * control endpoint (calls and modes over HTTP) and the demo CRM page.
 */
import { describe, expect, it } from 'vitest';
import { event, login, postJson, start } from './harness.ts';

describe('control endpoint and demo page', () => {
  it('drives calls and modes over HTTP, with 400/404 on bad input', async () => {
    const sim = await start();
    const alice = await login(sim, 'alice');
    const ring = await postJson(`${sim.httpUrl}/control/ring`, { from: '+420777888999', line: '444' });
    expect(ring.status).toBe(200);
    const id = String(ring.body.uniqueId);
    await alice.waitFor(event('Ringing', { uniqueId: id }));
    expect((await postJson(`${sim.httpUrl}/control/answer`, { uniqueId: id })).status).toBe(200);
    await alice.waitFor(event('Answered', { uniqueId: id }));

    const state = (await (await fetch(`${sim.httpUrl}/control/state`)).json()) as Record<string, unknown>;
    expect(state.authenticated).toBe(1);
    expect(state.calls).toEqual([expect.objectContaining({ uniqueId: id, state: 'answered' })]);
    const frames = state.received as Array<Record<string, unknown>>;
    expect(frames[0]?.raw).toContain('"action":"auth"');
    expect(JSON.stringify(state)).not.toContain('demo-token-alice'); // tokens are masked

    expect((await postJson(`${sim.httpUrl}/control/hangup`, { uniqueId: id, reason: 'busy' })).status).toBe(200);
    await alice.waitFor(event('Hangup', { uniqueId: id, reason: 'busy' }));

    const modes = await postJson(`${sim.httpUrl}/control/modes`, { ignorePing: true, dropAfterAuthMs: null });
    expect(modes.body).toMatchObject({ ignorePing: true, dropAfterAuthMs: null });
    expect(sim.modes.ignorePing).toBe(true);

    expect((await postJson(`${sim.httpUrl}/control/ring`, {})).status).toBe(400);
    expect((await postJson(`${sim.httpUrl}/control/ring`, { from: '1', line: '999' })).body.error).toMatch(/999/);
    expect((await postJson(`${sim.httpUrl}/control/modes`, { rejectAuth: 'yes' })).status).toBe(400);
    expect((await postJson(`${sim.httpUrl}/control/modes`, { noSuchMode: true })).status).toBe(400);
    const unknown = await postJson(`${sim.httpUrl}/control/answer`, { uniqueId: '1.2' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/No such call/);
    const badJson = await fetch(`${sim.httpUrl}/control/ring`, { method: 'POST', body: '{oops' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ error: 'Body is not valid JSON' });

    const drop = await postJson(`${sim.httpUrl}/control/drop`, {});
    expect(drop.body).toEqual({ dropped: 1 });
    expect((await alice.closed).code).toBe(1012);
  });

  it('serves the demo CRM page with escaped text', async () => {
    const sim = await start();
    for (const path of ['/', '/crm']) {
      const res = await fetch(`${sim.httpUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toContain('<title>Demo CRM — Contacts</title>');
      for (const text of [
        '+420 777 888 999',
        '00420 602 123 456',
        '+1 (212) 555-0142',
        '25.11.2026',
        '#20261125',
        '27074358',
        '12 990 Kč',
        'CZ65 0800 0000 1920 0014 5399',
        'href="tel:',
        'contenteditable="true"',
        '<textarea',
        'Jiří Šťastný',
      ]) {
        expect(html).toContain(text);
      }
      expect(html).toContain('Álvarez &lt;Import&gt; &amp; &quot;Export&quot;');
      expect(html).toContain('Emily O&#39;Connor');
      // One script: the "Calling now" box, which only listens to the page feed and writes text, never HTML.
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
      expect(scripts).toHaveLength(1);
      expect(scripts[0]).toContain("data.source !== 'ipbx-connect'");
      expect(scripts[0]).toContain('event.source !== window');
      expect(scripts[0]).not.toMatch(/innerHTML|postMessage|sendMessage|fetch\(/);
      expect(html).toContain('<section class="card" id="calling-now" aria-live="polite" hidden>');
    }
  });
});
