import { describe, expect, it } from "vitest";
import { renderWrappedTable, wrapText } from "../../src/cli/wrapped-table.js";

describe("wrapText", () => {
  it("breaks at spaces within the width; a longer word gets its own line", () => {
    expect(wrapText("a bb ccc dddd", 6)).toEqual(["a bb", "ccc", "dddd"]);
    expect(wrapText("short", 10)).toEqual(["short"]);
    expect(wrapText("averyveryverylongword x", 5)).toEqual(["averyveryverylongword", "x"]);
  });
});

describe("renderWrappedTable", () => {
  const header = ["K", "NAME", "TEXT"];
  const rows = [["a", "one", "the quick brown fox jumps over the lazy dog"], ["b", "two", "short"]];

  it("keeps rows on one line when they fit", () => {
    expect(renderWrappedTable(header, rows, [2], Infinity).split("\n")).toEqual([
      "K  NAME  TEXT",
      "a  one   the quick brown fox jumps over the lazy dog",
      "b  two   short",
    ]);
  });

  it("wraps the named columns onto continuation lines to fit the width", () => {
    const lines = renderWrappedTable(header, rows, [2], 30).split("\n");
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(30);
    expect(lines[1]).toBe("a  one   the quick brown fox");
    expect(lines[2]).toBe("         jumps over the lazy");
    expect(lines.at(-1)).toBe("b  two   short");
  });

  it("shares the room equally between wrapped columns, a narrow one giving up what it does not need", () => {
    const lines = renderWrappedTable(["A", "B"], [["x y", "a b c d e f g h i j k l m n o p q r s t"]], [0, 1], 30).split("\n");
    expect(lines[1]).toMatch(/^x y  a b c d e f g h i j k l m$/);
  });
});
