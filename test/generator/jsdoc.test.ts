import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import { emit } from "../../generator/emit/index.js";
import { tempDir } from "../helpers.js";

/** The JSDoc block right above a method of client.ts. */
function methodDoc(client: string, method: string): string {
  const at = client.indexOf(`\n  ${method}(`);
  expect(at).toBeGreaterThan(0);
  const block = client.slice(client.lastIndexOf("/**", at) + 3, client.lastIndexOf("*/", at));
  return block.replace(/^\s*\* ?/gm, "").trim();
}

const tokenApi = `openapi: 3.1.0
info: { title: T, version: "1" }
x-wxgen-in-band-error: { code: errcode, message: errmsg, success: [0] }
components:
  securitySchemes:
    AppSecret: { type: apiKey, in: query, name: secret, x-wxgen-option: secret }
    Token:
      type: apiKey
      in: query
      name: access_token
      x-wxgen-token: { modes: { classic: auth.token }, token: access_token, expiresIn: expires_in }
paths:
  /token:
    get:
      operationId: auth.token
      security: [{ AppSecret: [] }]
      responses: { '200': { content: { application/json: { schema: { type: object, properties: { access_token: { type: string }, expires_in: { type: integer } } } } } } }
  /qr:
    post:
      operationId: qr.get
      summary: A code
      security: [{ Token: [] }]
      externalDocs: { url: 'https://example.com/qr' }
      requestBody: { content: { application/json: { schema: { type: object, properties: { page: { type: string } } } } } }
      responses: { '200': { content: { image/png: { schema: { type: string, format: binary } } } } }
`;

describe("generated method docs", () => {
  it("show METHOD /path · id, and the errors the call can raise", () => {
    const client = emit(loadModel("test/fixtures/shop.yaml")).get("client.ts")!;
    expect(methodDoc(client, "list")).toBe(
      [
        "`GET /items` · `items.list`",
        "@throws {HttpError} a non-2xx status, typed by {@link t.ItemsListHttpError}",
        "@throws {RequestValidationError | TimeoutError | AbortError | ConnectionError | ResponseTooLargeError | ResponseValidationError}",
      ].join("\n"),
    );
    // No arguments, a text answer, no documented errors: neither validation error, no link.
    expect(methodDoc(client, "health")).toBe("`GET /health` · `health`\n@throws {HttpError} a non-2xx status\n@throws {TimeoutError | AbortError | ConnectionError | ResponseTooLargeError}");
  });

  it("name the in-band error class and the token's errors where the operation has them", () => {
    const client = emit(loadModel(join(tempDir({ "api.yaml": tokenApi }), "api.yaml"))).get("client.ts")!;
    expect(methodDoc(client, "get")).toBe(
      [
        "A code",
        "",
        "`POST /qr` · `qr.get`",
        "@see https://example.com/qr",
        "@throws {TApiError} an error in a 2xx response (`errcode` not 0)",
        "@throws {HttpError} a non-2xx status",
        "@throws {RequestValidationError | CredentialError | TokenStoreError | TimeoutError | AbortError | ConnectionError | ResponseTooLargeError}",
      ].join("\n"),
    );
  });
});
