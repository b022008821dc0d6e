import type { z } from "zod";
import type { EnergyMechanism, MechanismProperties, RentalMechanism } from "./types.js";

/**
 * What a mechanism file exports so the registry can list, validate and build it
 * (ASSUME-style: name → parameter schema → factory). Adding a mechanism is one file
 * exporting one of these plus one line in registry.ts.
 */

/** The two markets SESAME clears. */
export type MechanismKind = "energy" | "rental";

/** A registrable mechanism of kind `K` built from parameters validated by `S`. */
export interface MechanismEntry<K extends MechanismKind, S extends z.ZodObject, M> {
  readonly name: string;
  readonly kind: K;
  /** One line, for `sesame mechanisms`. */
  readonly description: string;
  readonly properties: MechanismProperties;
  /** A strict object schema; every key has a default, so `{}` is valid. */
  readonly params: S;
  create(params: z.output<S>): M;
}

/** An energy mechanism's registry entry. */
export type EnergyMechanismEntry<S extends z.ZodObject = z.ZodObject> = MechanismEntry<"energy", S, EnergyMechanism>;
/** A rental mechanism's registry entry. */
export type RentalMechanismEntry<S extends z.ZodObject = z.ZodObject> = MechanismEntry<"rental", S, RentalMechanism>;

/** Identity with inference: lets a mechanism file declare its entry with typed `create` params. */
export function defineMechanism<K extends MechanismKind, S extends z.ZodObject, M>(entry: MechanismEntry<K, S, M>): MechanismEntry<K, S, M> {
  return entry;
}
