import type { Calendar } from "../core/calendar.js";
import { rentalPeriodSpan } from "../core/calendar.js";
import { bandAt, pricesAt, type Tariff, type TariffBand } from "../core/tariff.js";
import { buildModelsOf, providerOffer, providerTerms, requireUniqueAgentIds, strategyBuilderOf, type AgentBuildContext, type AgentSpec } from "../agents/index.js";
import { InputError, type InputIssue } from "../core/errors.js";
import { EXTERNAL_ACCOUNT, GRID_ACCOUNT, MARKET_ACCOUNT } from "../market/types.js";
import { createEnergyMechanism, createRentalMechanism, requireCooperativeSamples } from "../market/index.js";
import type { StorageSpec } from "../storage/types.js";
import type { ConsumerAgent, World } from "../sim/world.js";
import type { Scenario } from "./scenario-schema.js";
import { resolveTariff } from "./resolve-tariff.js";
import { compareIds } from "../core/ids.js";
import { scenarioFolderInputs, type InputSource } from "../core/input-source.js";

/**
 * Builds the world of `scenario`. CSV profiles are read from `inputs`: a scenario's folder
 * (a path: confined to that folder, core/input-source.ts) or a run folder's kept copies; the
 * world lists every file it read (`inputFiles`), for the run folder to keep.
 */
export function buildWorld(scenario: Scenario, inputs: string | InputSource): World {
  const source = typeof inputs === "string" ? scenarioFolderInputs(inputs) : inputs;
  const calendar: Calendar = { ...scenario.calendar };
  const tariff = resolveTariff(scenario.tariff);
  // The provider's fields are not the storage's physics: they go to the offer and the terms.
  const { providerId, economics: _economics, powerOversell: _powerOversell, arbitrage, ...spec } = scenario.storage;
  const storage: StorageSpec = spec;
  const economics = providerTerms(scenario.storage, calendar);
  const offer = providerOffer(scenario.storage, calendar);
  const agents = buildAgents(scenario, calendar, source, providerId);
  if (scenario.market.rental.mechanism === "cooperative") {
    requireCooperativeSamples(scenario.market.rental.params, agents.length, "market.rental");
  }
  const { buyPrice, sellPrice, band, peakAhead } = stepPrices(tariff, calendar);
  return {
    scenario,
    seed: scenario.seed,
    calendar,
    tariff,
    buyPrice,
    sellPrice,
    band,
    peakAhead,
    storage,
    storagePhysics: {
      etaCharge: storage.etaCharge,
      etaDischarge: storage.etaDischarge,
      selfDischargePerStep: storage.selfDischargePerStep,
      socMin: storage.socMin,
      socMax: storage.socMax,
      degradationCostPerKWh: storage.degradationCostPerKWh,
    },
    providerId,
    offer,
    providerEconomics: economics,
    providerArbitrage: arbitrage ?? false,
    agents,
    energyMechanism: createEnergyMechanism(scenario.market.energy.mechanism, scenario.market.energy.params, "market.energy"),
    rentalMechanism: createRentalMechanism(scenario.market.rental.mechanism, scenario.market.rental.params, "market.rental"),
    convergence: scenario.market.convergence,
    inputFiles: source.files,
  };
}

function buildAgents(scenario: Scenario, calendar: Calendar, inputs: InputSource, providerId: string): ConsumerAgent[] {
  const ctx = { calendar, latitudeDeg: scenario.site.latitudeDeg, rootSeed: scenario.seed, inputs };
  requireUniqueAgentIds(scenario.agents, [providerId, GRID_ACCOUNT, MARKET_ACCOUNT, EXTERNAL_ACCOUNT]);
  const { agents, issues } = consumerAgentsOf(scenario.agents, ctx);
  if (issues.length > 0) throw new InputError(issues);
  return agents;
}

/**
 * The consumer agents of `specs`, sorted by id, and every input problem found while building
 * them (a CSV file, a deadline, a strategy's settings): each spec is built even when an earlier
 * one failed, so one pass names them all. Holes (specs that failed the schema) are skipped.
 */
export function consumerAgentsOf(specs: readonly (AgentSpec | undefined)[], ctx: AgentBuildContext): { agents: ConsumerAgent[]; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const agents = specs.flatMap((spec, i): ConsumerAgent[] => {
    if (spec === undefined) return [];
    const path = `agents[${i}]`;
    try {
      const strategyFor = strategyBuilderOf(spec, path);
      return buildModelsOf(spec, ctx, path).map((model) => ({
        model,
        strategy: strategyFor(model),
        bidJitter: spec.bidJitter,
        ...(spec.forecast ? { forecast: spec.forecast } : {}),
      }));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
      return [];
    }
  });
  return { agents: agents.sort((a, b) => compareIds(a.model.id, b.model.id)), issues };
}

function stepPrices(tariff: Tariff, calendar: Calendar) {
  const T = calendar.steps;
  const buyPrice = new Float64Array(T);
  const sellPrice = new Float64Array(T);
  const band: TariffBand[] = new Array<TariffBand>(T);
  for (let t = 0; t < T; t++) {
    const p = pricesAt(tariff, calendar, t);
    buyPrice[t] = p.buy;
    sellPrice[t] = p.sell;
    band[t] = bandAt(tariff, calendar, t);
  }
  const peakAhead: boolean[] = new Array<boolean>(T).fill(false);
  for (let t = T - 2; t >= 0; t--) {
    const { first, length } = rentalPeriodSpan(calendar, t);
    const nextInPeriod = t + 1 < first + length;
    peakAhead[t] = nextInPeriod && (band[t + 1] === "peak" || peakAhead[t + 1]!);
  }
  return { buyPrice, sellPrice, band, peakAhead };
}
