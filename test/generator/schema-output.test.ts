import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { EmitContext } from "../../generator/emit/context.js";
import { generateFiles, loadModel, type FileSet } from "../../generator/index.js";
import { cacheDir, STRICT_OPTIONS, typecheck } from "../typecheck.js";

/**
 * The emitted schema files are `@ts-nocheck` and typed by annotation (`Lazy<t.X>`): nothing in the
 * compiler compares a schema with the interface it is declared as. This test does, for every named
 * schema, in the direction that is sound for it: a received value (response, push) that passes has
 * the declared type (zod's output assignable to it; its input is the wire form, JSON as text); every
 * value of a request's declared type is accepted (assignable to zod's input; its output is the wire
 * form, an int64 marked for the encoder). A schema both sent and received as one form gets both.
 */

type Direction = "request" | "received";

/** Each schema builder's direction(s), from the emitter's own reading of which schemas are sent and received. */
function builderDirections(input: string): Map<string, Set<Direction>> {
  const ctx = new EmitContext(loadModel(input));
  const directions = new Map<string, Set<Direction>>();
  const add = (builder: string, direction: Direction) => directions.set(builder, (directions.get(builder) ?? new Set()).add(direction));
  for (const { name } of ctx.model.schemas) {
    const declared = ctx.names.builderOf(name, "response");
    add(declared, ctx.graph.declaredDirection(name) === "request" ? "request" : "received");
    const request = ctx.names.builderOf(name, "request");
    if (request !== declared) add(request, "request");
    const push = ctx.names.builderOf(name, "push");
    if (push !== declared) add(push, "received");
  }
  return directions;
}

const declaration = /^export const ([\w$]+): Lazy<t\.([\w$]+)> = lazy\(\(\) => /gm;

/**
 * The client's schema files and types, written for the check: each builder's schema also exported
 * as `<builder>$schema` (so its inferred type can be named), the runtime's schema helpers typed
 * with zod's generics, and check.ts with one assignability check per builder and direction.
 */
function writeSchemaCheck(dir: string, files: FileSet, directions: Map<string, Set<Direction>>): number {
  const checks: string[] = [];
  const imports: string[] = [];
  for (const [path, text] of files) {
    if (!path.startsWith("schemas/")) continue;
    const module = `m${imports.length}`;
    imports.push(`import type * as ${module} from "./${path.replace(/\.ts$/, ".js")}";`);
    const checked = text.replace(/^\/\/ @ts-nocheck.*$/m, "").replace(declaration, (_, builder: string, type: string) => {
      const schema = `ReturnType<typeof ${module}.${builder}$schema>`;
      const both = directions.get(builder) ?? new Set();
      if (both.has("received")) checks.push(`export type ${builder}$output = Assignable<z.output<${schema}>, t.${type}>;`);
      if (both.has("request")) checks.push(`export type ${builder}$input = Assignable<t.${type}, Closed<z.input<${schema}>>>;`);
      return `export const ${builder}: Lazy<t.${type}> = lazy(() => ${builder}$schema());\nexport const ${builder}$schema = (() => `;
    });
    write(dir, path, checked);
  }
  write(dir, "types.ts", files.get("types.ts")!);
  // types.ts imports runtime types (BinaryInput, HttpError): the runtime goes along as generated.
  for (const [path, text] of files) if (path.startsWith("runtime/")) write(dir, path, text);
  // Generated files import the helpers from either module; both get every typed helper.
  const typings = readFileSync(join(import.meta.dirname, "schema-output", "schema.ts"), "utf8");
  for (const module of ["runtime/schema.ts", "runtime/json-schema.ts"]) write(dir, module, typings);
  const header = ['import type { z } from "zod";', 'import type * as t from "./types.js";', ...imports, ...helperTypes];
  write(dir, "check.ts", [...header, ...checks, ""].join("\n"));
  return checks.length;
}

const helperTypes = [
  "type Assignable<A extends B, B> = [A, B];",
  // A loose object's `[key: string]: unknown` accepts any other property; TypeScript still refuses an
  // interface there (interfaces have no implicit index signature), so the input side drops it.
  "type Closed<T> = T extends readonly unknown[] ? { [K in keyof T]: Closed<T[K]> } : T extends Blob | Uint8Array ? T : T extends object ? { [K in keyof T as string extends K ? (unknown extends T[K] ? never : K) : K]: Closed<T[K]> } : T;",
];

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** The checks tsc reports, by name (`Item$output`), from the lines of check.ts its errors point at. */
function failing(dir: string, output: string): string[] {
  const lines = readFileSync(join(dir, "check.ts"), "utf8").split("\n");
  const names = [...output.matchAll(/\bcheck\.ts\((\d+),\d+\): error/g)].map((m) => /^export type (\S+) =/.exec(lines[Number(m[1]) - 1]!)?.[1] ?? `line ${m[1]}`);
  return [...new Set(names)];
}

/**
 * Writes the check for `files` and type-checks it under strict. Not under exactOptionalPropertyTypes:
 * zod types an optional property's value as possibly `undefined`, which no JSON value holds.
 */
function checkSchemas(name: string, input: string, files: FileSet = generateFiles(input)) {
  const dir = cacheDir(`schema-output-${name}`);
  const checks = writeSchemaCheck(dir, files, builderDirections(input));
  const { code, output } = typecheck(dir, ["check.ts"], { ...STRICT_OPTIONS, noUnusedLocals: false, exactOptionalPropertyTypes: false });
  return { checks, code, output, failing: failing(dir, output) };
}

describe("every emitted zod schema agrees with the interface it is declared as", () => {
  // Real-world descriptions when ../shared is there. Not GitHub's yet: `repository-rule-ruleset-info`
  // has properties but no `type`, so its schema lets non-objects through (as JSON Schema says) while
  // its interface is an object type.
  const realWorld = existsSync("../shared/specs") ? [["petstore", "../shared/specs/petstore30.yaml"], ["kratos", "../shared/specs/kratos.json"]] : [];
  it.each([
    ["shop", "test/fixtures/shop.yaml"],
    ["names", "test/fixtures/names.yaml"],
    ["wechat", "spec/wechat-miniprogram.yaml"],
    ...realWorld,
  ])("%s", (name, input) => {
    const { checks, code, output, failing } = checkSchemas(name, input);
    expect(failing).toEqual([]);
    expect(output).toBe("");
    expect(code).toBe(0);
    expect(checks).toBeGreaterThan(0);
  }, 120_000); // the WeChat client's 864 schemas: past the default 15 s on a loaded 2-core machine

  it("fails when one schema disagrees with its interface", () => {
    const files = generateFiles("test/fixtures/shop.yaml");
    const broken = (path: string, from: string, to: string) => new Map(files).set(path, files.get(path)!.replace(from, to));
    const numberAsText = checkSchemas("broken-output", "test/fixtures/shop.yaml", broken("schemas/Item.ts", "id: z.int(),", "id: z.string(),"));
    expect(numberAsText.failing).toEqual(["Item$output"]);
    const tooStrict = checkSchemas("broken-input", "test/fixtures/shop.yaml", broken("schemas/NewItem.ts", "draft: z.boolean().optional(),", "draft: z.boolean(),"));
    expect(tooStrict.failing).toEqual(["NewItem$input"]);
  }, 60_000);
});
