import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";

/**
 * A run folder (DESIGN.md §5): manifest.json, steps.jsonl, summary.json. The manifest is
 * written first with status "running" and rewritten at the end; steps are appended and
 * handed to the OS one line at a time, so a killed run leaves a readable, verifiable prefix.
 */

/** File names inside a run folder. */
export const MANIFEST_FILE = "manifest.json";
export const STEPS_FILE = "steps.jsonl";
export const SUMMARY_FILE = "summary.json";

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
  /** Folder CSV profile paths are relative to (informative; replay reads the profiles from there). */
  readonly scenarioDir: string;
  readonly mechanisms: { readonly rental: string; readonly energy: string };
  readonly steps: number;
  readonly stepsLogged?: number;
  readonly fingerprint?: string;
  readonly error?: { readonly step: number; readonly agent: string; readonly message: string };
}

/** Creates `dir`; refuses a folder that already holds a run. */
export function createRunFolder(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new InputError({ path: "--out", expected: `an empty or new folder; ${dir} is not empty` });
  }
  mkdirSync(dir, { recursive: true });
}

/** Writes `file` atomically (temporary file, then rename), so a reader never sees half of it. */
export function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + "\n");
  renameSync(tmp, file);
}

/** Appends records to steps.jsonl, one canonical JSON line each. */
export class StepLogWriter {
  private readonly fd: number;
  constructor(dir: string) {
    this.fd = openSync(join(dir, STEPS_FILE), "a");
  }
  /** Appends one record's line (its canonical JSON, see sealRecord) and hands it to the OS before returning. */
  append(line: string): void {
    writeSync(this.fd, line + "\n");
  }
  /** Flushes to disk and closes. */
  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}
