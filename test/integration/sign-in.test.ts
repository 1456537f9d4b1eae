/**
 * The e-mail sign-in against the real simulator over real HTTP (issue 15 §1): the platform's OAuth token endpoint,
 * its tokens on both dialects, refreshing once after an auth error, a dead refresh token that asks the user to sign in
 * again (not silently), the older REST API in both spellings, and every failure the options page names.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it } from 'vitest';
import { TokenError } from '../../src/background/token-request.ts';
import { ITEMS } from '../../src/shared/storage/items.ts';
import type { Simulator } from '../../sim/simulator.ts';
import {
  aliceSignIn,
  connected,
  connectionLog,
  DIALECTS,
  logs,
  pbxUrl,
  signInExpired,
  simulatorPerTest,
  startWith,
  storage,
  until,
} from './harness.ts';

let sim: Simulator;

simulatorPerTest(
  (s) => {
    sim = s;
  },
  () => sim,
);

async function signInError(p: Promise<unknown>): Promise<TokenError> {
  const e: unknown = await p.then(
    () => new Error('signed in'),
    (err: unknown) => err,
  );
  if (!(e instanceof TokenError)) throw e;
  return e;
}

describe.each(DIALECTS)('OAuth sign-in, then the iPBX over %s', (dialect) => {
  const settings = () => ({
    pbxUrl: pbxUrl(sim, dialect),
    transport: dialect,
    oauthTokenUrl: sim.oauthTokenUrl,
    identityType: 'email',
    identityValue: 'alice@example.com',
  });

  it('signs in with the password grant; the access token authenticates; nothing secret is kept in sight', async () => {
    sim.setModes({ tokenTtlSeconds: 3000 });
    const engine = await startWith(settings());
    await until(
      () => engine.connection.status.reason,
      (r) => r === 'reasonNotSignedIn',
      'not signed in',
    );
    await engine.signIn(aliceSignIn({ oauthTokenUrl: sim.oauthTokenUrl }));
    await connected(engine);
    const tokens = await storage.get(ITEMS.restTokens);
    if (!tokens) throw new Error('no tokens stored');
    expect(tokens).toMatchObject({ kind: 'oauth', restUrl: sim.oauthTokenUrl });
    expect(tokens.expiresAt - tokens.issuedAt).toBe(3_000_000);
    const auth = sim.received.filter((f) => f.data?.action === 'auth').at(-1);
    expect(auth?.data?.token).toBe(tokens.accessToken);
    // The simulator names the transport of Socket.IO frames only.
    expect(auth?.transport ?? 'websocket').toBe(dialect);

    const local = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(local).not.toContain('alice-pass');
    expect(local).not.toContain(tokens.accessToken);
    const log = JSON.stringify(connectionLog.entries());
    for (const secret of ['alice-pass', tokens.accessToken, tokens.refreshToken]) {
      expect(log).not.toContain(secret);
      expect(logs.join('\n')).not.toContain(secret);
    }
    const attempt = connectionLog.entries().find((e) => e.kind === 'sign-in');
    expect(attempt?.text).toContain(`OAuth password grant: POST ${sim.oauthTokenUrl} grant_type=password`);
    expect(attempt?.text).toContain('password=***');
    expect(attempt?.text).toContain('"access_token":"***"');
    expect(attempt?.text).toContain('"refresh_token":"***"');
  });

  it('an access token the iPBX no longer takes is refreshed once (refresh grant) and the user notices nothing', async () => {
    const engine = await startWith(settings());
    await engine.signIn(aliceSignIn({ oauthTokenUrl: sim.oauthTokenUrl }));
    await connected(engine);
    const first = await storage.get(ITEMS.restTokens);
    sim.expireTokens();
    sim.dropConnections();
    await until(
      () => sim.received.filter((f) => f.data?.action === 'auth').length,
      (n) => n >= 3,
      'a refused auth and one with the refreshed token',
      10_000,
    );
    await connected(engine, 10_000);
    const renewed = await storage.get(ITEMS.restTokens);
    expect(renewed?.accessToken).not.toBe(first?.accessToken);
    expect(renewed?.refreshToken).not.toBe(first?.refreshToken);
    expect(connectionLog.entries().some((e) => e.kind === 'sign-in' && e.text.startsWith('OAuth refresh'))).toBe(true);
    expect(signInExpired.count).toBe(0);
  });

  it('a refresh token that died asks the user to sign in again: auth-failed with the reason, and the notice', async () => {
    sim.setModes({ refreshTokenTtlSeconds: 1 });
    const engine = await startWith(settings());
    await engine.signIn(aliceSignIn({ oauthTokenUrl: sim.oauthTokenUrl }));
    await connected(engine);
    // The stored refreshExpiresAt says so too: no request is even made for it.
    await new Promise((r) => setTimeout(r, 1_100));
    sim.expireTokens();
    sim.dropConnections();
    await until(
      () => engine.connection.status,
      (s) => s.state === 'auth-failed',
      'auth-failed',
      10_000,
    );
    expect(engine.connection.status.reason).toBe('reasonSignInAgain');
    expect(signInExpired.count).toBe(1);
    expect(await storage.get(ITEMS.restTokens)).toBeNull();
  });
});

describe('OAuth refusals and failures, each as the options page names it', () => {
  const start = () =>
    startWith({
      pbxUrl: sim.wsUrl,
      oauthTokenUrl: sim.oauthTokenUrl,
      identityType: 'email',
      identityValue: 'alice@example.com',
    });

  it('a wrong password is invalid_grant → rejected', async () => {
    const engine = await start();
    const e = await signInError(engine.signIn(aliceSignIn({ oauthTokenUrl: sim.oauthTokenUrl, password: 'wrong' })));
    expect(e).toMatchObject({ code: 'rejected', url: sim.oauthTokenUrl });
    expect(e.message).toContain('invalid_grant');
    expect(await storage.get(ITEMS.restTokens)).toBeNull();
  });

  it('an unknown client is invalid_client → invalid-client', async () => {
    const engine = await start();
    const e = await signInError(engine.signIn(aliceSignIn({ oauthTokenUrl: sim.oauthTokenUrl, oauthClientId: 'web' })));
    expect(e.code).toBe('invalid-client');
  });

  it('nobody listening → unreachable', async () => {
    const engine = await start();
    const closed = await new Promise<number>((resolve) => {
      const server = createHttpServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const e = await signInError(engine.signIn(aliceSignIn({ oauthTokenUrl: `http://127.0.0.1:${closed}/token` })));
    expect(e.code).toBe('unreachable');
  });

  it('https to a server that speaks plain HTTP → tls', async () => {
    const plain = createHttpServer((_req, res) => res.end('{}'));
    const port = await new Promise<number>((resolve) =>
      plain.listen(0, '127.0.0.1', () => resolve((plain.address() as AddressInfo).port)),
    );
    try {
      const engine = await start();
      const e = await signInError(engine.signIn(aliceSignIn({ oauthTokenUrl: `https://127.0.0.1:${port}/token` })));
      expect(e.code).toBe('tls');
    } finally {
      plain.close();
    }
  });

  it('a certificate nobody vouches for (self-signed) → tls', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipbx-tls-'));
    let server: Server | null = null;
    try {
      execFileSync(
        'openssl',
        [
          ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
          ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
        ],
        { stdio: 'ignore' },
      );
      const https = createHttpsServer(
        { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
        (_req, res) => res.end('{}'),
      );
      server = https;
      const port = await new Promise<number>((resolve) =>
        https.listen(0, '127.0.0.1', () => resolve((https.address() as AddressInfo).port)),
      );
      const engine = await start();
      const e = await signInError(engine.signIn(aliceSignIn({ oauthTokenUrl: `https://127.0.0.1:${port}/token` })));
      expect(e.code).toBe('tls');
      expect(e.message).toMatch(/CERT|SELF_SIGNED/);
    } finally {
      server?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an HTML page instead of the token endpoint → not-json', async () => {
    const html = createHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>Sign in</title>');
    });
    const port = await new Promise<number>((resolve) =>
      html.listen(0, '127.0.0.1', () => resolve((html.address() as AddressInfo).port)),
    );
    try {
      const engine = await start();
      const e = await signInError(engine.signIn(aliceSignIn({ oauthTokenUrl: `http://127.0.0.1:${port}/login` })));
      expect(e.code).toBe('not-json');
    } finally {
      html.close();
    }
  });

  it('a JSON error that is no OAuth error (the simulator’s 404) → http-error', async () => {
    const engine = await start();
    const e = await signInError(engine.signIn(aliceSignIn({ oauthTokenUrl: `${sim.httpUrl}/no-such-endpoint` })));
    expect(e).toMatchObject({ code: 'http-error', message: 'HTTP 404' });
  });
});

describe('the older REST API', () => {
  it.each([
    ['snake_case, expires_in', false],
    ['camelCase, an absolute expiresAt', true],
  ])('signs in and refreshes when it answers in %s', async (_label, camel) => {
    sim.setModes({ restCamelCase: camel });
    const engine = await startWith({
      pbxUrl: sim.wsUrl,
      restUrl: sim.restUrl,
      identityType: 'email',
      identityValue: 'alice@example.com',
    });
    await engine.signIn(aliceSignIn({ restUrl: sim.restUrl }));
    await connected(engine);
    const first = await storage.get(ITEMS.restTokens);
    expect(first).toMatchObject({ kind: 'rest', restUrl: sim.restUrl });
    expect((first?.expiresAt ?? 0) - Date.now()).toBeGreaterThan(60_000);
    sim.expireTokens();
    sim.dropConnections();
    await until(
      () => sim.received.filter((f) => f.data?.action === 'auth').length,
      (n) => n >= 3,
      'a refused auth and one with the refreshed token',
      10_000,
    );
    await connected(engine, 10_000);
    expect((await storage.get(ITEMS.restTokens))?.accessToken).not.toBe(first?.accessToken);
  });
});
