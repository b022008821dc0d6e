/** The market layer: order matching, energy and rental mechanisms, their registry, and the ledger. */
export * from "./types.js";
export { QUANTITY_EPSILON, isNegligible, compareIds } from "./tolerance.js";
export { matchOrders, rankOrders, type MatchedPair, type Matching } from "./matching.js";
export { settleEnergy, REASON_PEER, REASON_GRID_IMPORT, REASON_GRID_EXPORT, type EnergySettlement } from "./energy/settle.js";
export { clearGridOnly, createGridOnly, gridOnlyProperties, GRID_ONLY } from "./energy/grid-only.js";
export { clearUniformDoubleAuction, createUniformDoubleAuction, uniformProperties, uniformParams, UNIFORM } from "./energy/uniform.js";
export { clearPostedRental, createPostedRental, postedProperties, postedParams, POSTED, REASON_RENTAL, type PostedPrices } from "./rental/posted.js";
export { defineMechanism, type MechanismEntry, type MechanismKind, type EnergyMechanismEntry, type RentalMechanismEntry } from "./mechanism-entry.js";
export { createEnergyMechanism, createRentalMechanism, listMechanisms, type MechanismInfo } from "./registry.js";
export { netFlows, applyPayments, ledgerViolations, aggregatePayments, MONEY_TOLERANCE } from "./ledger.js";
export { parseEnergyBook, validateEnergyBook, clearEnergyBookReport, energyBookSchema, type EnergyBookReport, type ReportTrade } from "./energy-book.js";
