import { HOURS_PER_YEAR } from "../core/calendar.js";
import type { Baselines } from "./baselines.js";
import type { CentralOption, NoStorageCosts, OwnBatteryBaseline, SizingBasis, NeighbourSharedBaseline } from "./baselines.js";
import { compareWithBaselines } from "./comparison.js";
import type { AgentMetrics, RunSummary, Viability } from "./run-summary.js";
import type { PlannedSpan } from "./representative-spans.js";
import type { Scenario } from "./scenario-schema.js";
import { annualProviderCashFlow, irr, npv, paybackYears, storageCapex, usersMargins, viableForUsers } from "./viability.js";
import { yearBasisOf, type YearBasis } from "./year-basis.js";

/**
 * A year from representative spans (`calendar.representative`): the spans' summaries weighted
 * into one yearly summary. Span k ran `hours` hours and stands for w_k such spans in a year,
 * with Σ_k w_k·hours = 8760 h (representative-spans.ts). The pooled summary has the shape of a
 * run's summary.json, every figure over a year, so whatever reads a run's summary (the
 * experiment table, `sesame compare`) reads the year:
 *
 * - **Σ_k w_k·x_k** (a total over the year), for every cost, revenue and energy total:
 *   each agent's `cost`, `energyCost`, `rentalCost`, `degradationFees`, `demandCharges`,
 *   `noStorageCost`, `saving`, `noStorageNoFlexibilityCost`, `peerBoughtKWh`, `peerSoldKWh`,
 *   `gridImportKWh`, `gridExportKWh`; every `provider` figure (rent, fees, pool upkeep,
 *   arbitrage, wear, capex share, O&M share, profit — the capex and O&M shares pool to one
 *   year's, since Σ_k w_k·hours/8760 = 1); `market.peerTradedKWh` and `operatorSurplus`;
 *   `storage.throughputKWh`, `lossesKWh`, `curtailedKWh`; and in the comparison's baselines
 *   every cost of an option of a given size: no storage (per agent, total, and without
 *   flexibility), own batteries of a given size, the central optimum at the shared storage's
 *   size, neighbour groups (and the perfect-foresight no storage and central optimum at the
 *   shared size).
 * - **sized once for the year** (representative-sizing.ts), not pooled: own batteries with
 *   `sizing: optimal` and the optimally sized central optimum (and its perfect-foresight
 *   twin) — a per-span size would buy a new battery every season. Neighbour groups with
 *   `sizing: optimal` are the exception: they keep each span's size, pooled, and
 *   `representative.sizing.neighbourShared` says `per-span`.
 * - **weighted means**: per-agent mean rented kWh and kW and `storage.utilisation` by hours
 *   (w_k·hours); `storage.meanRentedShare` and `market.meanRentalPrices` by rental periods
 *   (w_k × the span's periods); `market.meanEnergyPrice` by peer-traded kWh (w_k·kWh_k).
 * - **recomputed from the pooled figures**: the comparison (savings, system cost, welfare,
 *   efficiency, budget surplus, IR violations, Gini: comparison.ts on the pooled summary and
 *   baselines) and the viability (the provider's yearly operating cash flow from the pooled
 *   provider figures, NPV, IRR and paybacks from it — NPV is linear in the cash flow, so it
 *   equals Σ_k (w_k·hours/8760)·NPV_k — and the users' verdict with its margins from the pooled
 *   costs), with `basis` saying which spans the year rests on.
 * - **the same in every span**: scenario name, currency, mechanisms, the storage's ratings.
 * - `checks`: the largest residual of any span. `stepsCompleted`: the steps simulated in all
 *   spans; `hours`: 8760, the horizon the figures are over. `equilibrium`: converged when every
 *   span converged; its trajectory and period stay in each span's summary (an empty
 *   trajectory here; each span's verdict in `representative.spans`).
 */

