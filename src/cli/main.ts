#!/usr/bin/env node
import { runSesame } from "./program.js";

/**
 * The `sesame` bin. A reader that stops early (`sesame schema | head`, `… | true`) closes the
 * pipe: that is not an error of the command. A write to a closed stdout or stderr is then
 * dropped (EPIPE, and the writes after it on the destroyed stream), the command finishes, and
 * the process exits with the command's own code — 0 when it succeeded, never a stack trace
 * (README, "Exit codes"). Any other stream error is still thrown.
 */
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
    throw error;
  });
}

process.exitCode = await runSesame(process.argv.slice(2));
