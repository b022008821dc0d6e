import { InputError } from "../../src/core/errors.js";

/** The InputError `f` throws; anything else it throws is rethrown, and throwing nothing fails the test. */
export function refusal(f: () => unknown): InputError {
  try {
    f();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError, nothing was thrown");
}
