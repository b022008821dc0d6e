import seedrandom from "seedrandom";
import { sha256Hex } from "./hash.js";

/**
 * Seeded random streams (DESIGN.md §4). Every agent, mechanism and profile generator draws
 * from its own stream, derived from the run's root seed and the stream's name, so adding an
 * agent never shifts another's draws.
 */

/** A reproducible source of uniform numbers in [0, 1) whose state can be saved and restored. */
export interface RandomStream {
  /** The next uniform draw in [0, 1). */
  next(): number;
  /** Opaque state; `restoreStream(state)` continues bit-identically from here. */
  state(): seedrandom.State.Alea;
}

/** The stream named `name` under root seed `rootSeed`. Seeds are strings (numbers seed differently). */
export function createStream(rootSeed: string, name: string): RandomStream {
  return wrap(seedrandom.alea(sha256Hex(`${rootSeed}:${name}`), { state: true }));
}

/** A stream continuing from a state saved by `RandomStream.state()`. */
export function restoreStream(state: seedrandom.State.Alea): RandomStream {
  return wrap(seedrandom.alea("", { state }));
}

function wrap(prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>): RandomStream {
  return { next: () => prng(), state: () => prng.state() };
}

/** A standard normal draw (Box–Muller) from `stream`. */
export function normalDraw(stream: RandomStream): number {
  const u1 = Math.max(stream.next(), Number.MIN_VALUE);
  const u2 = stream.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
