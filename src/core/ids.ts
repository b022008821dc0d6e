/**
 * The one order of agent and tenant ids. Plain UTF-16 code-unit comparison, not `localeCompare`,
 * because locale rules differ between machines and logs must not: every place that sorts agents,
 * tenants or bidders for a deterministic result calls {@link compareIds}.
 */

/** Compares two ids by UTF-16 code units; a total order, identical on every machine. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
