import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateFiles } from "../../generator/index.js";
import { generateAndTypecheck, typecheckClients, type ModuleSetting } from "../typecheck.js";

describe("generated clients type-check under strict", () => {
  it("for awkward names and encodings (reserved words, clashes, non-ASCII, numeric keys, 4XX/5XX/default)", async () => {
    const { code, output } = await generateAndTypecheck("test/fixtures/names.yaml", "names", { checkEverything: true });
    expect(output).toBe("");
    expect(code).toBe(0);
  });

  it.each(["spec/wechat-miniprogram.yaml", "test/fixtures/shop.yaml"])("for %s, including the schema and operation files users' tsc skips", async (input) => {
    const { code, output } = await generateAndTypecheck(input, input.replace(/\W+/g, "-"), { checkEverything: true });
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 60_000); // generation and tsc over the WeChat client's 947 files: past the default 15 s on a loaded machine
});

// TypeScript 7 has no `moduleResolution: node10` any more; CommonJS projects on it resolve with
// Bundler (module CommonJS) or Node16/NodeNext in a "type": "commonjs" package. Projects still on
// TypeScript 5 with node10 are checked with bench/'s TypeScript 5 when it is installed.
const typescript5 = "bench/node_modules/typescript/bin/tsc";
const settings: Record<string, ModuleSetting> = {
  "NodeNext, ESM package": { module: "NodeNext", moduleResolution: "NodeNext", packageType: "module" },
  "NodeNext, CommonJS package": { module: "NodeNext", moduleResolution: "NodeNext", packageType: "commonjs" },
  "Node16, ESM package": { module: "Node16", moduleResolution: "Node16", packageType: "module" },
  "Node16, CommonJS package": { module: "Node16", moduleResolution: "Node16", packageType: "commonjs" },
  "ESNext with Bundler": { module: "ESNext", moduleResolution: "Bundler", packageType: "module" },
  "CommonJS with Bundler resolution": { module: "CommonJS", moduleResolution: "Bundler", packageType: "commonjs" },
  ...(existsSync(typescript5) ? { "CommonJS with node10 resolution (TypeScript 5)": { module: "CommonJS", moduleResolution: "node10", packageType: "commonjs", tsc: typescript5 } as const } : {}),
};
if (!existsSync(typescript5)) console.warn("bench/node_modules/typescript not found (npm --prefix bench ci): the node10 type-check is skipped");

describe("generated clients type-check unchanged in every module setup, under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax (ESM) and erasableSyntaxOnly", () => {
  const clients = { wechat: generateFiles("spec/wechat-miniprogram.yaml"), shop: generateFiles("test/fixtures/shop.yaml") };
  it.each(Object.entries(settings))("%s", (label, setting) => {
    const { code, output } = typecheckClients(label.replace(/\W+/g, "-"), clients, setting);
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 180_000);
});

const shared = "../shared/specs";
const specs = ["petstore30.yaml", "kratos.json", "stripe.yaml", "github.json"];
if (!existsSync(shared)) console.warn(`${shared} not found: the real-world generation and type-check tests are skipped`);

describe.skipIf(!existsSync(shared))("real-world descriptions from ../shared/specs", () => {
  it.each(specs)("%s generates and type-checks with zero errors", async (spec) => {
    const { code, output } = await generateAndTypecheck(`${shared}/${spec}`, spec.replace(/\..*$/, ""), { checkEverything: true });
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 120_000);
});