/** One span in the representative summary: what ran and what it found, over its own hours. */
export interface RepresentativeSpanEntry {
  readonly index: number;
  /** Run folder relative to the representative run folder. */
  readonly folder: string;
  readonly start: string;
  readonly seed: string;
  /** Normalised: how many such spans it stands for in a year. */
  readonly weight: number;
  readonly steps: number;
  readonly hours: number;
  readonly status: RunSummary["status"];
  readonly fingerprint: string;
  /** Σ consumer agents' cost over the span, currency. */
  readonly usersCost: number;
  /** The provider's profit over the span, currency. */
  readonly providerProfit: number;
  readonly equilibrium: { readonly converged: boolean; readonly convergedAtPeriod: number | null };
}

/** How the year was put together (summary.json `representative`). */
export interface RepresentativeYear {
  readonly spans: readonly RepresentativeSpanEntry[];
  /** Hours simulated in all spans together. */
  readonly hoursSimulated: number;
  /** One line for a reader: "4 representative weeks (January, April, July, October), weighted into a year (each stands for 13.04 weeks)". */
  readonly description: string;
  /** How the optimally sizable options were sized; null without baselines. */
  readonly sizing: {
    readonly ownBattery: "year" | "given";
    readonly centralOptimum: "year";
    readonly neighbourShared?: "given" | "per-span";
  } | null;
}

/** summary.json of a representative run: a run summary of the pooled year, with how it was pooled. */
export interface RepresentativeSummary extends RunSummary {
  readonly representative: RepresentativeYear;
  /** A failed span: its fault, and which span it was. */
  readonly error?: NonNullable<RunSummary["error"]> & { readonly span: string };
}

/** The options sized once for the year (representative-sizing.ts), as the pooling needs them. */
export interface YearSizedOptions {
  /** Present when own batteries are sized optimally (`given` sizes are pooled). */
  readonly ownBattery?: OwnBatteryBaseline;
  readonly centralOptimal: CentralOption;
  /** Present when the spans' baselines have perfect-foresight twins. */
  readonly perfectForesightCentralOptimal?: CentralOption;
  /** The periods the year's sizing LPs saw. */
  readonly sizingPeriods: SizingBasis;
}

/** A finished span: its plan and its summary. */
export interface SpanSummary {
  readonly span: PlannedSpan;
  readonly summary: RunSummary;
}

/**
 * The pooled year of `spans` (every one complete), as the module comment says. `yearSized`
 * is required when the spans carry a comparison (their optimally sized options are not pooled);
 * `fingerprint` is the representative run's (representative-spans.ts).
 */
export function poolRepresentativeYear(scenario: Scenario, spans: readonly SpanSummary[], fingerprint: string, yearSized?: YearSizedOptions): RepresentativeSummary {
  if (spans.length === 0 || spans.some((s) => s.summary.status !== "complete")) throw new Error("poolRepresentativeYear: every span must be complete");
  const first = spans[0]!.summary;
  // Phase 1: the measured figures, as a run summary over a year.
  const measured: Omit<RunSummary, "error"> = {
    scenario: first.scenario,
    seed: scenario.seed,
    currency: first.currency,
    status: "complete",
    stepsCompleted: spans.reduce((n, s) => n + s.summary.stepsCompleted, 0),
    hours: HOURS_PER_YEAR,
    mechanisms: first.mechanisms,
    fingerprint,
    agents: pooledAgents(spans),
    provider: pooledRecord(spans, (s) => s.provider) as RunSummary["provider"],
    market: pooledMarket(spans),
    storage: pooledStorage(spans),
    equilibrium: { tracked: first.equilibrium.tracked, converged: spans.every((s) => s.summary.equilibrium.converged), convergedAtPeriod: null, trajectory: [] },
    checks: {
      maxEnergyResidualKWh: Math.max(...spans.map((s) => s.summary.checks.maxEnergyResidualKWh)),
      maxStorageResidualKWh: Math.max(...spans.map((s) => s.summary.checks.maxStorageResidualKWh)),
      maxMoneyResidual: Math.max(...spans.map((s) => s.summary.checks.maxMoneyResidual)),
    },
  };
  // Phase 2: the options on the year's footing, and the comparison recomputed from the pooled figures.
  const withBaselines = spans.every((s) => s.summary.comparison !== undefined);
  if (withBaselines && !yearSized) throw new Error("poolRepresentativeYear: spans with baselines need the options sized for the year");
  const baselines = withBaselines ? pooledBaselines(spans, yearSized!) : undefined;
  const compared: Omit<RunSummary, "error"> = baselines ? { ...measured, comparison: compareWithBaselines(measured, baselines) } : measured;
  // Phase 3: the year's viability and how the year was made.
  const basis = representativeBasis(scenario, spans.map((s) => s.span));
  return {
    ...compared,
    viability: pooledViability(compared, scenario, basis),
    representative: {
      spans: spans.map(({ span, summary }) => spanEntry(span, summary)),
      hoursSimulated: basis.hours,
      description: basis.description,
      sizing: baselines
        ? {
            ownBattery: yearSized!.ownBattery ? "year" : "given",
            centralOptimum: "year",
            ...(baselines.neighbourShared ? { neighbourShared: baselines.neighbourShared.sizing === "optimal" ? ("per-span" as const) : ("given" as const) } : {}),
          }
        : null,
    },
  };
}

