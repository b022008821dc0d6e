import { InputError } from "../core/errors.js";
import type { AgentSpec } from "./specs.js";
import type { AgentBuildContext } from "./context.js";
import { buildDccOperator } from "./kinds/dcc-operator/model.js";
import { buildMicrogrid } from "./kinds/microgrid/model.js";
import { buildVpp } from "./kinds/vpp/model.js";
import { buildProsumers, prosumerIds } from "./kinds/prosumer/model.js";
import type { AgentModel } from "./types.js";
import { compareIds } from "../core/ids.js";

/** The agent ids one spec produces (a prosumer's count expansion included). */
export function agentIdsOf(spec: AgentSpec): string[] {
  return spec.kind === "prosumer" ? prosumerIds(spec) : [spec.id];
}

/**
 * Refuses an id that occurs twice, also after a prosumer's count expansion, or that is one of
 * `reserved` (ledger accounts such as the grid's), naming `agents[i].id` of the later spec.
 * Cheap: no profile is built.
 */
export function requireUniqueAgentIds(agents: readonly AgentSpec[], reserved: readonly string[] = []): void {
  const owner = new Map<string, number>();
  agents.forEach((spec, i) => {
    for (const id of agentIdsOf(spec)) {
      if (reserved.includes(id)) {
        throw new InputError({ path: `agents[${i}].id`, expected: `an id other than ${reserved.join(", ")} (accounts of the ledger), got "${id}"` });
      }
      const first = owner.get(id);
      if (first !== undefined) {
        throw new InputError({ path: `agents[${i}].id`, expected: `a unique agent id; "${id}" is already used by agents[${first}]` });
      }
      owner.set(id, i);
    }
  });
}

/** The physical models one spec produces (`path` names the spec in error messages). */
export function buildModelsOf(spec: AgentSpec, ctx: AgentBuildContext, path: string): AgentModel[] {
  switch (spec.kind) {
    case "prosumer":
      return buildProsumers(spec, ctx, path);
    case "microgrid":
      return [buildMicrogrid(spec, ctx, path)];
    case "vpp":
      return [buildVpp(spec, ctx, path)];
    default:
      return [buildDccOperator(spec, ctx, path)];
  }
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
