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
export { compareTenants } from "./order.js";
