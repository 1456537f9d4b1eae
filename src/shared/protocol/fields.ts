/**
 * The fields of one frame, read case-insensitively: the iPBX writes `uniqueId` on its socket and `UniqueId` in the
 * platform's webhook shape, and may send either. Values are the frame's scalars, numbers already turned into their
 * text by the caller (JSON frames keep the source text; Socket.IO payloads use String()).
 */

/** Thrown while decoding one frame; the codec turns it into { ok: false, reason }. */
export class FrameError extends Error {}

export class Fields {
  private readonly byKey = new Map<string, unknown>();

  /** Keys are compared in lower case; when a frame spells one key twice ("from" and "From"), the first one wins. */
  constructor(entries: Iterable<readonly [string, unknown]>) {
    for (const [key, value] of entries) {
      const lower = key.toLowerCase();
      if (!this.byKey.has(lower)) this.byKey.set(lower, value);
    }
  }

  /** The raw value of a key (any case), or undefined. */
  get(key: string): unknown {
    return this.byKey.get(key.toLowerCase());
  }

  /** A text field, or undefined when absent or of another type (for free text such as messages). */
  text(key: string): string | undefined {
    const v = this.get(key);
    return typeof v === 'string' ? v : undefined;
  }

  required(key: string, event: string): string {
    const v = this.get(key);
    if (v === undefined || v === null) throw new FrameError(`${event}: missing "${key}"`);
    if (typeof v !== 'string') throw new FrameError(`${event}: "${key}" must be a string or number`);
    return v;
  }

  /** Optional field: absent (or null) is fine, a wrong type is not (it would hide a PBX bug). */
  optional(key: string, event: string): string | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new FrameError(`${event}: "${key}" must be a string or number`);
    return v;
  }
}
