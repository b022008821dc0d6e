import type { Command } from "commander";
/** Registers `sesame run`. (placeholder while the command is written) */
export function registerRunCommand(program: Command): void {
  void program;
}
