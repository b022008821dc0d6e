import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { builtInScenarioDir } from "../../src/lab/package-root.js";

/**
 * A small scenario that reads a CSV profile: the built-in vpps with `steps` hourly steps and
 * its solar VPP's base load read from `profiles/base.csv` beside the scenario file. Written
 * into `dir`; returns the scenario file's path. The CSV matters: a run folder must keep it.
 */
export function writeCsvScenario(dir: string, steps = 12): string {
  const scenario = JSON.parse(readFileSync(join(builtInScenarioDir(), "vpps.json"), "utf8"));
  scenario.name = "vpps-csv";
  scenario.calendar = { ...scenario.calendar, steps, rentalPeriodSteps: steps % 6 === 0 ? 6 : 1 };
  scenario.agents[0].baseLoad = { csv: "profiles/base.csv", column: "kw" };
  mkdirSync(join(dir, "profiles"), { recursive: true });
  const rows = Array.from({ length: steps }, (_, t) => `${t},${(50 + 20 * Math.sin((t / 24) * 2 * Math.PI)).toFixed(3)}`);
  writeFileSync(join(dir, "profiles", "base.csv"), `t,kw\n${rows.join("\n")}\n`);
  const file = join(dir, "vpps-csv.json");
  writeFileSync(file, JSON.stringify(scenario, null, 2));
  return file;
}
