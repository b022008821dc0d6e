/**
 * Canonical JSON: object keys sorted, `undefined` members dropped, non-finite numbers refused.
 * Everything SESAME logs or hashes goes through here so that a record has exactly one
 * byte representation on every machine (DESIGN.md §4).
 */

/** Serialises `value` canonically. Throws on NaN/±Infinity, which must never reach a log. */
export function canonicalJson(value: unknown): string {
  return write(value, "$");
}

function write(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number at ${path}`);
      // -0 and 0 must hash alike.
      return JSON.stringify(value === 0 ? 0 : value);
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "object": {
      if (ArrayBuffer.isView(value)) return write(Array.from(value as unknown as ArrayLike<number>), path);
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => (v === undefined ? "null" : write(v, `${path}[${i}]`))).join(",")}]`;
      }
      const entries = Object.keys(value as object)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${write((value as Record<string, unknown>)[k], `${path}.${k}`)}`);
      return `{${entries.join(",")}}`;
    }
    default:
      throw new Error(`canonicalJson: cannot serialise ${typeof value} at ${path}`);
  }
}
