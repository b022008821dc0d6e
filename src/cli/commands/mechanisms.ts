import type { Command } from "commander";
/** Registers `sesame mechanisms`. (placeholder while the command is written) */
export function registerMechanismsCommand(program: Command): void {
  void program;
}