/**
 * The summary of a representative run that stopped in span `failed`: that span's own summary
 * (its partial figures, over its own steps, as a failed run's are), marked failed with the span
 * named, and the spans that ran. Nothing is pooled from a year with a span missing.
 */
export function failedRepresentativeSummary(spans: readonly SpanSummary[], fingerprint: string): RepresentativeSummary {
  const failed = spans[spans.length - 1]!;
  const { summary } = failed;
  const error = summary.error ?? { step: summary.stepsCompleted, agent: "(span)", message: "the span did not complete" };
  return {
    ...summary,
    status: "failed",
    fingerprint,
    error: { ...error, span: failed.span.folder },
    representative: {
      spans: spans.map(({ span, summary: s }) => spanEntry(span, s)),
      hoursSimulated: spans.reduce((h, s) => h + s.summary.hours, 0),
      description: `stopped in span ${failed.span.folder}: nothing pooled`,
      sizing: null,
    },
  };
}

function spanEntry(span: PlannedSpan, summary: RunSummary): RepresentativeSpanEntry {
  return {
    index: span.index,
    folder: span.folder,
    start: span.start,
    seed: span.seed,
    weight: span.weight,
    steps: summary.stepsCompleted,
    hours: summary.hours,
    status: summary.status,
    fingerprint: summary.fingerprint,
    usersCost: Object.values(summary.agents).reduce((s, a) => s + a.cost, 0),
    providerProfit: summary.provider.profit,
    equilibrium: { converged: summary.equilibrium.converged, convergedAtPeriod: summary.equilibrium.convergedAtPeriod },
  };
}

// ── Pooling rules ───────────────────────────────────────────────────────────────────────────

/** Σ_k w_k·x_k of one figure. */
function pooled(spans: readonly SpanSummary[], read: (s: RunSummary) => number): number {
  return spans.reduce((sum, s) => sum + s.span.weight * read(s.summary), 0);
}

/** Σ_k w_k·x_k of every number of a record (all of whose fields are totals over the horizon). */
function pooledRecord<T extends object>(spans: readonly SpanSummary[], read: (s: RunSummary) => T): Record<string, number> {
  const keys = Object.keys(read(spans[0]!.summary)) as (keyof T & string)[];
  return Object.fromEntries(keys.map((key) => [key, pooled(spans, (s) => read(s)[key] as number)]));
}

/** A weighted mean of `read` over the spans, each weighing w_k·by_k; null when nothing weighs. */
function weightedMean(spans: readonly SpanSummary[], read: (s: RunSummary) => number | null, by: (s: RunSummary) => number): number | null {
  let sum = 0;
  let weight = 0;
  for (const s of spans) {
    const x = read(s.summary);
    if (x === null) continue;
    const w = s.span.weight * by(s.summary);
    sum += w * x;
    weight += w;
  }
  return weight > 0 ? sum / weight : null;
}

