// Its own file because the step record and the steps that compute imbalances (step.ts,
// grid-tie.ts, conservation.ts, step-payments.ts) both need it: with it in step-record.ts,
// grid-tie.ts and the record imported each other.

/** A tenant's mismatch between the storage it ordered around and what it got, settled with the grid. */
export interface Imbalance {
  readonly agent: string;
  /** Positive: the agent needed more (imported); negative: it had energy left (exported). */
  readonly kWh: number;
}
