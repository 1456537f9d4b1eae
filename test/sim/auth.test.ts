/**
 * The iPBX simulator (sim/) against real `ws` clients and real HTTP: it must speak docs/protocol.md exactly. Auth: a
 * static token with a login, line or email identity, what is refused, and ping before and after auth.
 */
import { describe, expect, it } from 'vitest';
import { event, login, open, start } from './harness.ts';

describe('auth', () => {
  it('accepts a static token with a matching login, line or email identity and answers with the line', async () => {
    const sim = await start();
    expect(sim.wsUrl).toBe(`ws://127.0.0.1:${sim.port}/ws`);
    const identities: Array<[string, string]> = [
      ['login', 'bob'],
      ['line', '445'],
      ['email', 'BOB@example.com'],
    ];
    for (const [identityType, identityValue] of identities) {
      const c = await open(sim);
      c.send({ action: 'auth', token: 'demo-token-bob', identityType, identityValue });
      const ok = await c.waitFor(event('auth'));
      expect(ok.raw).toBe('{"event":"auth","status":"ok","line":"445"}');
    }
    expect(sim.authenticatedCount()).toBe(3);
    await sim.waitForAuthenticated(3, 100);
  });

  it('refuses an unknown token, an identity of another user, and requests before auth', async () => {
    const sim = await start();
    const c = await open(sim);
    c.send({ action: 'ping' });
    expect((await c.waitFor(event('error'))).raw).toBe(
      '{"event":"error","message":"Not authenticated","action":"ping"}',
    );

    c.send({ action: 'auth', token: 'nope', identityType: 'login', identityValue: 'alice' });
    expect((await c.waitFor(event('auth'))).raw).toBe('{"event":"auth","status":"error","message":"Invalid token"}');

    c.send({ action: 'auth', token: 'demo-token-alice', identityType: 'login', identityValue: 'bob' });
    await c.waitFor(event('auth', { message: 'Identity does not match the token' }));
    c.send({ action: 'auth', token: 'demo-token-alice', identityType: 'line', identityValue: '445' });
    await c.waitFor(
      (m) =>
        m.data.event === 'auth' &&
        m.data.message === 'Identity does not match the token' &&
        c.messages.filter((x) => x.data.message === 'Identity does not match the token').length === 2,
    );
    expect(sim.authenticatedCount()).toBe(0);

    c.send({ action: 'originate', to: '777888999', actionid: 'x1' });
    await c.waitFor(event('error', { message: 'Not authenticated', action: 'originate' }));
    expect(c.messages.some((m) => m.data.event === 'originateresponse')).toBe(false);
  });

  it('answers ping with pong once authenticated', async () => {
    const sim = await start();
    const c = await login(sim, 'alice');
    c.send({ action: 'ping' });
    expect((await c.waitFor(event('pong'))).raw).toBe('{"event":"pong"}');
    const frame = await sim.waitForFrame((f) => f.data?.action === 'ping');
    expect(frame.user).toBe('alice');
  });
});
