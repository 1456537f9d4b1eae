/**
 * The iPBX simulator (sim/) against real `ws` clients and real HTTP: it must speak docs/protocol.md exactly.
 * hangupcall: unknown ids, ids compared as exact strings, and numericIds (bare numbers in frames, refused from
 * clients).
 */
import { describe, expect, it } from 'vitest';
import { event, login, start } from './harness.ts';

describe('hangupcall', () => {
  it('answers an unknown id with an error frame and compares ids as exact strings', async () => {
    const sim = await start({ clock: () => 1412256225000, modes: { answerDelayMs: -1 } });
    const alice = await login(sim, 'alice');
    const id = sim.ring({ from: '777888999' });
    expect(id).toBe('1412256225.1940');
    await alice.waitFor(event('Ringing'));

    alice.send({ action: 'hangupcall', uniqueid: '1412256225.194' });
    expect((await alice.waitFor(event('error'))).raw).toBe(
      '{"event":"error","message":"No such call","action":"hangupcall"}',
    );
    expect(sim.calls()).toHaveLength(1);

    alice.send({ action: 'hangupcall', uniqueid: '1412256225.1940' });
    const hangup = await alice.waitFor(event('Hangup'));
    expect(hangup.data).toEqual({
      event: 'Hangup',
      from: '777888999',
      to: '444',
      uniqueId: '1412256225.1940',
      direction: 'incoming',
      line: '444',
      reason: 'hangup',
    });
    expect(sim.calls()).toEqual([]);
  });

  it('numericIds writes uniqueId/from/to/line as bare numbers with their exact text', async () => {
    const sim = await start({ clock: () => 1412256225000, modes: { numericIds: true, answerDelayMs: 30 } });
    const alice = await login(sim, 'alice');
    expect(alice.messages[0]?.raw).toBe('{"event":"auth","status":"ok","line":444}');

    const id = sim.ring({ from: '777888999' });
    const ringing = await alice.waitFor(event('Ringing'));
    expect(ringing.raw).toBe(
      '{"event":"Ringing","from":777888999,"to":444,"uniqueId":1412256225.1940,"direction":"incoming","line":444}',
    );
    expect(ringing.data.uniqueId).toBe(1412256225.194); // what a naive JSON.parse makes of it

    // Texts that are not JSON numbers stay strings.
    sim.ring({ from: '00420602123456' });
    sim.ring({ from: '+420777888999' });
    await alice.waitFor((m) => m.raw.includes('1412256225.1942'));
    expect(
      alice.messages
        .map((m) => m.raw)
        .filter((r) => r.includes('"Ringing"'))
        .slice(1),
    ).toEqual([
      '{"event":"Ringing","from":"00420602123456","to":444,"uniqueId":1412256225.1941,"direction":"incoming","line":444}',
      '{"event":"Ringing","from":"+420777888999","to":444,"uniqueId":1412256225.1942,"direction":"incoming","line":444}',
    ]);

    // The client must send the exact text back as a string; then the call is found.
    alice.send({ action: 'hangupcall', uniqueid: id });
    const hangup = await alice.waitFor(event('Hangup'));
    expect(hangup.raw).toContain('"uniqueId":1412256225.1940,');
    expect(hangup.raw).toContain('"reason":"hangup"');

    // Originate responses carry the id bare too.
    alice.send({ action: 'originate', to: '445', actionid: 'n1' });
    const response = await alice.waitFor(event('originateresponse'));
    expect(response.raw).toContain('"uniqueId":1412256225.1943}');
  });

  it('rejects a numeric uniqueid from the client (its text is already lost)', async () => {
    const sim = await start({ modes: { answerDelayMs: -1 } });
    const alice = await login(sim, 'alice');
    sim.ring({ from: '777888999' });
    alice.send('{"action":"hangupcall","uniqueid":1412256225.1940}');
    const err = await alice.waitFor(event('error'));
    expect(err.data).toEqual({ event: 'error', message: 'uniqueid must be a string', action: 'hangupcall' });
    expect(sim.calls()).toHaveLength(1);
  });
});
