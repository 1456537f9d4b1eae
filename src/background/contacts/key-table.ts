/**
 * Number key → contacts, kept in typed arrays instead of a Map of strings: 100,000 contacts with 150,000 numbers
 * take about 4 bytes per contact id and 12 per distinct number, no objects for the garbage collector to walk,
 * and a lookup is one binary search (about 17 steps).
 *
 * A key is stored as one float64 "code": an E.164 key "+420777888999" as the number 420777888999 (at most 15
 * digits, exact in a double), an internal line "0445" as -10445 (a leading 1 keeps its leading zeros).
 */
import { isNumberKey, type NumberKey } from '../../shared/number-key.ts';

export function keyCode(key: NumberKey): number {
  if (!isNumberKey(key)) throw new RangeError(`not a number key: ${key}`);
  return key.startsWith('+') ? Number(key.slice(1)) : -Number(`1${key}`);
}

export function keyFromCode(code: number): NumberKey {
  return code > 0 ? `+${code}` : String(-code).slice(1);
}

const EMPTY = new Uint32Array(0);
/** Pairs looked up between two chances to pause. */
const STEP = 16_384;

export class KeyTable {
  private constructor(
    /** Distinct codes, ascending. */
    private readonly codes: Float64Array,
    /** Contacts of codes[i] are ids[start[i] .. start[i+1]). */
    private readonly start: Uint32Array,
    private readonly ids: Uint32Array,
  ) {}

  /**
   * From (code, contact id) pairs given in ascending id order (the order is kept: contacts sharing a number come out
   * in the order they were given). The same pair twice is the caller's to avoid.
   */
  static build(pairCodes: Float64Array, pairIds: Uint32Array): KeyTable {
    const steps = KeyTable.buildSteps(pairCodes, pairIds);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** build, yielding every few thousand pairs so a driver can give the event loop a turn. */
  static *buildSteps(pairCodes: Float64Array, pairIds: Uint32Array): Generator<void, KeyTable, void> {
    const sorted = pairCodes.slice().sort();
    yield;
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i] ?? 0;
    }
    const codes = sorted.slice(0, distinct);
    // Counting sort by code: stable, so ids stay ascending within each code.
    const start = new Uint32Array(distinct + 1);
    const slot = new Uint32Array(pairCodes.length);
    for (let p = 0; p < pairCodes.length; p++) {
      if (p % STEP === STEP - 1) yield;
      const at = lowerBound(codes, pairCodes[p] ?? 0);
      slot[p] = at;
      start[at + 1] = (start[at + 1] ?? 0) + 1;
    }
    for (let i = 1; i <= distinct; i++) start[i] = (start[i] ?? 0) + (start[i - 1] ?? 0);
    const fill = start.slice(0, distinct);
    const ids = new Uint32Array(pairCodes.length);
    for (let p = 0; p < pairCodes.length; p++) {
      const at = slot[p] ?? 0;
      ids[fill[at] ?? 0] = pairIds[p] ?? 0;
      fill[at] = (fill[at] ?? 0) + 1;
    }
    return new KeyTable(codes, start, ids);
  }

  /** Contact ids with this code, ascending; empty when none. */
  get(code: number): Uint32Array {
    const at = lowerBound(this.codes, code);
    if (this.codes[at] !== code) return EMPTY;
    return this.ids.subarray(this.start[at] ?? 0, this.start[at + 1] ?? 0);
  }

  get distinctKeys(): number {
    return this.codes.length;
  }

  get byteLength(): number {
    return this.codes.byteLength + this.start.byteLength + this.ids.byteLength;
  }
}

/** First index whose value is ≥ `value` (values ascending). */
export function lowerBound(values: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
