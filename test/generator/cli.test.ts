import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers.js";

const bin = resolve("generator/bin.mjs");
const spec = readFileSync("test/fixtures/shop.yaml", "utf8");

function wxgen(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function project(): string {
  const dir = tempDir({ "api.yaml": spec, "package.json": JSON.stringify({ wxgen: { targets: [{ input: "api.yaml", output: "client" }] } }) });
  expect(wxgen(dir, "generate").code).toBe(0);
  return dir;
}

describe("wxgen CLI", () => {
  it("check passes on fresh output and fails, naming the files, when it is stale", () => {
    const dir = project();
    expect(wxgen(dir, "check").code).toBe(0);
    writeFileSync(join(dir, "client", "types.ts"), "// edited by hand\n");
    writeFileSync(join(dir, "client", "stray.ts"), "export {};\n");
    rmSync(join(dir, "client", "schemas.ts"));
    const stale = wxgen(dir, "check");
    expect(stale.code).toBe(1);
    expect(stale.err).toContain("changed (1): types.ts");
    expect(stale.err).toContain("missing (1): schemas.ts");
    expect(stale.err).toContain("extra (1): stray.ts");
  });

  it("check fails when the description changed since generation", () => {
    const dir = project();
    writeFileSync(join(dir, "api.yaml"), spec.replace("Display name", "Shown name"));
    const stale = wxgen(dir, "check");
    expect(stale.code).toBe(1);
    expect(stale.err).toContain("types.ts");
  });

  it("reports a broken description as file:line:col and leaves the previous output untouched", () => {
    const dir = project();
    const before = readFileSync(join(dir, "client", "client.ts"), "utf8");
    writeFileSync(join(dir, "api.yaml"), spec.replace("type: integer, maximum: 100", "type: integr, maximum: 100"));
    const run = wxgen(dir, "generate");
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/api\.yaml:\d+:\d+: unknown type "integr"/);
    expect(readFileSync(join(dir, "client", "client.ts"), "utf8")).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(["api.yaml", "client", "package.json"]);
  });

  it("generates one target from --input/--output", () => {
    const dir = tempDir({ "api.yaml": spec });
    const run = wxgen(dir, "generate", "--input", "api.yaml", "--output", "out/shop");
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, "out", "shop", "index.ts"))).toBe(true);
  });

  it("explains usage errors", () => {
    const run = wxgen(tempDir(), "generate");
    expect(run.code).toBe(2);
    expect(run.err).toContain("no targets");
  });

  it("says what is wrong with the targets in package.json, without a stack trace", () => {
    const run = wxgen(tempDir({ "package.json": JSON.stringify({ wxgen: { targets: [{ input: "api.yaml" }] } }) }), "check");
    expect(run.code).toBe(1);
    expect(run.err).toContain('"wxgen.targets" must be an array of { "input": string, "output": string }');
    expect(run.err).not.toMatch(/\n\s+at /);
  });
});

describe("wxgen generate --watch", () => {
  it("regenerates when the description changes, and keeps the output when it breaks", async () => {
    const dir = project();
    const child = spawn(process.execPath, [bin, "generate", "--watch"], { cwd: dir });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const waitFor = async (test: () => boolean) => {
      for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(test()).toBe(true);
    };
    try {
      await waitFor(() => out.includes("watching"));
      writeFileSync(join(dir, "api.yaml"), spec.replace("Display name", "Shown name"));
      await waitFor(() => readFileSync(join(dir, "client", "types.ts"), "utf8").includes("Shown name"));
      const good = readFileSync(join(dir, "client", "types.ts"), "utf8");
      writeFileSync(join(dir, "api.yaml"), spec.replace("type: integer, maximum: 100", "type: integr, maximum: 100"));
      await waitFor(() => out.includes('unknown type "integr"'));
      expect(out).toContain("the previous output is unchanged");
      expect(readFileSync(join(dir, "client", "types.ts"), "utf8")).toBe(good);
    } finally {
      child.kill();
    }
  });
});
