import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The graph of our own (relative) imports between TypeScript files, and its circles. Every
 * kind of edge counts: `import`, `import type`, `export … from`, a bare `import "./x.js"` and
 * a dynamic `import("./x.js")`, because a circle of types alone still ties the files' meanings
 * together (one cannot be read, moved or changed without the other).
 */

/** One import of one file by another, as written in the source. */
export interface ImportEdge {
  /** The importing file, relative to the graph's root. */
  readonly from: string;
  /** The imported file, relative to the graph's root, with `.ts`. */
  readonly to: string;
}

/** Every `.ts` file under `dir`, recursively, in name order (so results do not depend on the file system). */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
    });
}

// Statements start a line, so an example in a comment (` * import … from "…"`) is not read as one.
// `[^;"]*?` spans the lines of a multi-line import list but stops at the statement's end.
const STATIC = /^[ \t]*(?:import|export)\b[^;"]*?\bfrom\s*"(\.[^"]+)"/gm;
const BARE = /^[ \t]*import\s*"(\.[^"]+)"/gm;
const DYNAMIC = /\bimport\(\s*"(\.[^"]+)"\s*\)/g;

/** The relative import specifiers written in `text` (static, type-only, re-exports, bare and dynamic). */
export function relativeSpecifiers(text: string): string[] {
  return [...text.matchAll(STATIC), ...text.matchAll(BARE), ...text.matchAll(DYNAMIC)].map((m) => m[1]!);
}

/** The edges among the `.ts` files under `root`; `./x.js` resolves to `x.ts` (NodeNext style). */
export function importEdges(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    for (const spec of relativeSpecifiers(readFileSync(file, "utf8"))) {
      const target = resolve(dirname(file), spec).replace(/\.js$/, ".ts");
      edges.push({ from: relative(root, file), to: relative(root, target) });
    }
  }
  return edges;
}

/**
 * The circles of a directed graph: its strongly connected components of more than one node,
 * and any node that imports itself (Tarjan's algorithm). Each circle lists its files in name
 * order; circles are ordered by their first file.
 */
export function circles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    next.get(from)!.push(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;

  // Iterative, so a long import chain cannot overflow the call stack.
  for (const start of [...next.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = next.get(frame.node)!;
      if (frame.i < targets.length) {
        const to = targets[frame.i++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = targets.includes(frame.node);
        if (component.length > 1 || selfLoop) found.push(component.sort());
      }
    }
  }
  return found.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
}

/**
 * One shortest circle through the first file of `component` (a circle from {@link circles}),
 * as the files in import order, ending where it starts: a path one can follow in the code.
 */
export function circlePath(edges: readonly ImportEdge[], component: readonly string[]): string[] {
  const inside = new Set(component);
  const start = component[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const { from, to } of edges) {
      if (from !== node || !inside.has(to)) continue;
      if (to === start) {
        // Walk back from `node` to the start: every node but the start was reached from another.
        const back: string[] = [];
        for (let at = node; at !== start; at = cameFrom.get(at)!) back.push(at);
        return [start, ...back.reverse(), start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [...component];
}
