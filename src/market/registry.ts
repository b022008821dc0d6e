import type { z } from "zod";
import { InputError, type InputIssue } from "../core/errors.js";
import type { EnergyMechanism, MechanismProperties, RentalMechanism } from "./types.js";
import type { EnergyMechanismEntry, MechanismKind, RentalMechanismEntry } from "./mechanism-entry.js";
import { gridOnlyEntry } from "./energy/grid-only.js";
import { uniformEntry } from "./energy/uniform.js";
import { payAsBidEntry } from "./energy/pay-as-bid.js";
import { mcafeeEntry } from "./energy/mcafee.js";
import { sdrEntry } from "./energy/sdr.js";
import { midMarketEntry } from "./energy/mid-market.js";
import { postedEntry } from "./rental/posted.js";
import { uniformRentalEntry } from "./rental/uniform.js";
import { payAsBidRentalEntry } from "./rental/pay-as-bid.js";
import { vcgRentalEntry } from "./rental/vcg.js";
import { stackelbergEntry } from "./rental/stackelberg.js";
import { cooperativeEntry } from "./rental/cooperative.js";

/**
 * Every mechanism SESAME knows, by name. To add one, write its file (exporting an entry made
 * with `defineMechanism`) and add the entry to one of the two lists below.
 */

// Entries are stored type-erased: each one validates its own params before `create` sees them.
const ENERGY: readonly EnergyMechanismEntry[] = [gridOnlyEntry, uniformEntry, payAsBidEntry, mcafeeEntry, sdrEntry, midMarketEntry] as readonly EnergyMechanismEntry[];
const RENTAL: readonly RentalMechanismEntry[] = [postedEntry, uniformRentalEntry, payAsBidRentalEntry, vcgRentalEntry, stackelbergEntry, cooperativeEntry] as readonly RentalMechanismEntry[];

/** What `sesame mechanisms` shows about one mechanism. */
export interface MechanismInfo {
  readonly kind: MechanismKind;
  readonly name: string;
  readonly description: string;
  readonly properties: MechanismProperties;
  /** Parameter names with their defaults (undefined when a parameter has none). */
  readonly defaults: Readonly<Record<string, unknown>>;
}

/** Every registered mechanism, energy first, each kind in registration order. */
export function listMechanisms(): MechanismInfo[] {
  return [...ENERGY, ...RENTAL].map((e) => {
    // Every key has a default or is optional, so parsing {} yields the defaults.
    const defaults = e.params.parse({}) as Record<string, unknown>;
    return {
      kind: e.kind,
      name: e.name,
      description: e.description,
      properties: e.properties,
      defaults: Object.fromEntries(Object.keys(e.params.shape).map((key) => [key, defaults[key]])),
    };
  });
}

/** Builds energy mechanism `name` from raw (unvalidated) params; InputError names `${path}.mechanism` or `${path}.params.<key>`. */
export function createEnergyMechanism(name: string, rawParams: unknown = {}, path = "market.energy"): EnergyMechanism {
  const entry = find(ENERGY, name, path);
  return entry.create(validateParams(entry.params, rawParams, path));
}

/** Builds rental mechanism `name` from raw (unvalidated) params; InputError names `${path}.mechanism` or `${path}.params.<key>`. */
export function createRentalMechanism(name: string, rawParams: unknown = {}, path = "market.rental"): RentalMechanism {
  const entry = find(RENTAL, name, path);
  return entry.create(validateParams(entry.params, rawParams, path));
}

function find<E extends { readonly name: string }>(entries: readonly E[], name: string, path: string): E {
  const entry = entries.find((e) => e.name === name);
  if (!entry) {
    throw new InputError({ path: `${path}.mechanism`, expected: `one of ${entries.map((e) => e.name).join(", ")}, got ${JSON.stringify(name)}` });
  }
  return entry;
}

function validateParams<S extends z.ZodObject>(schema: S, raw: unknown, path: string): z.output<S> {
  const value = raw ?? {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new InputError({ path: `${path}.params`, expected: `an object of parameters, got ${JSON.stringify(raw)}` });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const known = Object.keys(schema.shape);
  const issues: InputIssue[] = result.error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: `${path}.params.${key}`,
        expected: known.length === 0 ? "no parameters (this mechanism takes none)" : `a known parameter (${known.join(", ")})`,
      }));
    }
    return [{ path: [`${path}.params`, ...issue.path.map(String)].join("."), expected: issue.message }];
  });
  throw new InputError(issues);
}
