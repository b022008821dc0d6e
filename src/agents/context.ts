import type { Calendar } from "../core/calendar.js";

/** What agent builders need besides their own spec. */
export interface AgentBuildContext {
  readonly calendar: Calendar;
  /** Site latitude for PV geometry, degrees north. */
  readonly latitudeDeg: number;
  /** The run's root seed; each profile gets the stream `profile:<agentId>:<what>`. */
  readonly rootSeed: string;
  /** Folder against which CSV profile paths are resolved (the scenario file's folder). */
  readonly scenarioDir: string;
}
