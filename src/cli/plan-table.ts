import type { CapexAllocation } from "../lab/plan/capex-allocation.js";
import type { PlanFooting } from "../lab/plan/footing.js";
import type { FrontierRow } from "../lab/plan/frontier.js";
import type { PlanDocument } from "../lab/plan/plan-document.js";
import { formatNumber, renderTable } from "./table.js";

/** What a person reads after `sesame plan`: the frontier (or the welfare size), the allocation, the footing. */
export function renderPlan(plan: PlanDocument, dir: string): string {
  const cur = plan.footing.currency;
  const over = horizonText(plan.footing.hours);
  const lines = [headline(plan), "", renderFrontier(plan.frontier, cur), notesLine(plan.footing, over), ""];
  lines.push(chosenLine(plan, cur));
  lines.push(welfareLine(plan, cur, over));
  if (plan.allocation) lines.push("", ...allocationLines(plan.allocation, cur, over));
  lines.push(...footingLines(plan.footing, cur));
  if (plan.failed.length > 0) lines.push(`FAILED     ${plan.failed.length} evaluation(s) stopped early: ${plan.failed.map((i) => plan.evaluations[i]!.run).join(", ")}`);
  lines.push(`plan folder ${dir}`);
  return lines.join("\n");
}

function headline(plan: PlanDocument): string {
  const mech = `rental ${plan.footing.rental.mechanism}, energy ${plan.footing.energy.mechanism}`;
  const time = durationText(plan.seconds);
  if (!plan.search) {
    const sizing = plan.welfareOptimum.sizingPeriods;
    return `SESAME plan ${plan.scenario.name}: objective welfare — the central optimum's sizing LP (${sizing.periods} of ${sizing.of} rental periods), then the market at that size under ${mech}; ${time}`;
  }
  const coarse = plan.search.rounds[0]?.newSizes ?? 0;
  const rounds = plan.search.rounds.length - 1;
  return `SESAME plan ${plan.scenario.name}: objective ${plan.objective} under ${mech} — ${plan.evaluations.length} sizes evaluated (${coarse} on the coarse grid, then ${rounds} refinement${rounds === 1 ? "" : "s"}); ${time}`;
}

/**
 * The frontier: one row per size, by E then P. The sizes with E = 0 or P = 0 all read the
 * no-storage reference, so they are printed once, as the first of them, with their count
 * (plan.json keeps every one).
 */
export function renderFrontier(rows: readonly FrontierRow[], cur: string): string {
  const money = (x: number | null) => (x === null ? "—" : formatNumber(x));
  const percent = (x: number | null) => (x === null ? "—" : `${formatNumber(x * 100, 1)}%`);
  const none = rows.filter((r) => r.status === "no-storage");
  const shown = rows.filter((r) => r.status !== "no-storage" || r === none[0] || r.chosen);
  const noStorageNote = none.length > 1 ? `no storage (${none.length} sizes with E = 0 or P = 0)` : "no storage";
  return renderTable(
    ["E kWh", "P kW", `provider NPV ${cur}`, `provider profit ${cur}`, `users' saving ${cur}`, `welfare gain ${cur}`, "rented", "utilisation", ""],
    shown.map((r) => [
      ratingText(r.energyKWh),
      ratingText(r.powerKW),
      money(r.providerNpv),
      money(r.providerProfit),
      money(r.usersSaving),
      money(r.welfareGain),
      percent(r.rentedShare),
      percent(r.utilisation),
      [r.chosen ? "◀ chosen" : "", r.status === "no-storage" ? noStorageNote : r.status === "failed" ? "FAILED" : "", r.paretoEfficient ? "Pareto" : ""].filter((s) => s !== "").join(", "),
    ]),
  );
}

function notesLine(footing: PlanFooting, over: string): string {
  return `(NPV over the ${formatNumber(footing.lifetimeYears, 0)}-year lifetime, yearly cash flow ${footing.yearBasis.description}; profit, users' saving and welfare gain over the horizon, ${over}; Pareto: no other size gives both the provider a higher NPV and the users a higher saving)`;
}

function chosenLine(plan: PlanDocument, cur: string): string {
  const c = plan.chosen;
  if (!c) return `chosen     none: no evaluation has a figure for ${plan.objective}`;
  const size = sizeText(c);
  if (c.by === "sizing-lp") return `chosen     ${size}: the welfare-optimal size (central optimum's sizing LP)`;
  const what = plan.objective === "provider-npv" ? "provider NPV" : "users' saving";
  const res = plan.search?.resolution;
  // A fixed axis (one value) has no step: say so rather than print "within 0 kW".
  const axis = (step: number, unit: string, name: string) => (step > 0 ? `${ratingText(step)} ${unit}` : `${name} fixed`);
  const within = res ? ` to within ${axis(res.energyKWh, "kWh", "E")} / ${axis(res.powerKW, "kW", "P")}` : "";
  return `chosen     ${size}: ${what} ${formatNumber(c.objectiveValue)} ${cur}, the best of ${plan.evaluations.length} sizes${within}`;
}

