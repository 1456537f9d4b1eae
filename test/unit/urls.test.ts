import { describe, it, expect } from 'vitest';
import { isHttpUrl, isWebSocketUrl } from '../../src/shared/urls.ts';

describe('isWebSocketUrl / isHttpUrl', () => {
  it('accepts ws:// and wss:// only for the PBX', () => {
    expect(isWebSocketUrl('ws://localhost:8080')).toBe(true);
    expect(isWebSocketUrl('wss://pbx.example.com/ws')).toBe(true);
    expect(isWebSocketUrl('https://pbx.example.com')).toBe(false);
    expect(isWebSocketUrl('pbx.example.com')).toBe(false);
    expect(isWebSocketUrl('ws://')).toBe(false);
    expect(isWebSocketUrl('')).toBe(false);
  });

  it('accepts http:// and https:// only for the REST API and the pages we open', () => {
    expect(isHttpUrl('https://pbx.example.com/api')).toBe(true);
    expect(isHttpUrl('http://localhost:3000')).toBe(true);
    expect(isHttpUrl('wss://pbx.example.com')).toBe(false);
    expect(isHttpUrl('ftp://pbx.example.com')).toBe(false);
    expect(isHttpUrl('not a url')).toBe(false);
  });
});