const TOTAL_FIELDS = ["cost", "energyCost", "rentalCost", "degradationFees", "demandCharges", "noStorageCost", "saving", "noStorageNoFlexibilityCost", "peerBoughtKWh", "peerSoldKWh", "gridImportKWh", "gridExportKWh"] as const;

function pooledAgents(spans: readonly SpanSummary[]): Record<string, AgentMetrics> {
  const ids = Object.keys(spans[0]!.summary.agents);
  return Object.fromEntries(
    ids.map((id) => {
      const totals = Object.fromEntries(TOTAL_FIELDS.map((f) => [f, pooled(spans, (s) => s.agents[id]![f])]));
      const hours = (s: RunSummary) => s.hours;
      return [
        id,
        {
          ...totals,
          meanRentedEnergyKWh: weightedMean(spans, (s) => s.agents[id]!.meanRentedEnergyKWh, hours) ?? 0,
          meanRentedPowerKW: weightedMean(spans, (s) => s.agents[id]!.meanRentedPowerKW, hours) ?? 0,
        } as AgentMetrics,
      ];
    }),
  );
}

/** Rental periods a span's summary covers: one trajectory entry per rental round. */
const periodsOf = (s: RunSummary) => s.equilibrium.trajectory.length;

function pooledMarket(spans: readonly SpanSummary[]): RunSummary["market"] {
  const cE = weightedMean(spans, (s) => s.market.meanRentalPrices?.cE ?? null, periodsOf);
  const cP = weightedMean(spans, (s) => s.market.meanRentalPrices?.cP ?? null, periodsOf);
  return {
    meanEnergyPrice: weightedMean(spans, (s) => s.market.meanEnergyPrice, (s) => s.market.peerTradedKWh),
    peerTradedKWh: pooled(spans, (s) => s.market.peerTradedKWh),
    operatorSurplus: pooled(spans, (s) => s.market.operatorSurplus),
    meanRentalPrices: cE !== null && cP !== null ? { cE, cP } : null,
  };
}

function pooledStorage(spans: readonly SpanSummary[]): RunSummary["storage"] {
  const { energyKWh, powerKW } = spans[0]!.summary.storage;
  const throughputKWh = pooled(spans, (s) => s.storage.throughputKWh);
  return {
    energyKWh,
    powerKW,
    throughputKWh,
    lossesKWh: pooled(spans, (s) => s.storage.lossesKWh),
    // throughput / (2·E^max·days) over the year's 365 days: the hour-weighted mean of the spans'.
    utilisation: energyKWh > 0 ? throughputKWh / (2 * energyKWh * (HOURS_PER_YEAR / 24)) : 0,
    meanRentedShare: weightedMean(spans, (s) => s.storage.meanRentedShare, periodsOf) ?? 0,
    curtailedKWh: pooled(spans, (s) => s.storage.curtailedKWh),
  };
}

// ── Baselines ───────────────────────────────────────────────────────────────────────────────

function baselinesOf(s: RunSummary): Baselines {
  return s.comparison!.baselines;
}

function pooledNoStorage(spans: readonly SpanSummary[], read: (b: Baselines) => NoStorageCosts): NoStorageCosts {
  const ids = Object.keys(read(baselinesOf(spans[0]!.summary)).perAgent);
  const perAgent = (pick: (n: NoStorageCosts) => Readonly<Record<string, number>>) => Object.fromEntries(ids.map((id) => [id, pooled(spans, (s) => pick(read(baselinesOf(s)))[id] ?? 0)]));
  return {
    perAgent: perAgent((n) => n.perAgent),
    total: pooled(spans, (s) => read(baselinesOf(s)).total),
    withoutFlexibility: { perAgent: perAgent((n) => n.withoutFlexibility.perAgent), total: pooled(spans, (s) => read(baselinesOf(s)).withoutFlexibility.total) },
  };
}

