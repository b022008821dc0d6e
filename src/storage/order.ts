/**
 * The one tenant ordering the storage layer uses. Plain code-unit comparison, not
 * `localeCompare`, because locale rules differ between machines and logs must not.
 */

/** Compares two tenant ids by UTF-16 code units; a total order, identical on every machine. */
export function compareTenants(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
