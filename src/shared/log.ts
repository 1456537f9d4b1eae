/**
 * Logging for every context. Callers pass short descriptions, never frames or settings objects, so a token can
 * never reach the console; redact() is a second line of defence for text that came from outside.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const KEYS = 'token|access_token|refresh_token|password|authorization';
/** "token":"…" with anything inside the quotes, escaped quotes included. */
const QUOTED = new RegExp(`("(?:${KEYS})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** token=…, Authorization: Bearer …: the value up to the end of the line or a separator. */
const BARE = new RegExp(`\\b((?:${KEYS})\\s*[:=]\\s*)(?!["\\s])(?:bearer\\s+)?[^\\s,;&]+`, 'gi');

export function redact(text: string): string {
  return text.replace(QUOTED, '$1***"').replace(BARE, '$1***');
}

export function createLogger(
  scope: string,
  sink: Pick<Console, 'debug' | 'info' | 'warn' | 'error'> = console,
): Logger {
  const line = (message: string) => `[iPBX ${scope}] ${redact(message)}`;
  return {
    debug: (m) => sink.debug(line(m)),
    info: (m) => sink.info(line(m)),
    warn: (m) => sink.warn(line(m)),
    error: (m) => sink.error(line(m)),
  };
}
