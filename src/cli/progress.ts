/**
 * A progress bar on stderr for long work: redrawn in place on a terminal, silent otherwise
 * (logs and CI stay clean). Redraws at most every 100 ms.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr, unit = "steps"): { update(done: number, total: number): void; finish(): void } {
  if (!stream.isTTY) return { update() {}, finish() {} };
  const started = performance.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = performance.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      drawn = true;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const elapsed = (now - started) / 1000;
      const rate = done / Math.max(elapsed, 1e-9);
      const eta = rate > 0 ? (total - done) / rate : 0;
      stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${unit}, ${rate.toFixed(0)}/s, ETA ${eta.toFixed(0)} s `);
    },
    finish() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}
