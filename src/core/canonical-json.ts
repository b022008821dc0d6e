/**
 * Canonical JSON: object keys sorted, `undefined` members dropped, non-finite numbers refused.
 * Everything SESAME logs or hashes goes through here so that a record has exactly one
 * byte representation on every machine (DESIGN.md §4). Written for speed: it runs on every
 * record and every state of a run.
 */

/** Serialises `value` canonically. Throws on NaN/±Infinity, which must never reach a log. */
export function canonicalJson(value: unknown): string {
  try {
    return write(value);
  } catch (error) {
    throw located(error, value, "$");
  }
}

/**
 * The canonical JSON of each defined member of `object`, by key. Lets a caller serialise an
 * object's members once and assemble several canonical objects from them (see `joinMembers`).
 */
export function canonicalMembers(object: Readonly<Record<string, unknown>>): Map<string, string> {
  const members = new Map<string, string>();
  for (const key of Object.keys(object)) {
    const v = object[key];
    if (v === undefined) continue;
    try {
      members.set(key, write(v));
    } catch (error) {
      throw located(error, v, `$.${key}`);
    }
  }
  return members;
}

/** The canonical object made of already-serialised members. */
export function joinMembers(members: ReadonlyMap<string, string>): string {
  const keys = [...members.keys()].sort(compareKeys);
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ",";
    out += JSON.stringify(keys[i]) + ":" + members.get(keys[i]!)!;
  }
  return out + "}";
}

// Code-unit order, as Array.prototype.sort's default: the same on every machine and locale.
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class Unserialisable extends Error {}

// The fast path carries no paths; on failure a second, slow walk finds where the value is.
function located(error: unknown, root: unknown, rootPath: string): Error {
  if (!(error instanceof Unserialisable)) return error as Error;
  const found = findUnserialisable(root, rootPath);
  return new Error(`canonicalJson: ${found?.what ?? error.message} at ${found?.path ?? rootPath}`);
}

function findUnserialisable(value: unknown, path: string): { path: string; what: string } | null {
  if (typeof value === "number") return Number.isFinite(value) ? null : { path, what: `non-finite number ${value}` };
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value !== "object") return { path, what: `cannot serialise ${typeof value}` };
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v])
    : Object.entries(value as object).map(([k, v]) => [`${path}.${k}`, v]);
  for (const [p, v] of entries) {
    const found = v === undefined ? null : findUnserialisable(v, p);
    if (found) return found;
  }
  return null;
}

function write(value: unknown): string {
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value)) throw new Unserialisable(`non-finite number ${value}`);
      // String(n) equals JSON.stringify(n) for finite numbers, and writes -0 as "0".
      return String(value);
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return writeArray(value);
      if (ArrayBuffer.isView(value)) return writeArray(Array.from(value as unknown as ArrayLike<number>));
      return writeObject(value as Record<string, unknown>);
    default:
      throw new Unserialisable(`cannot serialise ${typeof value}`);
  }
}

function writeArray(array: readonly unknown[]): string {
  let out = "[";
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ",";
    const v = array[i];
    out += v === undefined ? "null" : write(v);
  }
  return out + "]";
}

function writeObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object);
  if (!isSorted(keys)) keys.sort(compareKeys);
  let out = "{";
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = object[key];
    if (v === undefined) continue;
    out += (first ? "" : ",") + quotedKey(key) + write(v);
    first = false;
  }
  return out + "}";
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

// Records repeat the same few keys millions of times; quote each once.
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key) + ":";
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}
