import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";

/**
 * A run folder (DESIGN.md §5): manifest.json, steps.jsonl, summary.json and inputs/ (a copy
 * of every input file the run read). The manifest is written first with status "running" and
 * rewritten at the end, with the SHA-256 of every file and its seal (manifest-seal.ts); steps
 * are appended and handed to the OS one line at a time, so a killed run leaves a readable,
 * verifiable prefix, which `sesame run --resume` continues.
 */

/** File names inside a run folder. */
export const MANIFEST_FILE = "manifest.json";
export const STEPS_FILE = "steps.jsonl";
export const SUMMARY_FILE = "summary.json";
/** The folder of a run folder that holds the copies of its input files. */
export const INPUTS_DIR = "inputs";

/** manifest.json. Only `scenario` is bound to the hash chain (./index.ts). */
export interface Manifest {
  readonly format: number;
  readonly sesameVersion: string;
  readonly nodeVersion: string;
  /** Wall-clock time the run started; informative, never hashed. */
  readonly createdAt: string;
  readonly status: "running" | "complete" | "failed";
  /** The resolved scenario: every default filled in. */
  readonly scenario: unknown;
  readonly seed: string;
  /** Whether the summary compares the run with the baselines (`sesame run --no-baselines`: false). */
  readonly baselines?: boolean;
  /** Every input file the run read (CSV profiles), copied into `inputs/`; verify and export read the copies. */
  readonly inputs?: readonly InputFileRecord[];
  readonly mechanisms: { readonly rental: string; readonly energy: string };
  readonly steps: number;
  readonly stepsLogged?: number;
  readonly fingerprint?: string;
  readonly error?: { readonly step: number; readonly agent: string; readonly message: string };
  /** Informative: each `sesame run --resume` of this run, from the step its log then held and when. */
  readonly resumed?: readonly { readonly fromStep: number; readonly at: string }[];
  /**
   * The final manifest only: the SHA-256 (hex) of every file the run wrote, by its path in the
   * run folder (`steps.jsonl`, `summary.json`, `inputs/…`; span folders of a representative run
   * have their own manifests).
   */
  readonly files?: Readonly<Record<string, string>>;
  /** The final manifest only: binds the manifest to the chain (./index.ts, "The manifest's seal"). */
  readonly seal?: string;
}

/** An input file the run read, as the scenario names it and as the run folder keeps it. */
export interface InputFileRecord {
  /** The path as written in the scenario (relative to the scenario's folder). */
  readonly path: string;
  /** Its copy, relative to the run folder: `inputs/<path>`. */
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** Creates `dir`; refuses a folder that already holds a run. */
export function createRunFolder(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new InputError({ path: "--out", expected: `an empty or new folder; ${dir} is not empty` });
  }
  mkdirSync(dir, { recursive: true });
}

/** Writes `file` atomically (temporary file, then rename), so a reader never sees half of it; returns the text written. */
export function writeJsonAtomic(file: string, value: unknown): string {
  const tmp = `${file}.tmp`;
  const text = JSON.stringify(value, null, 2) + "\n";
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return text;
}

/** Appends records to steps.jsonl, one canonical JSON line each. */
export class StepLogWriter {
  private readonly fd: number;
  // The file's SHA-256 as it grows, so the final manifest need not read a log of gigabytes back.
  private readonly hash = createHash("sha256");
  /**
   * Opens steps.jsonl of `dir` for appending. `existing` are the lines the file already holds
   * (a resumed run's verified prefix, each without its newline), counted in its hash.
   */
  constructor(dir: string, existing: readonly string[] = []) {
    this.fd = openSync(join(dir, STEPS_FILE), "a");
    for (const line of existing) this.hash.update(line + "\n", "utf8");
  }
  /** Appends one record's line (its canonical JSON, see sealRecord) and hands it to the OS before returning. */
  append(line: string): void {
    const text = line + "\n";
    writeSync(this.fd, text);
    this.hash.update(text, "utf8");
  }
  /** The SHA-256 (hex) of everything the file holds: the existing lines and every line appended. */
  digest(): string {
    return this.hash.copy().digest("hex");
  }
  /** Flushes to disk and closes. */
  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}