function welfareLine(plan: PlanDocument, cur: string, over: string): string {
  const w = plan.welfareOptimum;
  const bound = w.boundsEveryOption ? "a lower bound on every option's system cost" : "not a strict bound (noisy forecasts or representative periods)";
  return (
    `welfare    welfare-optimal size (sizing LP, one planner behind one meter): ${sizeText(w)}; system cost ${formatNumber(w.systemCost)} ${cur} ` +
    `(operating ${formatNumber(w.operatingCost)} + fixed ${formatNumber(w.fixedCost)}) vs ${formatNumber(w.noStorageCost)} ${cur} with no storage, gain ${formatNumber(w.welfareGain)} ${cur} over ${over}; ${bound}`
  );
}

function allocationLines(a: CapexAllocation, cur: string, over: string): string[] {
  const table = renderTable(
    ["member", "own kWh", "own kW", `stand-alone ${cur}`, `allocated ${cur}`, `saving ${cur}`, `fixed-cost share ${cur}`, "of fixed cost"],
    a.members.map((m) => [
      m.id,
      ratingText(m.standAloneKWh),
      ratingText(m.standAloneKW),
      formatNumber(m.standAloneCost),
      formatNumber(m.allocatedCost),
      formatNumber(m.saving),
      formatNumber(m.fixedCostShare),
      m.fixedCostFraction === null ? "—" : `${formatNumber(m.fixedCostFraction * 100, 1)}%`,
    ]),
  );
  const standAlone = a.members.reduce((s, m) => s + m.standAloneCost, 0);
  return [
    `allocation of the joint investment by ${a.rule} (v(S): coalition S's own optimally sized battery and joint operation, over ${over})`,
    "",
    table,
    `(own: the member's stand-alone optimal battery; stand-alone = v({i}); saving = stand-alone − allocated; fixed-cost share: what the rule charges for the joint battery's capex annuity + O&M)`,
    "",
    `joint      ${sizeText(a.grand)}: v(N) ${formatNumber(a.grand.systemCost)} ${cur} (fixed ${formatNumber(a.grand.fixedCost)}) vs Σ stand-alone ${formatNumber(standAlone)} ${cur}; ` +
      `subadditive ${a.subadditive ? "yes" : "no"}; in the core ${a.inCore ? "yes" : "no"} (largest coalition excess ${formatNumber(a.largestExcess)} ${cur})`,
  ];
}

function footingLines(f: PlanFooting, cur: string): string[] {
  const params = (p: Readonly<Record<string, unknown>>) => (Object.keys(p).length === 0 ? "" : ` ${JSON.stringify(p)}`);
  return [
    `footing    seed ${f.seed} for every size; ${f.steps} steps (${horizonText(f.hours)}), yearly figures ${f.yearBasis.description}; rental ${f.rental.mechanism}${params(f.rental.params)}, energy ${f.energy.mechanism}${params(f.energy.params)}; forecasts ${f.forecast}`,
    `unit cost  every size pays capex ${formatNumber(f.capexPerKWh)} ${cur}/kWh + ${formatNumber(f.capexPerKW)} ${cur}/kW and O&M ${formatNumber(f.omPerKWhYear)} ${cur}/kWh + ${formatNumber(f.omPerKWYear)} ${cur}/kW a year (the scenario's omPerYear scaled with capex): ` +
      `φ ${formatNumber(f.unitFixedCost.perKWhYear)} ${cur}/kWh and ${formatNumber(f.unitFixedCost.perKWYear)} ${cur}/kW a year over ${formatNumber(f.lifetimeYears, 0)} years at ${formatNumber(f.discountRate * 100, 1)}%`,
    `no storage E = 0 or P = 0 is not simulated: read from the no-storage reference (NPV 0, saving 0, welfare gain 0; peer trade without storage is not counted there)`,
  ];
}

/** "2,000 kWh / 562.5 kW". */
function sizeText(s: { readonly energyKWh: number; readonly powerKW: number }): string {
  return `${ratingText(s.energyKWh)} kWh / ${ratingText(s.powerKW)} kW`;
}

/** A rating as the grid has it, to 0.001 (1.25, 562.5, 2,626.2): refined steps halve, so fixed decimals would hide them. */
function ratingText(x: number): string {
  return x.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

/** "14 days", "36 h". */
function horizonText(hours: number): string {
  return hours >= 48 && hours % 24 === 0 ? `${hours / 24} days` : `${formatNumber(hours, 0)} h`;
}

/** "4 min 12 s", "38 s". */
function durationText(seconds: number): string {
  if (seconds < 60) return `${formatNumber(seconds, 1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
