import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateAndTypecheck } from "../typecheck.js";

describe("generated clients type-check under strict", () => {
  it("for awkward names and encodings (reserved words, clashes, non-ASCII, numeric keys, 4XX/5XX/default)", () => {
    const { code, output } = generateAndTypecheck("test/fixtures/names.yaml", "names", { checkEverything: true });
    expect(output).toBe("");
    expect(code).toBe(0);
  });

  it.each(["spec/wechat-miniprogram.yaml", "test/fixtures/shop.yaml"])("for %s, including the schema and operation files users' tsc skips", (input) => {
    const { code, output } = generateAndTypecheck(input, input.replace(/\W+/g, "-"), { checkEverything: true });
    expect(output).toBe("");
    expect(code).toBe(0);
  });
});

const shared = "../shared/specs";
const specs = ["petstore30.yaml", "kratos.json", "stripe.yaml", "github.json"];
if (!existsSync(shared)) console.warn(`${shared} not found: the real-world generation and type-check tests are skipped`);

describe.skipIf(!existsSync(shared))("real-world descriptions from ../shared/specs", () => {
  it.each(specs)("%s generates and type-checks with zero errors", (spec) => {
    const { code, output } = generateAndTypecheck(`${shared}/${spec}`, spec.replace(/\..*$/, ""), { checkEverything: true });
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 120_000);
});
