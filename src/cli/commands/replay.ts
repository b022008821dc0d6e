import type { Command } from "commander";
/** Registers `sesame replay`. (placeholder while the command is written) */
export function registerReplayCommand(program: Command): void {
  void program;
}
