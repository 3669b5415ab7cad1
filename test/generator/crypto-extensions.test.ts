import { describe, expect, it } from "vitest";
import { emit } from "../../generator/emit/index.js";
import { loadText, specErrorOf } from "../helpers.js";

/** x-wxgen-derived, x-wxgen-api-security and x-wxgen-open-data, on a small description. */
function spec(root: string, operation: string, parameter = ""): string {
  return `openapi: 3.1.0
info: { title: T, version: "1" }
${root}
components:
  securitySchemes:
    AppId: { type: apiKey, in: query, name: appid, x-wxgen-option: appid }
paths:
  /check:
    post:
      operationId: auth.check
${operation.replace(/^/gm, "      ")}
      security: [{ AppId: [] }]
      parameters:
        - name: signature
          in: query
          required: true
          schema: { type: string }
${parameter.replace(/^/gm, "          ")}
      requestBody:
        content: { application/json: { schema: { type: object, properties: { a: { type: string } } } } }
      responses:
        '200': { content: { application/json: { schema: { type: object, properties: { key: { type: string } } } } } }
`;
}
const rule = "x-wxgen-api-security: { protocol: wechat, appIdOption: appid, keepInQuery: [access_token] }";
const derived = 'x-wxgen-derived: { from: secretKey, hmac: sha256, message: "" }';


describe("crypto extensions", () => {
  it("read into the model and the generated client", () => {
    const model = loadText(spec(`${rule}\nx-wxgen-open-data: wechat`, "x-wxgen-api-security: true", derived));
    const op = model.operations[0]!;
    expect([op.apiSecurity, op.params[0]!.derived]).toEqual([true, { from: "secretKey", hmac: "sha256", message: "", encoding: "hex" }]);
    const files = emit(model);
    expect(files.get("types.ts")).toMatch(/secretKey: string;/);
    expect(files.get("types.ts")).not.toMatch(/signature\??: /);
    expect(files.get("operations/auth.ts")).toMatch(/derived: \[\s*\{ name: "signature", from: "secretKey", hmac: "sha256", message: "", encoding: "hex" \},?\s*\]/);
    expect(files.get("operations/auth.ts")).toMatch(/apiSecurity: true/);
    expect(files.get("client.ts")).toMatch(/apiSecurityMiddleware\(options\.apiSecurity, \{ appid: options\.appid, baseUrl: options\.baseUrl \?\? "", keepInQuery: \["access_token"\] \}\)/);
    expect(files.get("index.ts")).toMatch(/decryptOpenData/);
    expect([...files.keys()]).toEqual(expect.arrayContaining(["runtime/api-security.ts", "runtime/open-data.ts", "runtime/crypto-errors.ts"]));
  });

  it("leave a client without them free of their runtime", () => {
    const files = emit(loadText(spec("", "")));
    expect([...files.keys()].filter((f) => /api-security|open-data|crypto-errors/.test(f))).toEqual([]);
    expect(files.get("client.ts")).not.toMatch(/apiSecurity/);
  });

  it("report bad values at file:line:col", () => {
    expect(specErrorOf(spec("", "x-wxgen-api-security: true"))).toMatch(/api\.yaml:\d+:\d+: x-wxgen-api-security on an operation needs the root x-wxgen-api-security rule/);
    expect(specErrorOf(spec(rule.replace("wechat", "other"), ""))).toMatch(/:\d+:\d+: x-wxgen-api-security.protocol must be `wechat`/);
    expect(specErrorOf(spec(rule.replace("appIdOption: appid", "appIdOption: nope"), ""))).toMatch(/no security scheme has x-wxgen-option: nope/);
    expect(specErrorOf(spec("", "", derived.replace("sha256", "md5")))).toMatch(/:\d+:\d+: x-wxgen-derived.hmac must be one of sha1, sha256, sha512/);
    expect(specErrorOf(spec("", "", derived.replace("secretKey", "signature")))).toMatch(/its input "signature" is also a parameter/);
  });
});
