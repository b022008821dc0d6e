import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes `file` atomically: the bytes go to a temporary file in the same folder (so the rename
 * never crosses a file system) and are then renamed over `file`. A reader sees the old file or
 * the new one, never half of one; an interrupted write leaves at most a stray temporary file.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  // The pid keeps two processes exporting into one folder from sharing a temporary file.
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
