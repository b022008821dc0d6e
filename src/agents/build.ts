import { InputError } from "../core/errors.js";
import type { AgentSpec } from "./specs.js";
import type { AgentBuildContext } from "./context.js";
import { buildDccOperator } from "./dcc-operator.js";
import { buildMicrogrid } from "./microgrid.js";
import { buildVpp } from "./vpp.js";
import { buildProsumers, prosumerIds } from "./prosumer.js";
import type { AgentModel } from "./types.js";

/** The agent ids one spec produces (a prosumer's count expansion included). */
export function agentIdsOf(spec: AgentSpec): string[] {
  return spec.kind === "prosumer" ? prosumerIds(spec) : [spec.id];
}

/**
 * The physical models of every consumer agent, sorted by id (code-unit order, independent of
 * locale). An id that occurs twice, also after a prosumer's count expansion, is an input
 * error naming `agents[i].id` of the later spec; ids are checked before any profile is built.
 */
export function buildAgentModels(agents: readonly AgentSpec[], ctx: AgentBuildContext): AgentModel[] {
  const owner = new Map<string, number>();
  agents.forEach((spec, i) => {
    for (const id of agentIdsOf(spec)) {
      const first = owner.get(id);
      if (first !== undefined) {
        throw new InputError({ path: `agents[${i}].id`, expected: `a unique agent id; "${id}" is already used by agents[${first}]` });
      }
      owner.set(id, i);
    }
  });
  const models = agents.flatMap((spec, i) =>
    spec.kind === "prosumer"
      ? buildProsumers(spec, ctx, `agents[${i}]`)
      : spec.kind === "microgrid"
        ? [buildMicrogrid(spec, ctx, `agents[${i}]`)]
        : spec.kind === "vpp"
          ? [buildVpp(spec, ctx, `agents[${i}]`)]
          : [buildDccOperator(spec, ctx, `agents[${i}]`)],
  );
  return models.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
