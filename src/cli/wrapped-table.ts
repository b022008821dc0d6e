/**
 * A text table that fits a terminal's width: the columns named `wrap` share what the others
 * leave and their cells wrap at spaces onto continuation lines. Off a terminal (a pipe, a file)
 * the width is unbounded, so every row stays on one line for grep and cut.
 */

/** The width to fit: `COLUMNS` when set, the terminal's columns on a TTY, else unbounded. */
export function outputWidth(stream: { readonly isTTY?: boolean; readonly columns?: number } = process.stdout): number {
  const fromEnv = Number(process.env["COLUMNS"]);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stream.isTTY && stream.columns ? stream.columns : Infinity;
}

/** `text` broken at spaces into lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapText(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/** Narrowest a wrapped column is made before the table gives up fitting (it then overflows). */
const MIN_WRAPPED = 16;
const GAP = "  ";

/**
 * Renders `rows` under `header` within `width` characters (module comment). Columns in `wrap`
 * (by index) share equally the width the others leave; one that needs less gives the rest up.
 */
export function renderWrappedTable(header: readonly string[], rows: readonly (readonly string[])[], wrap: readonly number[], width: number = outputWidth()): string {
  const natural = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fixed = natural.reduce((sum, w, i) => sum + (wrap.includes(i) ? 0 : w), 0) + GAP.length * (header.length - 1);
  const widths = [...natural];
  // Water-filling: the room is shared equally; a column that needs less than its share gives the rest to the others.
  let room = width - fixed;
  let open = wrap.filter((i) => natural[i]! > 0);
  while (open.length > 0) {
    const share = Math.floor(room / open.length);
    const narrow = open.filter((i) => natural[i]! <= share);
    if (narrow.length === 0) {
      for (const i of open) widths[i] = Math.max(MIN_WRAPPED, share);
      break;
    }
    for (const i of narrow) room -= natural[i]!;
    open = open.filter((i) => !narrow.includes(i));
  }
  const renderRow = (cells: readonly string[]): string[] => {
    const columns = widths.map((w, i) => (wrap.includes(i) ? wrapText(cells[i] ?? "", w) : [cells[i] ?? ""]));
    const height = Math.max(...columns.map((c) => c.length));
    return Array.from({ length: height }, (_, k) => columns.map((c, i) => (c[k] ?? "").padEnd(widths[i]!)).join(GAP).trimEnd());
  };
  return [...renderRow(header), ...rows.flatMap(renderRow)].join("\n");
}
