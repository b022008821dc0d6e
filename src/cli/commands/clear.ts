import type { Command } from "commander";
/** Registers `sesame clear`. (placeholder while the command is written) */
export function registerClearCommand(program: Command): void {
  void program;
}
