import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel, SpecError } from "../../generator/index.js";
import { tempDir } from "../helpers.js";

function errorOf(run: () => unknown): SpecError {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error("expected a SpecError");
}

const minimal = (extra = "") => `openapi: 3.1.0
info: { title: T, version: "1" }
paths: {}
${extra}`;

describe("loading descriptions", () => {
  it("names file:line:col of a YAML syntax error", () => {
    const dir = tempDir({ "api.yaml": "openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\n" });
    const error = errorOf(() => loadModel(join(dir, "api.yaml")));
    expect(error.file).toMatch(/api\.yaml$/);
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(/api\.yaml:\d+:\d+: /);
  });

  it("rejects duplicate keys with their position", () => {
    const dir = tempDir({ "api.yaml": "openapi: 3.1.0\ninfo: { title: T, version: '1' }\npaths: {}\npaths: {}\n" });
    const error = errorOf(() => loadModel(join(dir, "api.yaml")));
    expect([error.line, error.col]).toEqual([4, 1]);
  });

  it("locates a JSON syntax error", () => {
    const dir = tempDir({ "api.json": '{\n  "openapi": "3.1.0",\n  "info": {"title": "T" "version": "1"}\n}\n' });
    const error = errorOf(() => loadModel(join(dir, "api.json")));
    expect(error.line).toBe(3);
  });

  it("points at an unknown type keyword", () => {
    const spec = minimal(`components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          type: text
`);
    const error = errorOf(() => loadModel(join(tempDir({ "api.yaml": spec }), "api.yaml")));
    expect(error.message).toContain('unknown type "text"');
    expect([error.line, error.col]).toEqual([10, 17]);
  });

  it("points at a $ref that does not resolve", () => {
    const spec = minimal(`components:
  schemas:
    Pet:
      $ref: '#/components/schemas/Missing'
`);
    const error = errorOf(() => loadModel(join(tempDir({ "api.yaml": spec }), "api.yaml")));
    expect(error.message).toContain('no "Missing"');
    expect(error.line).toBe(7);
  });

  it("follows chains of $refs between parameters, and names a chain that loops", () => {
    const parameters = (second: string) => `components:
  parameters:
    First: { $ref: '#/components/parameters/Second' }
    Second: ${second}
`;
    const path = `paths:
  /pets:
    get:
      operationId: list
      parameters: [{ $ref: '#/components/parameters/First' }]
      responses: { "204": { description: none } }
`;
    const spec = (second: string) => `openapi: 3.1.0\ninfo: { title: T, version: "1" }\n${path}${parameters(second)}`;
    const model = loadModel(join(tempDir({ "api.yaml": spec("{ name: limit, in: query, schema: { type: integer } }") }), "api.yaml"));
    expect(model.operations[0]!.params.map((p) => p.name)).toEqual(["limit"]);
    const error = errorOf(() => loadModel(join(tempDir({ "api.yaml": spec("{ $ref: '#/components/parameters/First' }") }), "api.yaml")));
    expect(error.message).toContain("leads back to itself");
    expect(error.line).toBe(11); // First, where the loop closes
  });

  it("says which field an OpenAPI object lacks", () => {
    const error = errorOf(() => loadModel(join(tempDir({ "api.yaml": "swagger: '2.0'\n" }), "api.yaml")));
    expect(error.message).toContain("openapi");
  });

  it("follows $refs into other files, relative to the referring file", () => {
    const dir = tempDir({
      "api.yaml": minimal(`components:
  schemas:
    Pet:
      $ref: './pet.yaml#/Pet'
`),
      "pet.yaml": "Pet:\n  type: object\n  properties:\n    owner: { $ref: '#/Owner' }\nOwner:\n  type: object\n  properties:\n    name: { type: string }\n",
    });
    const model = loadModel(join(dir, "api.yaml"));
    const pet = model.schemas.find((s) => s.componentKey === "Pet")!;
    expect(pet.schema).toEqual({ ref: "Pet2" });
    const hoisted = model.schemas.find((s) => s.name === "Pet2")!;
    expect(hoisted.schema).toMatchObject({ properties: { owner: { ref: "Owner" } } });
  });

  it("resolves $id and $anchor references (3.1)", () => {
    const spec = minimal(`components:
  schemas:
    Tree:
      $id: https://example.com/tree
      type: object
      properties:
        leaf: { $ref: 'leaf#node' }
    Leaf:
      $id: https://example.com/leaf
      $defs:
        node:
          $anchor: node
          type: string
`);
    const model = loadModel(join(tempDir({ "api.yaml": spec }), "api.yaml"));
    const tree = model.schemas.find((s) => s.componentKey === "Tree")!;
    const leafName = (tree.schema as { properties: { leaf: { ref: string } } }).properties.leaf.ref;
    expect(model.schemas.find((s) => s.name === leafName)!.schema).toMatchObject({ type: ["string"] });
  });

  it("reads x-wxgen-signature and says what is wrong with a bad one", () => {
    const scheme = (signature: string, where = "in: query") => `components:
  securitySchemes:
    Sig:
      type: apiKey
      ${where}
      name: sig
      x-wxgen-signature: ${signature}
`;
    const load = (spec: string) => loadModel(join(tempDir({ "api.yaml": minimal(spec) }), "api.yaml"));
    const good = load(scheme("{ algorithm: hmac-sha256, message: '{path}&{body}', key: { argument: userKey, description: the user's key } }"));
    expect(good.securitySchemes[0]!.signature).toEqual({ algorithm: "hmac-sha256", message: "{path}&{body}", keyArgument: "userKey", keyDescription: "the user's key" });
    const cases: [string, RegExp, string?][] = [
      ["{ algorithm: md5, message: '{body}', key: { option: k } }", /algorithm must be "hmac-sha256"/],
      ["{ algorithm: hmac-sha256, message: '{path}', key: { option: k } }", /message must be a string that contains \{body\}/],
      ["{ algorithm: hmac-sha256, message: '{body}', key: { option: k, argument: a } }", /exactly one of `option` or `argument`/],
      ["{ algorithm: hmac-sha256, message: '{body}', key: { option: 'not an identifier' } }", /exactly one of `option` or `argument`/],
      ["{ algorithm: hmac-sha256, message: '{body}', key: { option: k } }", /needs an apiKey scheme in query or header/, "in: cookie"],
    ];
    for (const [signature, message, where] of cases) {
      const error = errorOf(() => load(scheme(signature, where)));
      expect(error.message).toMatch(/api\.yaml:\d+:\d+: /);
      expect(error.message).toMatch(message);
    }
  });

  it("refuses a signed operation whose body is not JSON or shadows the key argument", () => {
    const spec = (content: string) => minimal(`components:
  securitySchemes:
    Sig: { type: apiKey, in: query, name: sig, x-wxgen-signature: { algorithm: hmac-sha256, message: '{body}', key: { argument: userKey } } }
`).replace("paths: {}", `paths:
  /pay:
    post:
      security: [{ Sig: [] }]
      requestBody: { content: { ${content} } }
      responses: { '200': { description: ok } }`);
    const load = (content: string) => loadModel(join(tempDir({ "api.yaml": spec(content) }), "api.yaml"));
    expect(load("application/json: { schema: { type: object, properties: { a: { type: string } } } }").operations).toHaveLength(1);
    expect(errorOf(() => load("application/x-www-form-urlencoded: { schema: { type: object } }")).message).toMatch(/needs a JSON body/);
    expect(errorOf(() => load("application/json: { schema: { type: object, properties: { userKey: { type: string } } } }")).message).toMatch(/would shadow the signing key argument/);
  });
});
