/** The URL checks every context shares: the iPBX WebSocket, the REST API, the screen pop's CRM pages. */

function hasProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A ws:// or wss:// URL with a host. */
export function isWebSocketUrl(value: string): boolean {
  return hasProtocol(value, ['ws:', 'wss:']);
}

/** An http:// or https:// URL with a host (the only kind we ever open). */
export function isHttpUrl(value: string): boolean {
  return hasProtocol(value, ['http:', 'https:']);
}
