import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadModel, SpecError } from "../../generator/index.js";
import { emit } from "../../generator/emit/index.js";
import { tempDir } from "../helpers.js";

type Json = Record<string, any>;

/** A description that uses every `x-wxgen-*` extension once, each with a good value. */
function description(): Json {
  return {
    openapi: "3.1.0",
    info: { title: "T", version: "1" },
    "x-wxgen-client": { name: "Shop", baseUrl: "https://api.example.com", modes: { cloud: { baseUrl: "http://gw", supplies: ["Token"], description: "gateway" } } },
    "x-wxgen-in-band-error": { code: "errcode", message: "errmsg", success: [0], retryable: [-1], codes: { "-1": "busy" } },
    "x-wxgen-tolerant": true,
    "x-wxgen-push": "wechat",
    "x-wxgen-open-data": "wechat",
    "x-wxgen-api-security": { protocol: "wechat", appIdOption: "appid", keepInQuery: ["access_token"], description: "keys" },
    components: {
      securitySchemes: {
        AppId: { type: "apiKey", in: "query", name: "appid", "x-wxgen-option": "appid" },
        Token: {
          type: "apiKey", in: "query", name: "access_token",
          "x-wxgen-token": { modes: { stable: "auth.token" }, token: "access_token", expiresIn: "expires_in", invalidCodes: [40001], fallbackModes: ["stable"], examples: { store: "a Redis store" } },
        },
        Pay: { type: "apiKey", in: "query", name: "pay_sig", "x-wxgen-signature": { algorithm: "hmac-sha256", message: "{path}&{body}", key: { option: "appKey" } } },
      },
    },
    paths: {
      "/token": {
        get: {
          operationId: "auth.token",
          security: [{ AppId: [] }],
          responses: { "200": { content: { "application/json": { schema: { type: "object", required: ["access_token"], properties: { access_token: { type: "string", "x-wxgen-guaranteed": "always sent" }, expires_in: { type: "integer" } } } } } } },
        },
      },
      "/plugin#apply": {
        "x-wxgen-path": "/plugin",
        post: {
          operationId: "plugin.apply",
          security: [{ Token: [] }],
          "x-wxgen-error-codes": { "40001": "bad token" },
          "x-wxgen-retryable": [61504],
          "x-wxgen-idempotent": true,
          "x-wxgen-credentials-in": "body",
          "x-wxgen-english-name": "applyPlugin",
          "x-wxgen-api-security": true,
          parameters: [{ name: "signature", in: "query", required: true, schema: { type: "string" }, "x-wxgen-derived": { from: "sessionKey", hmac: "sha256", message: "" } }],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", properties: { action: { type: "string" } } } } } },
          responses: { "200": { content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
    },
    webhooks: {
      event: {
        post: {
          "x-wxgen-xml-unwrap": ["Info"],
          requestBody: { content: { "application/json": { schema: { type: "object", properties: { Event: { type: "string" } } } } } },
          responses: { "200": { description: "ok" } },
        },
      },
      paid: {
        post: {
          "x-wxgen-callback": { signature: { field: "sign", hash: "md5", append: "&key=" }, acknowledgement: { code: 0 } },
          requestBody: { content: { "application/json": { schema: { type: "object", properties: { sign: { type: "string" } } } } } },
          responses: { "200": { description: "ok" } },
        },
      },
    },
  };
}

const load = (spec: Json) => loadModel(join(tempDir({ "api.yaml": stringify(spec) }), "api.yaml"));

/** The description with one change, and the message loading it gives (file:line:col stripped, checked present). */
function problem(change: (spec: Json) => void): string {
  const spec = description();
  change(spec);
  try {
    load(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    const message = (error as Error).message;
    expect(message).toMatch(/api\.yaml:\d+:\d+: /);
    expect(message).not.toMatch(/\n\s+at /);
    return message.replace(/^.*api\.yaml:\d+:\d+: /, "");
  }
  throw new Error("expected a SpecError");
}

const apply = (spec: Json) => spec.paths["/plugin#apply"].post;
const token = (spec: Json) => spec.components.securitySchemes.Token["x-wxgen-token"];

describe("x-wxgen-* extensions", () => {
  it("are read into the model when their values are good", () => {
    const model = load(description());
    const op = model.operations.find((o) => o.id === "plugin.apply")!;
    expect([op.path, op.errorCodes, op.retryableCodes, op.idempotent, op.credentialsIn, op.englishName, op.apiSecurity]).toEqual([
      "/plugin", { "40001": "bad token" }, [-1, 61504], true, "body", "applyPlugin", true,
    ]);
    expect([model.clientName, model.baseUrl, model.tolerant, model.pushProtocol, model.openData, model.apiSecurity?.description]).toEqual(["Shop", "https://api.example.com", true, "wechat", "wechat", "keys"]);
    expect(model.webhooks[0]!.xmlUnwrap).toEqual(["Info"]);
    expect(model.webhooks[1]!.callback).toEqual({ signature: { field: "sign", hash: "md5", append: "&key=" }, acknowledgement: { code: 0 } });
    expect(model.securitySchemes.find((s) => s.key === "Token")!.token!.examples).toEqual({ store: "a Redis store" });
  });

  it("give the client options' docs the API's wording, and none without it", () => {
    const spec = description();
    token(spec).examples = { store: "`redisTokenStore(redis)`", provider: "an authorizer_access_token" };
    const client = emit(load(spec)).get("client.ts")!;
    expect(client).toContain("shared between clients, processes or machines (`redisTokenStore(redis)`). Default");
    expect(client).toContain("from elsewhere instead (an authorizer_access_token); called again");
    expect(client).toContain("keys Given, every operation that supports it is sent signed");
    delete token(spec).examples;
    delete spec["x-wxgen-api-security"].description;
    const plain = emit(load(spec)).get("client.ts")!;
    expect(plain).not.toMatch(/redisTokenStore|authorizer_access_token|API 安全/);
    expect(plain).toContain("The keys of signed and encrypted calls. Given,");
  });

  it("report an unknown extension with the closest known one, at its key's line and column", () => {
    const spec = description();
    apply(spec)["x-wxgen-idempotnet"] = true;
    const text = stringify(spec);
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes("x-wxgen-idempotnet")) + 1;
    const col = lines[line - 1]!.indexOf("x-wxgen-idempotnet") + 1;
    let message = "";
    try {
      loadModel(join(tempDir({ "api.yaml": text }), "api.yaml"));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`api\\.yaml:${line}:${col}: unknown extension x-wxgen-idempotnet; did you mean x-wxgen-idempotent\\?$`));
    expect(problem((s) => (s.components.securitySchemes.AppId["x-wxgen-whatever"] = 1))).toBe("unknown extension x-wxgen-whatever (spec/README.md lists the x-wxgen-* extensions)");
  });

  it("point an unknown token issuer at the mode that names it, in the file where the scheme is written", () => {
    expect(problem((s) => (token(s).modes.stable = "auth.tokne"))).toBe('no operation has operationId "auth.tokne"');
    const spec = description();
    spec.components.securitySchemes.Token = { $ref: "schemes.yaml#/Token" };
    const schemes = "Token:\n  type: apiKey\n  in: query\n  name: access_token\n  x-wxgen-token:\n    modes:\n      stable: auth.tokne\n    token: access_token\n    expiresIn: expires_in\n";
    const dir = tempDir({ "api.yaml": stringify(spec), "schemes.yaml": schemes });
    expect(() => loadModel(join(dir, "api.yaml"))).toThrow(/schemes\.yaml:7:15: no operation has operationId "auth\.tokne"$/);
  });

  it("look for unknown extensions in every file, not in examples", () => {
    expect(problem((s) => (apply(s).responses["200"].content["application/json"].schema.properties = { x: { type: "string", "x-wxgen-guaranted": "y" } }))).toBe(
      "unknown extension x-wxgen-guaranted; did you mean x-wxgen-guaranteed?",
    );
    const spec = description();
    apply(spec).requestBody.content["application/json"].example = { "x-wxgen-anything": 1 };
    expect(() => load(spec)).not.toThrow();
    apply(spec).requestBody.content["application/json"].schema = { $ref: "other.yaml#/Body" };
    const dir = tempDir({ "api.yaml": stringify(spec), "other.yaml": "Body:\n  type: object\n  x-wxgen-tolerent: true\n" });
    expect(() => loadModel(join(dir, "api.yaml"))).toThrow(/other\.yaml:3:3: unknown extension x-wxgen-tolerent; did you mean x-wxgen-tolerant\?$/);
  });

  const cases: [string, (spec: Json) => void, string][] = [
    ["x-wxgen-client", (s) => (s["x-wxgen-client"] = "Shop"), "x-wxgen-client must be an object (name, baseUrl, modes)"],
    ["x-wxgen-client field", (s) => (s["x-wxgen-client"].baseURL = "x"), 'x-wxgen-client has no field "baseURL"; did you mean "baseUrl"?'],
    ["x-wxgen-api-security keepInQuery", (s) => (s["x-wxgen-api-security"].keepInQuery = "access_token"), "x-wxgen-api-security.keepInQuery (query parameter names) must be a list of strings"],
    ["x-wxgen-client.name", (s) => (s["x-wxgen-client"].name = 3), "x-wxgen-client.name must be a non-empty string"],
    ["x-wxgen-client.modes", (s) => (s["x-wxgen-client"].modes.cloud.supplies = ["Nope"]), 'no security scheme "Nope"'],
    ["x-wxgen-in-band-error", (s) => (s["x-wxgen-in-band-error"] = "errcode"), "x-wxgen-in-band-error must be an object or false"],
    ["x-wxgen-in-band-error.success", (s) => (s["x-wxgen-in-band-error"].success = ["ok"]), "expected a list of integer error codes"],
    ["x-wxgen-in-band-error field", (s) => (s["x-wxgen-in-band-error"].retriable = [-1]), 'x-wxgen-in-band-error has no field "retriable"; did you mean "retryable"?'],
    ["x-wxgen-tolerant", (s) => (s["x-wxgen-tolerant"] = "yes"), "x-wxgen-tolerant must be true or false"],
    ["x-wxgen-push", (s) => (s["x-wxgen-push"] = "wecom"), "x-wxgen-push must be `wechat` (the only push delivery the runtime implements)"],
    ["x-wxgen-open-data", (s) => (s["x-wxgen-open-data"] = true), "x-wxgen-open-data must be `wechat` (the only set of open-data helpers the runtime implements)"],
    ["x-wxgen-api-security (root)", (s) => (s["x-wxgen-api-security"].protocol = "other"), "x-wxgen-api-security.protocol must be `wechat` (the only protocol the runtime implements)"],
    ["x-wxgen-api-security.description", (s) => (s["x-wxgen-api-security"].description = ["keys"]), "x-wxgen-api-security.description must be a non-empty string"],
    ["x-wxgen-api-security (operation)", (s) => (apply(s)["x-wxgen-api-security"] = "yes"), "x-wxgen-api-security on an operation must be true or false"],
    ["x-wxgen-path", (s) => (s.paths["/plugin#apply"]["x-wxgen-path"] = "plugin"), "x-wxgen-path must be a path starting with /"],
    ["x-wxgen-error-codes", (s) => (apply(s)["x-wxgen-error-codes"] = { busy: "x" }), 'error code "busy" is not an integer'],
    ["x-wxgen-retryable", (s) => (apply(s)["x-wxgen-retryable"] = [1.5]), "expected a list of integer error codes"],
    ["x-wxgen-idempotent", (s) => (apply(s)["x-wxgen-idempotent"] = "true"), "x-wxgen-idempotent must be true or false"],
    ["x-wxgen-credentials-in", (s) => (apply(s)["x-wxgen-credentials-in"] = "query"), "x-wxgen-credentials-in must be `body` (query credentials go in the body too)"],
    ["x-wxgen-english-name", (s) => (apply(s)["x-wxgen-english-name"] = ""), "x-wxgen-english-name must be a non-empty string"],
    ["x-wxgen-xml-unwrap", (s) => (s.webhooks.event.post["x-wxgen-xml-unwrap"] = "Info"), "x-wxgen-xml-unwrap must be a list of strings"],
    ["x-wxgen-callback", (s) => (s.webhooks.paid.post["x-wxgen-callback"].signature.hash = "sha512"), "x-wxgen-callback.signature.hash must be one of md5, sha1, sha256"],
    ["x-wxgen-callback field", (s) => (s.webhooks.paid.post["x-wxgen-callback"].acknowledgment = {}), 'x-wxgen-callback has no field "acknowledgment"; did you mean "acknowledgement"?'],
    ["x-wxgen-callback.signature", (s) => (s.webhooks.paid.post["x-wxgen-callback"].signature = "sign"), "x-wxgen-callback.signature must be an object (field, hash, append)"],
    ["x-wxgen-derived", (s) => (apply(s).parameters[0]["x-wxgen-derived"].encoding = "hexa"), "x-wxgen-derived.encoding must be hex or base64"],
    ["x-wxgen-derived field", (s) => (apply(s).parameters[0]["x-wxgen-derived"].form = "x"), 'x-wxgen-derived has no field "form"; did you mean "from"?'],
    ["x-wxgen-option", (s) => (s.components.securitySchemes.AppId["x-wxgen-option"] = "app id"), "x-wxgen-option must name a client option (an identifier), on an apiKey scheme"],
    ["x-wxgen-token", (s) => (token(s).expiresIn = 7200), "x-wxgen-token.expiresIn must name a response property"],
    ["x-wxgen-token.fallbackModes", (s) => (token(s).fallbackModes = ["classic"]), 'x-wxgen-token.fallbackModes: "classic" is not one of the modes'],
    ["x-wxgen-token.force", (s) => (token(s).force = { mode: "stable", input: {}, minIntervalSeconds: "30" }), "x-wxgen-token.force.minIntervalSeconds must be a number of seconds, 0 or more"],
    ["x-wxgen-token.examples", (s) => (token(s).examples = { stores: "x" }), 'x-wxgen-token.examples has no field "stores"; did you mean "store"?'],
    ["x-wxgen-signature", (s) => (s.components.securitySchemes.Pay["x-wxgen-signature"].key = { option: "appKey", argument: "appKey" }), "x-wxgen-signature.key needs exactly one of `option` or `argument`, an identifier"],
    ["x-wxgen-signature field", (s) => (s.components.securitySchemes.Pay["x-wxgen-signature"].algorithim = "x"), 'x-wxgen-signature has no field "algorithim"; did you mean "algorithm"?'],
    ["x-wxgen-guaranteed", (s) => (s.paths["/token"].get.responses["200"].content["application/json"].schema.properties.access_token["x-wxgen-guaranteed"] = true), "x-wxgen-guaranteed must be a non-empty string"],
  ];
  it.each(cases)("%s: a bad value is a positioned error", (_, change, expected) => {
    expect(problem(change)).toBe(expected);
  });
});
