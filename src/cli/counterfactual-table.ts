import type { AgentFigures } from "../lab/counterfactual/agent-figures.js";
import type { CounterfactualDocument } from "../lab/counterfactual/counterfactual-document.js";
import type { MarketFigures } from "../lab/counterfactual/step-changes.js";
import { formatNumber, renderTable } from "./table.js";

/**
 * What a person reads after `sesame replay RUN --mechanism …`: one row per agent with the logged
 * figure, the open-loop one and (with --closed-loop) the closed-loop one, the cost's differences,
 * a total row, then the provider and market lines and the footing — what each loop holds fixed.
 */

/** One column group of the table: a figure under each loop. */
interface Group {
  readonly label: string;
  readonly unit: string;
  readonly pick: (f: AgentFigures) => number;
  readonly digits: number;
  /** Print the differences (counterfactual − logged) beside the values. */
  readonly differences: boolean;
}

/** The counterfactual as an aligned table with its footing. */
export function renderCounterfactual(doc: CounterfactualDocument, folder: string | null): string {
  const cur = doc.currency;
  const groups: Group[] =
    doc.market === "energy"
      ? [
          { label: "cost", unit: cur, pick: (f) => f.cost, digits: 2, differences: true },
          { label: "peer", unit: "kWh", pick: (f) => f.peerKWh, digits: 1, differences: false },
          { label: "grid", unit: "kWh", pick: (f) => f.gridKWh, digits: 1, differences: false },
        ]
      : [
          { label: "cost", unit: cur, pick: (f) => f.cost, digits: 2, differences: true },
          { label: "rent", unit: cur, pick: (f) => f.rent, digits: 2, differences: false },
          // Rented power is in --json and the CSV: one more column group would not fit a terminal.
          { label: "rented", unit: "kWh", pick: (f) => f.rentedEnergyKWh, digits: 1, differences: false },
        ];
  const open = doc.openLoop.available ? doc.openLoop : null;
  const closed = doc.closedLoop;
  const agents = Object.keys(open?.agents ?? closed?.agents ?? {}).sort();
  const logged = (id: string): AgentFigures | undefined => open?.agents[id]?.logged ?? (closed ? loggedFromClosed(closed.agents[id]) : undefined);

  // Phase 1: the header and one row per agent, then the total.
  const header = ["agent", ...groups.flatMap((g) => headerOf(g, open !== null, closed !== null))];
  const rowOf = (label: string, l: AgentFigures | undefined, o: AgentFigures | undefined, c: AgentFigures | undefined): string[] => [
    label,
    ...groups.flatMap((g) => {
      const cells = [figure(l, g)];
      if (open) cells.push(figure(o, g));
      if (open && g.differences) cells.push(difference(o, l, g));
      if (closed) cells.push(figure(c, g));
      if (closed && g.differences) cells.push(difference(c, l, g));
      return cells;
    }),
  ];
  const rows = agents.map((id) => rowOf(id, logged(id), open?.agents[id]?.counterfactual, closed?.agents[id]?.figures));
  const sum = (pick: (id: string) => AgentFigures | undefined) => totalOf(agents.map(pick));
  rows.push(rowOf("all agents", sum(logged), open ? sum((id) => open.agents[id]?.counterfactual) : undefined, closed ? sum((id) => closed.agents[id]?.figures) : undefined));

  // Phase 2: the words around it.
  const target = `${doc.market} ${doc.target.mechanism}${Object.keys(doc.target.params).length > 0 ? ` ${JSON.stringify(doc.target.params)}` : ""}`;
  const from = `${doc.logged.mechanism}${Object.keys(doc.logged.params).length > 0 ? ` ${JSON.stringify(doc.logged.params)}` : ""}`;
  const loops = [open ? "open loop" : null, closed ? "closed loop" : null].filter((x) => x !== null).join(" and ");
  const lines = [
    `SESAME counterfactual of ${doc.run.dir} (${doc.run.scenario}, seed ${doc.run.seed}, ${doc.run.steps} steps, ${doc.run.status}): ${doc.market} ${from} → ${target}, ${loops}`,
    "",
    renderTable(header, rows),
    notesLine(doc, open !== null, closed !== null),
    "",
    marketLine(doc, cur),
  ];
  if (doc.sameAsLogged && open) {
    const zero = Object.values(open.agents).every((a) => isZero(a.difference)) && open.steps.length === 0;
    lines.push(zero ? "check      the logged mechanism itself: open loop reproduces the log, every difference 0" : "check      WARNING: the logged mechanism itself does not reproduce the log in open loop (see the steps in --json)");
  }
  lines.push(`open loop  ${open ? doc.footing.openLoop.replace(/^open loop: /, "") : doc.openLoop.available ? "" : `not available: ${doc.openLoop.reason}`}`);
  if (open) lines.push(`held       as logged: ${doc.footing.held.join(", ")}`);
  if (doc.footing.closedLoop) lines.push(`closed loop ${doc.footing.closedLoop.replace(/^closed loop: /, "")}`);
  if (open && closed) lines.push(`reading    open − logged is the mechanism's pricing of the logged behaviour; closed − open is the agents' reaction to it`);
  lines.push(`fingerprint ${doc.run.fingerprint} (verified)`);
  if (folder) lines.push(`counterfactual folder ${folder}`);
  return lines.join("\n");
}

