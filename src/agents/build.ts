import { InputError, type InputIssue } from "../core/errors.js";
import type { AgentBuildContext } from "./context.js";
import { agentKind, type AgentSpec } from "./registry.js";
import type { StrategyOptions } from "./strategies/options.js";
import type { AgentModel, Strategy } from "./types.js";
import { compareIds } from "../core/ids.js";

/** The agent ids one spec produces (a prosumer's count expansion included). */
export function agentIdsOf(spec: AgentSpec): string[] {
  return agentKind(spec.kind).ids(spec);
}

/**
 * Refuses an id that occurs twice, also after a prosumer's count expansion, or that is one of
 * `reserved` (ledger accounts such as the grid's), naming `agents[i].id` of the later spec.
 * Cheap: no profile is built.
 */
export function requireUniqueAgentIds(agents: readonly AgentSpec[], reserved: readonly string[] = []): void {
  const issues = agentIdIssues(agents, reserved);
  if (issues.length > 0) throw new InputError(issues);
}

/**
 * Every id problem of {@link requireUniqueAgentIds}, one issue per spec at most. `agents` may
 * have holes (a spec that failed the schema): they keep the others' indices and are skipped.
 */
export function agentIdIssues(agents: readonly (AgentSpec | undefined)[], reserved: readonly string[] = []): InputIssue[] {
  const owner = new Map<string, number>();
  const issues: InputIssue[] = [];
  agents.forEach((spec, i) => {
    if (spec === undefined) return;
    for (const id of agentIdsOf(spec)) {
      if (reserved.includes(id)) {
        issues.push({ path: `agents[${i}].id`, expected: `an id other than ${reserved.join(", ")} (accounts of the ledger), got "${id}"` });
        return;
      }
      const first = owner.get(id);
      if (first !== undefined) {
        issues.push({ path: `agents[${i}].id`, expected: `a unique agent id, got "${id}", already used by agents[${first}]` });
        return;
      }
      owner.set(id, i);
    }
  });
  return issues;
}

/** The physical models one spec produces (`path` names the spec in error messages). */
export function buildModelsOf(spec: AgentSpec, ctx: AgentBuildContext, path: string): AgentModel[] {
  return agentKind(spec.kind, `${path}.kind`).build(spec, ctx, path);
}

/**
 * How to build the strategy of each agent of `spec`: the strategy its kind offers under
 * `spec.strategy`, with its settings, for one model at a time (a kind may plan with what the
 * model has, a household's battery). Checked once, before any model is built: settings of
 * another strategy of the kind (`learning: {…}` with `strategy: lp-optimal`) are refused,
 * naming `${path}.<strategy>`.
 */
export function strategyBuilderOf(spec: AgentSpec, path: string): (model: AgentModel) => Strategy {
  const kind = agentKind(spec.kind, `${path}.kind`);
  const fields = spec as unknown as Readonly<Record<string, unknown>>;
  for (const other of kind.strategies) {
    if (other.name !== spec.strategy && fields[other.name] !== undefined) {
      throw new InputError({ path: `${path}.${other.name}`, expected: `${other.name} settings only with strategy "${other.name}" (this agent's is "${spec.strategy}")` });
    }
  }
  const entry = kind.strategies.find((s) => s.name === spec.strategy);
  if (!entry) {
    throw new InputError({ path: `${path}.strategy`, expected: `one of ${kind.strategies.map((s) => s.name).join(", ")} (strategies of ${kind.name}), got ${JSON.stringify(spec.strategy)}` });
  }
  const options: StrategyOptions = { bidJitter: spec.bidJitter };
  // The schema validated the settings (spec-fields.ts agentFields); absent: the strategy's defaults.
  const params = fields[entry.name] as Record<string, unknown> | undefined;
  return (model) => entry.create(options, params, model);
}

/**
 * The physical models of every consumer agent, sorted by id (code-unit order, independent of
 * locale). Ids are checked by {@link requireUniqueAgentIds} before any profile is built.
 */
export function buildAgentModels(agents: readonly AgentSpec[], ctx: AgentBuildContext): AgentModel[] {
  requireUniqueAgentIds(agents);
  const models = agents.flatMap((spec, i) => buildModelsOf(spec, ctx, `agents[${i}]`));
  return models.sort((a, b) => compareIds(a.id, b.id));
}
