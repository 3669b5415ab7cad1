import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EmitContext } from "../../generator/emit/context.js";
import { FileImports } from "../../generator/emit/imports.js";
import { runtimeNames } from "../../generator/emit/names.js";
import { literalOf } from "../../generator/emit/print.js";
import { loadModel } from "../../generator/index.js";
import { camelCase, identifier, javascriptReserved, NameSet, objectKey, objectMemberNames, pascalCase, propertyKey } from "../../generator/model/naming.js";
import { tempDir } from "../helpers.js";

/** The names registry (emit/names.ts), the import collector (emit/imports.ts) and naming.ts's additions, each on its own. */

describe("naming.ts", () => {
  it("makes type names PascalCase and member names camelCase, keeping inner capitals and non-ASCII letters", () => {
    expect(["simple-user", "KfMessage", "wxa.get_qrcode", "用户 信息", "", "--"].map(pascalCase)).toEqual(["SimpleUser", "KfMessage", "WxaGetQrcode", "用户信息", "Unnamed", "Unnamed"]);
    expect(["get-content", "code2Session", "GetPaidUnionId", "2fa", ""].map(camelCase)).toEqual(["getContent", "code2Session", "getPaidUnionId", "_2fa", "unnamed"]);
  });

  it("keeps identifiers legal: no leading digit, no reserved word, while members may be reserved words", () => {
    expect(["delete", "class", "3d", "await"].map(identifier)).toEqual(["delete_", "class_", "_3d", "await_"]);
    expect(camelCase("delete")).toBe("delete");
    expect(pascalCase("2D")).toBe("_2D");
  });

  it("hands out names in the order asked, numbering clashes with what is taken", () => {
    const names = new NameSet(["Pet"]);
    expect(["Pet", "Pet", "Owner", "Pet2"].map((n) => names.claim(n))).toEqual(["Pet2", "Pet3", "Owner", "Pet22"]);
  });

  it("quotes property keys that are not identifiers", () => {
    expect(["name", "$ref", "_x", "名字", "x-y", "2x", ""].map(propertyKey)).toEqual(["name", "$ref", "_x", "名字", '"x-y"', '"2x"', '""']);
  });

  it("keeps bindings off strict mode's reserved words too", () => {
    expect(["arguments", "eval", "await", "yield", "let"].map(identifier)).toEqual(["arguments_", "eval_", "await_", "yield_", "let_"]);
    expect(javascriptReserved).toContain("static");
  });

  it("counts every member name JavaScript gives meaning to", () => {
    for (const name of ["then", "prototype", "constructor", "toString", "valueOf", "__proto__", "hasOwnProperty", "isPrototypeOf"]) expect(objectMemberNames).toContain(name);
  });

  it("writes __proto__ as a computed key in object literals, so that it stays a property", () => {
    expect([objectKey("__proto__"), objectKey("a-b"), objectKey("ok")]).toEqual(['["__proto__"]', '"a-b"', "ok"]);
    const text = literalOf(Object.fromEntries([["__proto__", 1], ["x", 2]]));
    expect(text).toBe('{ ["__proto__"]: 1, x: 2 }');
    const value = new Function(`return ${text};`)() as object;
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});

describe("imports.ts", () => {
  it("writes what was recorded: packages, runtime values, runtime types, the client's files, then builders; names sorted", () => {
    const imports = new FileImports("../");
    imports.builder("../schemas/", "Pet", "Pet");
    imports.runtime("OperationSpec");
    imports.runtime("z");
    imports.runtime("lazy");
    imports.runtime("z");
    imports.local("./in-band-errors.js", "inBandError");
    imports.types();
    imports.packageType("zod", "ZodType");
    imports.builder("../schemas/", "Animal", "Animal");
    imports.builder("../schemas/", "Animal", "AnimalBase");
    expect(imports.specs(["Pet"])).toEqual([
      { from: "zod", names: ["ZodType"], typeOnly: true },
      { from: "../runtime/schema.js", names: ["lazy", "z"] },
      { from: "../runtime/operation.js", names: ["OperationSpec"], typeOnly: true },
      { from: "../types.js", namespace: "t", typeOnly: true },
      { from: "./in-band-errors.js", names: ["inBandError"] },
      { from: "../schemas/Animal.js", names: ["Animal", "AnimalBase"] },
    ]);
  });

  it("writes nothing for what was never referenced", () => {
    expect(new FileImports("./").specs()).toEqual([]);
  });

  it("refuses a reference recorded after the lines were printed (it would go unimported)", () => {
    const imports = new FileImports("./");
    imports.specs();
    expect(() => imports.runtime("lazy")).toThrow("lazy was referenced after the file's imports were printed");
  });
});

describe("names.ts", () => {
  it("lists only names the runtime modules export", async () => {
    for (const { name, module, typeOnly } of runtimeNames) {
      const file = `generator/runtime/${module}.ts`;
      if (!typeOnly) expect(Object.keys(await import(`../../generator/runtime/${module}.ts`)), `${name} in ${file}`).toContain(name);
      else expect(readFileSync(file, "utf8"), `${name} in ${file}`).toMatch(new RegExp(`^export (interface|type|class|declare) ${name}\\b`, "m"));
    }
  });

  const head = 'openapi: 3.1.0\ninfo: { title: T, version: "1" }\n';
  const op = (id: string, path: string, schema: string) =>
    `  ${path}:\n    get:\n      operationId: ${id}\n      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/${schema}' } } } } }\n`;
  const context = (text: string) => new EmitContext(loadModel(join(tempDir({ "api.yaml": text }), "api.yaml")));

  it("keeps schema names as public types unless index.ts exports the name, and moves builders and constants off the runtime's names", () => {
    const ctx = context(`${head}paths:\n${op("format", "/a", "Lazy")}${op("then", "/b", "HttpError")}${op("lazy", "/c", "Lazy2")}components:\n  schemas:\n    Lazy: { type: string }\n    HttpError: { type: string }\n    Lazy2: { type: string }\n`);
    expect(ctx.model.schemas.map((s) => s.name)).toEqual(["Lazy", "HttpError2", "Lazy2"]);
    // Builders in schema order: `Lazy` is the runtime's type, so its builder is Lazy2, and the schema Lazy2's builder comes next.
    expect(["Lazy", "HttpError2", "Lazy2"].map((name) => ctx.names.builderOf(name, "response"))).toEqual(["Lazy2", "HttpError2", "Lazy22"]);
    expect(ctx.model.operations.map((o) => ctx.constName(o))).toEqual(["format2", "then2", "lazy2"]);
    expect(ctx.model.operations.map((o) => o.id)).toEqual(["format", "then2", "lazy"]);
  });

  it("claims a namespace before a method of the same name in one class, and both keep the ids that say how to call them", () => {
    const ctx = context(`${head}paths:\n${op("format", "/a", "S")}${op("format.get", "/b", "S")}${op("then.then", "/c", "S")}components:\n  schemas:\n    S: { type: string }\n`);
    expect(ctx.model.operations.map((o) => o.id)).toEqual(["format2", "format.get", "then2.then2"]);
    expect(ctx.names.namespaceClass(["then2"])).toBe("Then2Api");
  });
});
