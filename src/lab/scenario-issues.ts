import type { InputSource } from "../core/input-source.js";
import { agentIdIssues, AgentSchema, type AgentSpec } from "../agents/index.js";
import { InputError, type InputIssue } from "../core/errors.js";
import { zodIssues } from "../core/zod-issues.js";
import { createEnergyMechanism, createRentalMechanism, requireCooperativeSamples } from "../market/index.js";
import { EXTERNAL_ACCOUNT, GRID_ACCOUNT, MARKET_ACCOUNT } from "../market/types.js";
import { agentIdsOf } from "../agents/index.js";
import { consumerAgentsOf } from "./build-world.js";
import { resolveTariff } from "./resolve-tariff.js";
import { CalendarFieldsSchema, ScenarioSchema, type Scenario } from "./scenario-schema.js";

/**
 * Every problem of a scenario in one pass (`sesame validate`, DESIGN.md §6): the schema's, then
 * what only the validated parts show together — the tariff (sell ≤ buy, bands), the mechanism
 * names and parameters, agent ids, strategy settings, the cooperative rule's tenant limits —
 * and, when something is wrong and the scenario's folder is known, what building the agents
 * finds (CSV files, deadlines). The later stages run on every part that passed the schema
 * (each section and each agent is parsed on its own), so a wrong agent field does not hide a
 * wrong mechanism name. A valid scenario pays only for the schema and the cheap checks: its
 * agents are built once, by the world builder.
 */

/** The sections of a scenario that passed the schema on their own; a hole where one did not. */
interface ScenarioParts {
  readonly calendar?: Scenario["calendar"];
  readonly site?: Scenario["site"];
  readonly seed?: string;
  readonly tariff?: Scenario["tariff"];
  readonly storage?: Scenario["storage"];
  readonly market?: Scenario["market"];
  /** One entry per agent in the file (undefined where that agent failed); undefined when `agents` is not an array. */
  readonly agents?: readonly (AgentSpec | undefined)[];
}

/** The validated scenario, or every issue found (schema, cross-field and, with `inputs`, agent-building ones). */
export function scenarioIssues(raw: unknown, inputs?: InputSource): { scenario?: Scenario; issues: InputIssue[] } {
  const parsed = ScenarioSchema.safeParse(raw, { reportInput: true });
  const parts = parsed.success ? partsOf(parsed.data) : partsOfRaw(raw);
  const issues = [...(parsed.success ? [] : zodIssues(parsed.error)), ...crossIssues(parts)];
  if (issues.length === 0 && parsed.success) return { scenario: parsed.data, issues };
  if (inputs !== undefined) issues.push(...buildIssues(parts, inputs));
  return { issues: distinct(issues) };
}

function partsOf(scenario: Scenario): ScenarioParts {
  return { ...scenario, agents: scenario.agents };
}

/** Each section parsed on its own with its part of the schema. */
function partsOfRaw(raw: unknown): ScenarioParts {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return {};
  const fields = raw as Record<string, unknown>;
  const shape = ScenarioSchema.shape;
  const part = <S extends { safeParse(v: unknown): { success: boolean; data?: unknown } }>(schema: S, value: unknown) => {
    const result = schema.safeParse(value);
    return result.success ? result.data : undefined;
  };
  const agents = Array.isArray(fields["agents"]) ? (fields["agents"] as unknown[]).map((a) => part(AgentSchema, a) as AgentSpec | undefined) : undefined;
  return {
    calendar: calendarPart(fields["calendar"]),
    site: part(shape.site, fields["site"]) as Scenario["site"] | undefined,
    seed: part(shape.seed, fields["seed"]) as string | undefined,
    tariff: part(shape.tariff, fields["tariff"]) as Scenario["tariff"] | undefined,
    storage: part(shape.storage, fields["storage"]) as Scenario["storage"] | undefined,
    market: part(shape.market, fields["market"]) as Scenario["market"] | undefined,
    ...(agents ? { agents } : {}),
  } as ScenarioParts;
}

/**
 * The calendar to build agents with: the valid one, or — when its only problem is a rental
 * period that does not divide the horizon — its fields, so the agents' CSV files are still
 * checked. A calendar with any other problem (a horizon too long, a bad start) builds nothing.
 */
function calendarPart(value: unknown): Scenario["calendar"] | undefined {
  const full = ScenarioSchema.shape.calendar.safeParse(value);
  if (full.success) return full.data;
  if (!full.error.issues.every((i) => i.path.length === 1 && i.path[0] === "rentalPeriodSteps" && i.code === "custom")) return undefined;
  const fields = CalendarFieldsSchema.safeParse(value);
  return fields.success ? fields.data : undefined;
}

/** The checks that need several validated fields together; each part that failed is skipped. */
function crossIssues(parts: ScenarioParts): InputIssue[] {
  const issues: InputIssue[] = [];
  if (parts.tariff) collect(issues, () => resolveTariff(parts.tariff!));
  if (parts.market) {
    const { rental, energy } = parts.market;
    collect(issues, () => createEnergyMechanism(energy.mechanism, energy.params, "market.energy"));
    collect(issues, () => createRentalMechanism(rental.mechanism, rental.params, "market.rental"));
    const agents = parts.agents;
    if (rental.mechanism === "cooperative" && agents && agents.every((a) => a !== undefined)) {
      const tenants = agents.reduce((n, spec) => n + agentIdsOf(spec!).length, 0);
      collect(issues, () => requireCooperativeSamples(rental.params, tenants, "market.rental"));
    }
  }
  if (parts.agents) {
    const reserved = [parts.storage?.providerId ?? "provider", GRID_ACCOUNT, MARKET_ACCOUNT, EXTERNAL_ACCOUNT];
    issues.push(...agentIdIssues(parts.agents, reserved));
  }
  return issues;
}

/** What building each valid agent finds (needs a valid calendar, site and seed). */
function buildIssues(parts: ScenarioParts, inputs: InputSource): InputIssue[] {
  const { calendar, site, seed, agents } = parts;
  if (!calendar || !site || seed === undefined || !agents) return [];
  return consumerAgentsOf(agents, { calendar, latitudeDeg: site.latitudeDeg, rootSeed: seed, inputs }).issues;
}

function collect(issues: InputIssue[], check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    issues.push(...error.issues);
  }
}

/** Issues without repeats (a stage may find what an earlier one did), in order. */
function distinct(issues: readonly InputIssue[]): InputIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\n${i.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
