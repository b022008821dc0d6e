/**
 * Why money moves: the reason of every ledger payment (`Payment.reason`), one name each. The
 * strings are logged (steps.jsonl, the ledger table), so a value never changes once written;
 * a new kind of payment gets a new name here and a category in lab/metrics.ts.
 *
 * This file imports nothing, so the agents may use it for the costs they pay outside the
 * market (`StepDecision.externalCosts`) without reaching any mechanism (test/architecture.test.ts).
 */
export const PaymentReason = {
  /** A tenant pays the provider rent for its rental contract (the rental mechanism's clearing). */
  rental: "rental",
  /** The cooperative rule's side payment between a tenant and the `market` account (either way). */
  cooperativeTransfer: "cooperative-transfer",
  /** A buyer pays a seller for energy traded between peers (or each pays/is paid by `market` when prices differ). */
  energyPeer: "energy-peer",
  /** An agent pays the grid for the energy of its order not matched with peers, at λ^b. */
  energyGridImport: "energy-grid-import",
  /** The grid pays an agent for the energy of its order not matched with peers, at λ^s. */
  energyGridExport: "energy-grid-export",
  /** An agent pays the grid, at λ^b, for energy the storage did not give it as ordered around (a curtailed flow). */
  imbalanceImport: "imbalance-import",
  /** The grid pays an agent, at λ^s, for energy left over because the storage did not take it as ordered around. */
  imbalanceExport: "imbalance-export",
  /** A tenant pays the provider for the wear its own storage throughput causes (c_deg per kWh). */
  degradationFee: "degradation-fee",
  /** An agent pays the grid the demand charge on its peak import at a billing period's end. */
  demandCharge: "demand-charge",
  /** The provider pays the grid to charge its unrented pool up to the SOC floor at a rental round. */
  floorTopUp: "floor-top-up",
  /** The grid pays the provider for energy its unrented pool holds above the SOC band, released at a rental round. */
  poolRelease: "pool-release",
  /** The provider pays the grid for energy its own arbitrage charges into the unrented pool. */
  arbitrageImport: "arbitrage-import",
  /** The grid pays the provider for energy its own arbitrage discharges from the unrented pool. */
  arbitrageExport: "arbitrage-export",
  /** An agent pays the `external` account for load its grid tie could not serve (value of lost load). */
  loadShed: "load-shed",
  /** A multi-site agent pays the grid the buy–sell spread on power its sites could not net. */
  unnettedExchange: "unnetted-exchange",
  /** An agent pays the `external` account for the gas its own boilers burn (a DCC's boiler). */
  gas: "gas",
  /** An agent pays the `external` account for the fuel of its own generator (a microgrid's). */
  generatorFuel: "generator-fuel",
} as const;

/** The reason of a payment: one of the {@link PaymentReason} strings. */
export type PaymentReason = (typeof PaymentReason)[keyof typeof PaymentReason];
