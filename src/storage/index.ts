/** Shared storage (MODEL.md §2): partitions, dispatch with pooled netting, the invariant. */
export type {
  PoolRequest,
  Curtailment,
  CurtailmentReason,
  DispatchRequest,
  DispatchResult,
  Partition,
  PartitionContract,
  StorageMode,
  StorageSpec,
  StorageState,
  TenantFlow,
} from "./types.js";
export { initialStorageState, openPartitions, type OpenPartitionsResult } from "./partitions.js";
export { dispatchStorage } from "./dispatch.js";
export { storageInvariantViolations } from "./invariant.js";
/** The tenant order of the storage layer: core/ids.ts `compareIds`, under its storage name. */
export { compareIds as compareTenants } from "../core/ids.js";
