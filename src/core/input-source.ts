import { readFileSync, realpathSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError } from "./errors.js";
import { sha256Bytes } from "./hash.js";

/**
 * Where a scenario's input files (CSV profiles) are read from. A run reads them from the
 * scenario's folder, confined to it, and keeps what it read (the bytes, their SHA-256) so the
 * run folder can hold a copy (`inputs/`); verification, export and reports read those copies
 * from the run folder, checked against the hashes its manifest records. So a run folder is a
 * complete, movable record of what ran.
 */

/** A file read for the scenario: its name in messages (the path as the scenario writes it) and its text. */
export interface InputText {
  readonly name: string;
  readonly text: string;
}

/** An input file as it was read: the scenario's path, the bytes, their SHA-256. */
export interface ReadInput {
  readonly path: string;
  readonly bytes: Buffer;
  readonly sha256: string;
}

/** Reads the input files a scenario names. */
export interface InputSource {
  /** The file the scenario names `path` at field `fieldPath`; an InputError names that field when it cannot be read. */
  read(path: string, fieldPath: string): InputText;
  /** Every distinct file read so far, in the order first read. */
  readonly files: readonly ReadInput[];
}

/** How a scenario folder's inputs may be named. */
export interface ScenarioFolderOptions {
  /**
   * Allow absolute paths and paths leaving the scenario's folder (`sesame run
   * --allow-outside-inputs`). Off by default: a scenario from elsewhere must not read, say, a
   * system file.
   */
  readonly allowOutside?: boolean;
}

/** The inputs of a scenario whose file sits in `dir`: paths relative to it, confined to it unless allowed. */
export function scenarioFolderInputs(dir: string, options: ScenarioFolderOptions = {}): InputSource {
  return keptOnce((path, fieldPath) => {
    const file = confinedPath(dir, path, fieldPath, options.allowOutside === true);
    try {
      return readFileSync(file);
    } catch {
      throw new InputError({ path: fieldPath, expected: `a readable file, cannot read "${path}" (relative to the scenario's folder ${dir})` });
    }
  });
}

/** An InputSource over `readBytes` that reads each path once and keeps what it read, in order. */
function keptOnce(readBytes: (path: string, fieldPath: string) => Buffer): InputSource {
  const files: ReadInput[] = [];
  const byPath = new Map<string, InputText>();
  return {
    files,
    read(path, fieldPath) {
      const known = byPath.get(path);
      if (known) return known;
      const bytes = readBytes(path, fieldPath);
      files.push({ path, bytes, sha256: sha256Bytes(bytes) });
      const text = { name: path, text: bytes.toString("utf8") };
      byPath.set(path, text);
      return text;
    },
  };
}

/** `path` resolved in `dir`; refused when absolute or leaving `dir` (symbolic links followed) unless allowed. */
function confinedPath(dir: string, path: string, fieldPath: string, allowOutside: boolean): string {
  const file = resolve(dir, path);
  if (allowOutside) return file;
  const refuse = () => {
    throw new InputError({ path: fieldPath, expected: `a path inside the scenario's folder (relative, no way out by ".." or a link), got "${path}"; pass --allow-outside-inputs to read it anyway` });
  };
  if (isAbsolute(path) || escapes(resolve(dir), file)) refuse();
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return file; // missing: reading it reports that, naming the field
  }
  if (escapes(realpathSync(dir), real)) refuse();
  return file;
}

function escapes(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/** Where the run folder keeps its copy of the input the scenario names `path` (always under `inputs/`). */
export function inputCopyPath(input: Pick<ReadInput, "path" | "sha256">): string {
  const normal = input.path.split(/[\\/]+/).filter((p) => p !== "" && p !== ".");
  const inside = !isAbsolute(input.path) && !normal.includes("..");
  return inside ? join("inputs", ...normal).split(sep).join("/") : `inputs/outside/${input.sha256.slice(0, 12)}-${basename(input.path)}`;
}

/** An input file kept in a run folder, as the manifest lists it. */
export interface KeptInput {
  readonly path: string;
  readonly file: string;
  readonly sha256: string;
}

/**
 * The inputs of a logged run: the copies in the run folder `runDir`, each checked against the
 * SHA-256 the manifest records. A path the manifest does not list, a missing copy or one whose
 * bytes changed is an InputError naming the copy.
 */
export function runFolderInputs(runDir: string, kept: readonly KeptInput[]): InputSource {
  return keptOnce((path, fieldPath) => {
    const entry = kept.find((k) => k.path === path);
    if (!entry) throw new InputError({ path: fieldPath, expected: `a copy of "${path}" in the run folder's inputs/, but its manifest lists none` });
    if (!entry.file.startsWith("inputs/") || entry.file.split("/").includes("..")) {
      throw new InputError({ path: "manifest.json: inputs", expected: `copies under inputs/, got "${entry.file}"` });
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(runDir, entry.file));
    } catch {
      throw new InputError({ path: entry.file, expected: `the copy of "${path}" the run read (its manifest lists it), but it cannot be read` });
    }
    const sha256 = sha256Bytes(bytes);
    if (sha256 !== entry.sha256) throw new InputError({ path: entry.file, expected: `the bytes the run read (sha256 ${entry.sha256}), found sha256 ${sha256}` });
    return bytes;
  });
}