/** What the columns are: the loops, the horizon, the sign of Δ. */
function notesLine(doc: CounterfactualDocument, open: boolean, closed: boolean): string {
  const reCleared = doc.market === "energy" ? "the logged orders re-cleared" : "the logged rental rounds re-cleared from the tenants' logged answers";
  return (
    `(over ${horizonText(doc.run.hours)}; logged: the verified run; ${open ? `open: ${reCleared} (open loop); ` : ""}` +
    `${closed ? "closed: the scenario run again under it (closed loop); " : ""}Δ = counterfactual − logged${doc.market === "rental" ? "; rented: mean over the steps" : ""})`
  );
}

function headerOf(g: Group, open: boolean, closed: boolean): string[] {
  const h = [`${g.label} ${g.unit}`];
  if (open) h.push(`open ${g.label} ${g.unit}`);
  if (open && g.differences) h.push(`Δ open ${g.unit}`);
  if (closed) h.push(`closed ${g.label} ${g.unit}`);
  if (closed && g.differences) h.push(`Δ closed ${g.unit}`);
  return h;
}

/** The provider's rent and the energy market, logged → open → closed. */
function marketLine(doc: CounterfactualDocument, cur: string): string {
  const open = doc.openLoop.available ? doc.openLoop.market : null;
  const logged: MarketFigures | undefined = open?.logged ?? (doc.closedLoop ? minusMarket(doc.closedLoop.market.figures, doc.closedLoop.market.difference) : undefined);
  if (!logged) return "";
  const chain = (pick: (m: MarketFigures) => number, digits: number) => {
    const parts = [formatNumber(pick(logged), digits)];
    if (open) parts.push(`${formatNumber(pick(open.counterfactual), digits)} open (${signed(pick(open.difference), digits)})`);
    if (doc.closedLoop) parts.push(`${formatNumber(pick(doc.closedLoop.market.figures), digits)} closed (${signed(pick(doc.closedLoop.market.difference), digits)})`);
    return parts.join(" → ");
  };
  return [
    `provider   rental revenue ${chain((m) => m.providerRentalRevenue, 2)} ${cur}`,
    `market     operator surplus ${chain((m) => m.operatorSurplus, 2)} ${cur}; peer-traded ${chain((m) => m.peerTradedKWh, 1)} kWh`,
  ].join("\n");
}

function figure(f: AgentFigures | undefined, g: Group): string {
  return f ? formatNumber(g.pick(f), g.digits) : "—";
}

function difference(a: AgentFigures | undefined, b: AgentFigures | undefined, g: Group): string {
  if (!a || !b) return "—";
  return signed(g.pick(a) - g.pick(b), g.digits);
}

/** "+1.23", "-0.50", "0.00": a difference with its sign. */
function signed(x: number, digits: number): string {
  const text = formatNumber(x, digits);
  return x > 0 && text !== formatNumber(0, digits) ? `+${text}` : text.replace(/^-(0[.,]0*)$/, "$1");
}

function totalOf(figures: readonly (AgentFigures | undefined)[]): AgentFigures | undefined {
  if (figures.some((f) => f === undefined)) return undefined;
  const all = figures as AgentFigures[];
  const sum = (k: keyof AgentFigures) => all.reduce((s, f) => s + f[k], 0);
  return { cost: sum("cost"), rent: sum("rent"), peerKWh: sum("peerKWh"), gridKWh: sum("gridKWh"), rentedEnergyKWh: sum("rentedEnergyKWh"), rentedPowerKW: sum("rentedPowerKW") };
}

function loggedFromClosed(c: { figures: AgentFigures; difference: AgentFigures } | undefined): AgentFigures | undefined {
  if (!c) return undefined;
  const f = c.figures;
  const d = c.difference;
  return { cost: f.cost - d.cost, rent: f.rent - d.rent, peerKWh: f.peerKWh - d.peerKWh, gridKWh: f.gridKWh - d.gridKWh, rentedEnergyKWh: f.rentedEnergyKWh - d.rentedEnergyKWh, rentedPowerKW: f.rentedPowerKW - d.rentedPowerKW };
}

function minusMarket(a: MarketFigures, b: MarketFigures): MarketFigures {
  return { providerRentalRevenue: a.providerRentalRevenue - b.providerRentalRevenue, operatorSurplus: a.operatorSurplus - b.operatorSurplus, peerTradedKWh: a.peerTradedKWh - b.peerTradedKWh };
}

function isZero(f: AgentFigures): boolean {
  return f.cost === 0 && f.rent === 0 && f.peerKWh === 0 && f.gridKWh === 0 && f.rentedEnergyKWh === 0 && f.rentedPowerKW === 0;
}

/** "7 days", "24 h". */
function horizonText(hours: number): string {
  return hours >= 48 && hours % 24 === 0 ? `${hours / 24} days` : `${formatNumber(hours, 0)} h`;
}
