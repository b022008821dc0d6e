import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { createEnergyMechanism, createRentalMechanism, listMechanisms } from "../../src/market/registry.js";
import { createStream } from "../../src/core/rng.js";

/** The paths an InputError names (or a failure if something else was thrown). */
function issuePaths(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).issues.map((i) => i.path);
  }
  throw new Error("expected an InputError");
}

describe("mechanism registry", () => {
  it("lists every mechanism with kind, description, properties and parameter defaults", () => {
    const list = listMechanisms();
    // MODEL.md §4–§5: every mechanism the model names is registered, each once.
    expect(list.map((m) => `${m.kind}:${m.name}`).sort()).toEqual(
      [
        "energy:grid-only",
        "energy:mcafee",
        "energy:mid-market",
        "energy:pay-as-bid",
        "energy:sdr",
        "energy:uniform",
        "rental:cooperative",
        "rental:pay-as-bid",
        "rental:posted",
        "rental:stackelberg",
        "rental:uniform",
        "rental:vcg",
      ].sort(),
    );
    expect(list.find((m) => m.name === "uniform")!.defaults).toEqual({ k: 0.5 });
    for (const m of list) expect(m.description).not.toMatch(/\n/);
  });

  it("builds mechanisms with defaults and with params", () => {
    const book = {
      tariff: { buy: 0.3, sell: 0 },
      orders: [
        { agent: "a", side: "buy" as const, kWh: 1, limit: 0.3 },
        { agent: "b", side: "sell" as const, kWh: 1, limit: 0.1 },
      ],
    };
    const ctx = { rng: createStream("42", "test") };
    expect(createEnergyMechanism("uniform").clear(book, ctx).prices.clearing).toBeCloseTo(0.2, 12);
    expect(createEnergyMechanism("uniform", { k: 0 }).clear(book, ctx).prices).toEqual({ clearing: 0.1 });
    expect(createEnergyMechanism("grid-only", undefined).clear(book, ctx).trades).toEqual([]);
    expect(createRentalMechanism("posted", { cE: 1 }).name).toBe("posted");
  });

  it("names the field of an unknown mechanism, listing the known ones", () => {
    expect(issuePaths(() => createEnergyMechanism("vickrey", {}))).toEqual(["market.energy.mechanism"]);
    expect(() => createEnergyMechanism("vickrey", {})).toThrow(/grid-only, uniform/);
    expect(issuePaths(() => createRentalMechanism("vickrey", {}))).toEqual(["market.rental.mechanism"]);
    expect(issuePaths(() => createEnergyMechanism("x", {}, "steps[3].energy"))).toEqual(["steps[3].energy.mechanism"]);
  });

  it("names the parameter that is unknown or invalid", () => {
    expect(issuePaths(() => createEnergyMechanism("uniform", { k: 1.5 }))).toEqual(["market.energy.params.k"]);
    expect(issuePaths(() => createEnergyMechanism("uniform", { k: -0.1 }))).toEqual(["market.energy.params.k"]);
    expect(issuePaths(() => createEnergyMechanism("uniform", { k: "half" }))).toEqual(["market.energy.params.k"]);
    expect(issuePaths(() => createEnergyMechanism("uniform", { kappa: 0.5 }))).toEqual(["market.energy.params.kappa"]);
    expect(issuePaths(() => createEnergyMechanism("grid-only", { k: 0.5 }))).toEqual(["market.energy.params.k"]);
    expect(issuePaths(() => createRentalMechanism("posted", { cE: -1, cX: 2 }))).toEqual(["market.rental.params.cE", "market.rental.params.cX"]);
    expect(issuePaths(() => createEnergyMechanism("uniform", [0.5]))).toEqual(["market.energy.params"]);
  });
});