/** An option of a given size: its size, and its costs pooled. */
function pooledOption(spans: readonly SpanSummary[], read: (b: Baselines) => CentralOption): CentralOption {
  const { energyKWh, powerKW } = read(baselinesOf(spans[0]!.summary));
  return {
    energyKWh,
    powerKW,
    systemCost: pooled(spans, (s) => read(baselinesOf(s)).systemCost),
    operatingCost: pooled(spans, (s) => read(baselinesOf(s)).operatingCost),
    fixedCost: pooled(spans, (s) => read(baselinesOf(s)).fixedCost),
  };
}

/** Own batteries of a given size: the same battery in every span, its costs pooled. */
function pooledGivenOwnBatteries(spans: readonly SpanSummary[]): OwnBatteryBaseline {
  const firstOwn = baselinesOf(spans[0]!.summary).ownBattery;
  const perAgent = Object.fromEntries(
    Object.entries(firstOwn.perAgent).map(([id, own]) => {
      const at = (s: RunSummary) => baselinesOf(s).ownBattery.perAgent[id]!;
      return [id, { energyKWh: own.energyKWh, powerKW: own.powerKW, cost: pooled(spans, (s) => at(s).cost), operatingCost: pooled(spans, (s) => at(s).operatingCost), fixedCost: pooled(spans, (s) => at(s).fixedCost) }];
    }),
  );
  return { sizing: firstOwn.sizing, perAgent, total: pooled(spans, (s) => baselinesOf(s).ownBattery.total), energyKWh: firstOwn.energyKWh, powerKW: firstOwn.powerKW };
}

/** Neighbour groups: costs pooled; sizes the same in every span when given (each span's, hour-weighted, when optimal). */
function pooledNeighbourShared(spans: readonly SpanSummary[]): NeighbourSharedBaseline {
  const first = baselinesOf(spans[0]!.summary).neighbourShared!;
  const group = (s: RunSummary, g: number) => baselinesOf(s).neighbourShared!.groups[g]!;
  const hours = (s: RunSummary) => s.hours;
  return {
    ...first,
    groups: first.groups.map((g, i) => ({
      members: g.members,
      energyKWh: weightedMean(spans, (s) => group(s, i).energyKWh, hours) ?? g.energyKWh,
      powerKW: weightedMean(spans, (s) => group(s, i).powerKW, hours) ?? g.powerKW,
      operatingCost: pooled(spans, (s) => group(s, i).operatingCost),
      fixedCost: pooled(spans, (s) => group(s, i).fixedCost),
      cost: pooled(spans, (s) => group(s, i).cost),
    })),
    total: pooled(spans, (s) => baselinesOf(s).neighbourShared!.total),
    savingVsNoStorage: pooled(spans, (s) => baselinesOf(s).neighbourShared!.savingVsNoStorage),
    perAgent: Object.fromEntries(
      Object.entries(first.perAgent).map(([id, a]) => {
        const at = (s: RunSummary) => baselinesOf(s).neighbourShared!.perAgent[id]!;
        return [id, { group: a.group, cost: pooled(spans, (s) => at(s).cost), savingVsNoStorage: pooled(spans, (s) => at(s).savingVsNoStorage) }];
      }),
    ),
  };
}

function pooledBaselines(spans: readonly SpanSummary[], yearSized: YearSizedOptions): Baselines {
  const first = baselinesOf(spans[0]!.summary);
  const all = spans.map((s) => baselinesOf(s.summary));
  const neighbourPerSpan = first.neighbourShared?.sizing === "optimal";
  const perfect = first.perfectForesight;
  return {
    steps: all.reduce((n, b) => n + b.steps, 0),
    footing: {
      ...first.footing,
      yearShare: 1,
      sizingPeriods: { periods: yearSized.sizingPeriods.periods.length, of: yearSized.sizingPeriods.of, representative: yearSized.sizingPeriods.representative },
    },
    noStorage: pooledNoStorage(spans, (b) => b.noStorage),
    ownBattery: yearSized.ownBattery ?? pooledGivenOwnBatteries(spans),
    centralOptimum: {
      atSharedSize: pooledOption(spans, (b) => b.centralOptimum.atSharedSize),
      optimal: yearSized.centralOptimal,
      boundsTheRun: all.every((b) => b.centralOptimum.boundsTheRun),
      // A neighbour group re-sized every span is not bounded by one battery for the year.
      boundsEveryOption: all.every((b) => b.centralOptimum.boundsEveryOption) && !yearSized.sizingPeriods.representative && !neighbourPerSpan,
    },
    ...(first.neighbourShared ? { neighbourShared: pooledNeighbourShared(spans) } : {}),
    ...(perfect && yearSized.perfectForesightCentralOptimal
      ? {
          perfectForesight: {
            noStorage: pooledNoStorage(spans, (b) => b.perfectForesight!.noStorage),
            centralOptimum: {
              atSharedSize: pooledOption(spans, (b) => b.perfectForesight!.centralOptimum.atSharedSize),
              optimal: yearSized.perfectForesightCentralOptimal,
              boundsTheRun: true,
              boundsEveryOption: !yearSized.sizingPeriods.representative && !neighbourPerSpan,
            },
          },
        }
      : {}),
  };
}

