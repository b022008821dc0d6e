import type { InputSource } from "../core/input-source.js";
import type { Calendar } from "../core/calendar.js";

/** What agent builders need besides their own spec. */
export interface AgentBuildContext {
  readonly calendar: Calendar;
  /** Site latitude for PV geometry, degrees north. */
  readonly latitudeDeg: number;
  /** The run's root seed; each profile gets the stream `profile:<agentId>:<what>`. */
  readonly rootSeed: string;
  /** Where CSV profiles are read from: the scenario's folder, or a run folder's `inputs/` copies. */
  readonly inputs: InputSource;
}
