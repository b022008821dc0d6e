import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { createEnergyMechanism, listMechanisms } from "../../src/market/registry.js";
import { createStream } from "../../src/core/rng.js";
import { MCAFEE, MID_MARKET, PAY_AS_BID, SDR, mcafeeProperties, midMarketProperties, payAsBidProperties, sdrProperties } from "../../src/market/index.js";
import { o } from "./energy-checks.js";

function issuePaths(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).issues.map((i) => i.path);
  }
  throw new Error("expected an InputError");
}

const NEW = [
  [PAY_AS_BID, payAsBidProperties],
  [MCAFEE, mcafeeProperties],
  [SDR, sdrProperties],
  [MID_MARKET, midMarketProperties],
] as const;

describe("registry: pay-as-bid, mcafee, sdr, mid-market", () => {
  it("lists each with its properties and no parameters", () => {
    const list = listMechanisms();
    for (const [name, properties] of NEW) {
      const info = list.find((m) => m.kind === "energy" && m.name === name);
      expect(info, name).toBeDefined();
      expect(info!.properties).toEqual(properties);
      expect(info!.defaults).toEqual({});
      expect(info!.description).not.toMatch(/\n/);
    }
  });

  it("creates each by name and clears a book", () => {
    // a 1@0.3 × b 1@0.1, grid 0.4 / 0.
    const book = { tariff: { buy: 0.4, sell: 0 }, orders: [o("a", "buy", 1, 0.3), o("b", "sell", 1, 0.1)] };
    const ctx = { rng: createStream("42", "test") };
    const run = (name: string, params?: unknown) => createEnergyMechanism(name, params).clear(book, ctx);
    expect(run("pay-as-bid").trades).toEqual([{ buyer: "a", seller: "b", kWh: 1, buyerPrice: 0.3, sellerPrice: 0.1 }]);
    expect(run("mcafee", {}).trades).toEqual([]); // one buyer, one seller: trade reduction leaves nothing
    expect(run("sdr", undefined).prices).toEqual({ buyer: 0, seller: 0 }); // SDR = 1 → λ^s
    expect(run("mid-market").prices).toEqual({ clearing: 0.2 });
    for (const [name] of NEW) expect(createEnergyMechanism(name).name).toBe(name);
  });

  it("refuses parameters with an InputError naming the path", () => {
    for (const [name] of NEW) {
      expect(issuePaths(() => createEnergyMechanism(name, { k: 0.5 }))).toEqual(["market.energy.params.k"]);
      expect(issuePaths(() => createEnergyMechanism(name, { k: 1 }, "steps[2].energy"))).toEqual(["steps[2].energy.params.k"]);
      expect(issuePaths(() => createEnergyMechanism(name, [1]))).toEqual(["market.energy.params"]);
    }
    expect(() => createEnergyMechanism(MCAFEE, { kappa: 1 })).toThrow(/no parameters/);
    expect(issuePaths(() => createEnergyMechanism("mc-afee"))).toEqual(["market.energy.mechanism"]);
    expect(() => createEnergyMechanism("mc-afee")).toThrow(/pay-as-bid, mcafee, sdr, mid-market/);
  });
});
