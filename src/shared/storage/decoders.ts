/**
 * How stored data is read: each decoder turns whatever is stored into a value of its type, and says why it replaced
 * anything by its default or dropped it. Valibot checks the leaves; these three shapes decide what an error costs:
 * - `value`: all or nothing (an invalid value becomes the default);
 * - `fields`: an object read field by field (a field of the wrong type becomes its default, the rest is kept,
 *   unknown fields are dropped): what the settings contract promises to other tools that write it;
 * - `listOf`: an array that keeps its valid entries.
 * Reasons name the place and what was expected, never the stored value (it may be a token).
 */
import * as v from 'valibot';

export interface Decoder<T> {
  /** The default: what a missing or invalid value reads as. Deeply frozen. */
  readonly fallback: T;
  /** `raw` is present (neither undefined nor null); `at` names it in reasons. */
  decode(raw: unknown, at: string, reasons: string[]): T;
}

/** What a default is: deeply frozen. */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A field an administrator's policy may set (storage.managed); the policy's value wins and the field is locked. */
export type Managed<D> = D & { readonly managed: true };

export function managed<D extends Decoder<unknown>>(decoder: D): Managed<D> {
  return Object.freeze({ ...decoder, decode: decoder.decode.bind(decoder), managed: true as const });
}

export type FieldTable = { readonly [name: string]: Decoder<unknown> };

/** The value a field table decodes to (each field keeps its doc comment). */
export type ValuesOf<F extends FieldTable> = { -readonly [K in keyof F]: F[K] extends Decoder<infer T> ? T : never };

export interface Fields<F extends FieldTable> extends Decoder<ValuesOf<F>> {
  readonly fields: F;
}

/** Dot paths of the managed fields: `pbxUrl`, or `contacts.ipbxUrl` inside a nested table. */
export type ManagedPaths<F extends FieldTable> = {
  [K in keyof F & string]: F[K] extends { readonly managed: true }
    ? K
    : F[K] extends Fields<infer G>
      ? `${K}.${ManagedPaths<G>}`
      : never;
}[keyof F & string];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A fresh, mutable copy of a default, so that nobody changes the frozen one through what they read. */
export function copyOf<T>(fallback: T): T {
  return typeof fallback === 'object' && fallback !== null ? structuredClone(fallback) : fallback;
}

/** What went wrong, by place and expectation (valibot's message would quote the stored value). */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[], at: string): string {
  const first = issues[0];
  if (!first) return `${at}: invalid`;
  const path = v.getDotPath(first);
  return `${path ? `${at}.${path}` : at}: expected ${first.expected ?? first.type}`;
}

/** All or nothing: the value must match `schema`, or it reads as `fallback`. */
export function value<S extends v.GenericSchema<unknown>>(
  schema: S,
  fallback: v.InferOutput<S>,
): Decoder<v.InferOutput<S>> {
  return Object.freeze({
    fallback: deepFreeze(fallback),
    decode(raw: unknown, at: string, reasons: string[]): v.InferOutput<S> {
      const result = v.safeParse(schema, raw);
      if (result.success) return result.output;
      reasons.push(describeIssues(result.issues, at));
      return copyOf(fallback);
    },
  });
}

/** An array that keeps the entries that match `schema` and drops the others. */
export function listOf<S extends v.GenericSchema<unknown>>(schema: S): Decoder<v.InferOutput<S>[]> {
  const fallback: v.InferOutput<S>[] = [];
  return Object.freeze({
    fallback: deepFreeze(fallback),
    decode(raw: unknown, at: string, reasons: string[]): v.InferOutput<S>[] {
      if (!Array.isArray(raw)) {
        reasons.push(`${at}: expected Array`);
        return [];
      }
      const kept: v.InferOutput<S>[] = [];
      raw.forEach((entry: unknown, i) => {
        const result = v.safeParse(schema, entry);
        if (result.success) kept.push(result.output);
        else reasons.push(`dropped ${describeIssues(result.issues, `${at}[${i}]`)}`);
      });
      return kept;
    },
  });
}

/** An object read field by field; a missing field silently takes its default (older versions lacked it). */
export function fields<F extends FieldTable>(table: F): Fields<F> {
  const entries = Object.entries(table);
  // One value per field of the table: the shape of ValuesOf<F> by construction.
  const build = (valueFor: (name: string, field: Decoder<unknown>) => unknown) =>
    Object.fromEntries(entries.map(([name, field]) => [name, valueFor(name, field)])) as ValuesOf<F>;
  return Object.freeze({
    fields: table,
    fallback: deepFreeze(build((_, field) => field.fallback)),
    decode(raw: unknown, at: string, reasons: string[]): ValuesOf<F> {
      if (!isRecord(raw)) reasons.push(`${at}: expected Object`);
      const source = isRecord(raw) ? raw : {};
      return build((name, field) => {
        const stored = source[name];
        return stored === undefined ? copyOf(field.fallback) : field.decode(stored, `${at}.${name}`, reasons);
      });
    },
  });
}

function isFields(decoder: Decoder<unknown>): decoder is Fields<FieldTable> {
  return 'fields' in decoder && isRecord(decoder.fields);
}

/** The managed fields of a table, as dot paths, in table order. */
export function managedPaths<F extends FieldTable>(table: Fields<F>): ManagedPaths<F>[] {
  const paths: string[] = [];
  for (const [name, field] of Object.entries(table.fields)) {
    if ('managed' in field && field.managed === true) paths.push(name);
    else if (isFields(field)) paths.push(...managedPaths(field).map((p) => `${name}.${p}`));
  }
  // The same walk as the ManagedPaths type.
  return paths as ManagedPaths<F>[];
}

/** The value at a dot path of a stored object, or undefined. */
export function valueAt(raw: unknown, path: string): unknown {
  let at: unknown = raw;
  for (const part of path.split('.')) at = isRecord(at) ? at[part] : undefined;
  return at;
}

/** A copy of `raw` with `value` at a dot path (the objects on the way copied, or made). */
export function withValueAt(raw: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head = '', ...rest] = path.split('.');
  if (rest.length === 0) return { ...raw, [head]: value };
  const inner = raw[head];
  return { ...raw, [head]: withValueAt(isRecord(inner) ? inner : {}, rest.join('.'), value) };
}
