import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { refusal } from "../support/refusal.js";
import { afterAll, describe, expect, it } from "vitest";
import { sha256Bytes } from "../../src/core/hash.js";
import { inputCopyPath, runFolderInputs, scenarioFolderInputs } from "../../src/core/input-source.js";

const tmp = mkdtempSync(join(tmpdir(), "sesame-inputs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const scenario = join(tmp, "scenario");
mkdirSync(join(scenario, "profiles"), { recursive: true });
writeFileSync(join(scenario, "profiles", "load.csv"), "kw\n1\n2\n");
writeFileSync(join(tmp, "secret.txt"), "root:x:0:0:the first line of a system file\n");
symlinkSync(join(tmp, "secret.txt"), join(scenario, "link.csv"));

describe("a scenario folder's inputs", () => {
  it("reads a relative path inside the folder and keeps its bytes and hash, once per path", () => {
    const inputs = scenarioFolderInputs(scenario);
    expect(inputs.read("profiles/load.csv", "agents[0].load.csv")).toEqual({ name: "profiles/load.csv", text: "kw\n1\n2\n" });
    inputs.read("profiles/load.csv", "agents[1].load.csv");
    expect(inputs.files).toEqual([{ path: "profiles/load.csv", bytes: Buffer.from("kw\n1\n2\n"), sha256: sha256Bytes(Buffer.from("kw\n1\n2\n")) }]);
  });

  it("refuses an absolute path, a way out by .. and a link out, naming the field and never the file's content", () => {
    for (const path of [join(tmp, "secret.txt"), "../secret.txt", "profiles/../../secret.txt", "link.csv", "."]) {
      const error = refusal(() => scenarioFolderInputs(scenario).read(path, "agents[2].load.csv"));
      expect(error.issues[0]!.path).toBe("agents[2].load.csv");
      expect(error.issues[0]!.expected).toMatch(/inside the scenario's folder.*--allow-outside-inputs/);
      expect(error.message).not.toContain("root:x");
    }
  });

  it("reads them when allowed, and keeps the copy under inputs/outside/", () => {
    const inputs = scenarioFolderInputs(scenario, { allowOutside: true });
    expect(inputs.read("../secret.txt", "x").text).toContain("root:x");
    const [kept] = inputs.files;
    expect(inputCopyPath(kept!)).toBe(`inputs/outside/${kept!.sha256.slice(0, 12)}-secret.txt`);
    expect(inputCopyPath({ path: "profiles/./load.csv", sha256: "ab" })).toBe("inputs/profiles/load.csv");
  });

  it("names the field and the path of a missing file", () => {
    expect(refusal(() => scenarioFolderInputs(scenario).read("profiles/none.csv", "agents[0].load.csv")).message).toMatch(/agents\[0\]\.load\.csv: a readable file, cannot read "profiles\/none\.csv"/);
  });
});

describe("a run folder's kept inputs", () => {
  const run = join(tmp, "run");
  mkdirSync(join(run, "inputs", "profiles"), { recursive: true });
  writeFileSync(join(run, "inputs", "profiles", "load.csv"), "kw\n1\n2\n");
  const kept = [{ path: "profiles/load.csv", file: "inputs/profiles/load.csv", sha256: sha256Bytes(Buffer.from("kw\n1\n2\n")) }];

  it("reads the copy by the scenario's path, under that name", () => {
    expect(runFolderInputs(run, kept).read("profiles/load.csv", "f")).toEqual({ name: "profiles/load.csv", text: "kw\n1\n2\n" });
  });

  it("refuses a path the manifest does not list, a copy that changed, and a copy outside inputs/", () => {
    expect(refusal(() => runFolderInputs(run, kept).read("profiles/other.csv", "agents[0].load.csv")).message).toMatch(/agents\[0\]\.load\.csv: a copy of "profiles\/other\.csv"/);
    expect(refusal(() => runFolderInputs(run, [{ ...kept[0]!, sha256: "0".repeat(64) }]).read("profiles/load.csv", "f")).message).toMatch(/inputs\/profiles\/load\.csv: the bytes the run read/);
    expect(refusal(() => runFolderInputs(run, [{ ...kept[0]!, file: "inputs/../../secret.txt" }]).read("profiles/load.csv", "f")).message).toMatch(/copies under inputs\//);
  });
});
