import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalJson } from "../../src/core/canonical-json.js";
import { createStream, restoreStream } from "../../src/core/rng.js";

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 2, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"z":2}]},"b":1}');
  });
  it("refuses NaN and Infinity, naming where", () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(/non-finite number NaN at \$\.a\[1\]/);
    expect(() => canonicalJson({ a: Infinity })).toThrow(/non-finite/);
  });
  it("writes -0 as 0 and typed arrays as arrays", () => {
    expect(canonicalJson({ x: -0, y: new Float64Array([1.5, 2]) })).toBe('{"x":0,"y":[1.5,2]}');
  });
  it("is independent of key insertion order (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(obj);
      }),
    );
  });
});

describe("random streams", () => {
  it("are reproducible by seed and name, and independent across names", () => {
    const a1 = createStream("42", "agent:a");
    const a2 = createStream("42", "agent:a");
    const b = createStream("42", "agent:b");
    const drawsA1 = [a1.next(), a1.next(), a1.next()];
    expect([a2.next(), a2.next(), a2.next()]).toEqual(drawsA1);
    expect(b.next()).not.toBe(drawsA1[0]);
    expect(createStream("43", "agent:a").next()).not.toBe(drawsA1[0]);
  });
  it("continue bit-identically from a saved state", () => {
    const s = createStream("seed", "x");
    s.next();
    const saved = s.state();
    const expected = [s.next(), s.next()];
    const restored = restoreStream(saved);
    expect([restored.next(), restored.next()]).toEqual(expected);
  });
});

describe("sealed records", () => {
  it("the log line is the canonical JSON of the record, and the hash is recomputable from it", async () => {
    const { sealRecord, recordHash } = await import("../../src/sim/log/hash-chain.js");
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.integer({ min: 0, max: 9 }), (extra, t) => {
        const body = { ...extra, kind: "error", t, time: "x", error: { agent: "a", message: "m" } } as never;
        const { record, line } = sealRecord(body, "p".repeat(64));
        expect(line).toBe(canonicalJson(record));
        expect(recordHash(JSON.parse(line))).toBe(record.hash);
      }),
    );
  });
});
