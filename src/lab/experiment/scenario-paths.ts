import { produce } from "immer";

/**
 * Dot paths into a scenario (`storage.economics.capexPerKWh`, `agents.0.strategy`): the
 * language sweeps and `set` use. Array items are addressed by index.
 */

/** The path's keys; an index is a key of digits. */
export function pathKeys(path: string): string[] {
  return path.split(".");
}

function isContainer(x: unknown): x is Record<string, unknown> | unknown[] {
  return typeof x === "object" && x !== null;
}

/** The value at `path`, or undefined when any part of it is missing. */
export function valueAt(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of pathKeys(path)) {
    if (!isContainer(node) || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Why `path` cannot be set in `root`, or null when it can: every key but the last must lead to
 * an object or array that exists (the last may be new: the scenario schema then decides
 * whether that field is allowed); an array is indexed by a whole number within its length.
 */
export function pathProblem(root: unknown, path: string): string | null {
  const keys = pathKeys(path);
  if (keys.some((k) => k === "")) return "a dot path without empty parts";
  let node: unknown = root;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const at = keys.slice(0, i).join(".") || "(scenario)";
    if (!isContainer(node)) return `a path into the scenario; ${at} is not an object or list`;
    if (Array.isArray(node) && !(/^\d+$/.test(key) && Number(key) < node.length)) {
      return `a path into the scenario; ${at} is a list of ${node.length}, "${key}" is not an index in it`;
    }
    const isLast = i === keys.length - 1;
    if (!isLast && !Object.prototype.hasOwnProperty.call(node, key)) return `a path into the scenario; ${keys.slice(0, i + 1).join(".")} does not exist`;
    node = (node as Record<string, unknown>)[key];
  }
  return null;
}

/** A copy of `root` with `value` at `path` (the input is never changed). The path must be settable (see {@link pathProblem}). */
export function withValueAt<T>(root: T, path: string, value: unknown): T {
  const keys = pathKeys(path);
  return produce(root, (draft) => {
    let node = draft as unknown as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[keys.at(-1)!] = value;
  });
}