// ── The year's viability ────────────────────────────────────────────────────────────────────

/**
 * viability.ts's verdicts on the pooled year: its provider figures are already yearly, so the
 * yearly operating cash flow is `annualProviderCashFlow` over 8760 h.
 */
function pooledViability(summary: Omit<RunSummary, "error">, scenario: Pick<Scenario, "storage">, basis: YearBasis): Viability {
  const { economics } = scenario.storage;
  const { lifetimeYears, discountRate } = economics;
  const capex = storageCapex(scenario.storage);
  const annualCashFlow = annualProviderCashFlow(summary, economics, HOURS_PER_YEAR);
  const value = npv(discountRate, capex, annualCashFlow, lifetimeYears);
  const users = viableForUsers(summary);
  const provider = value >= 0;
  return {
    basis,
    capex,
    annualCashFlow,
    lifetimeYears,
    discountRate,
    npv: value,
    irr: irr(capex, annualCashFlow, lifetimeYears),
    paybackYears: paybackYears(capex, annualCashFlow, lifetimeYears),
    discountedPaybackYears: paybackYears(capex, annualCashFlow, lifetimeYears, discountRate),
    viableForProvider: provider,
    viableForUsers: users,
    viable: users === null ? null : users && provider,
    users: usersMargins(summary),
  };
}

/**
 * The basis of the year: the hours simulated, the months the spans touch, and a line naming the
 * spans and what each stands for — "4 representative weeks (January, April, July, October),
 * weighted into a year (each stands for 13.04 weeks)".
 */
export function representativeBasis(scenario: Pick<Scenario, "calendar">, spans: readonly PlannedSpan[]): YearBasis {
  const { stepHours, utcOffsetHours } = scenario.calendar;
  const months: string[] = [];
  for (const span of spans) for (const m of yearBasisOf({ start: span.start, stepHours, utcOffsetHours }, span.steps).months) if (!months.includes(m)) months.push(m);
  const hours = spans.reduce((h, s) => h + s.hours, 0);
  const unit = spanUnit(spans[0]!.hours);
  const n = spans.length;
  const weights = spans.map((s) => Number(s.weight.toFixed(2)).toLocaleString("en-US"));
  const standsFor = weights.every((w) => w === weights[0]) ? `${n === 1 ? "it stands" : "each stands"} for ${weights[0]} ${unit.plural}` : `standing for ${weights.join(", ")} ${unit.plural}`;
  return { hours, extrapolated: true, months, description: `${n} representative ${n === 1 ? unit.one : unit.plural} (${months.join(", ")}), weighted into a year (${standsFor})` };
}

/** "week"/"weeks", "day"/"days", "14-day span"/"14-day spans", "36-hour span"/"36-hour spans". */
function spanUnit(hours: number): { one: string; plural: string } {
  if (hours === 168) return { one: "week", plural: "weeks" };
  if (hours === 24) return { one: "day", plural: "days" };
  const one = hours % 24 === 0 ? `${hours / 24}-day span` : `${Number(hours.toPrecision(6))}-hour span`;
  return { one, plural: `${one}s` };
}
