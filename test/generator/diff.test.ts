import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { diffModels } from "../../generator/diff.js";
import { loadModel } from "../../generator/index.js";
import { tempDir } from "../helpers.js";

/** A small description whose parts each test changes. */
function spec(parts: { params?: string; body?: string; response?: string; extraPath?: string } = {}): string {
  return `openapi: 3.1.0
info: { title: T, version: "1" }
paths:
  /items:
    post:
      operationId: items.create
      parameters:
${parts.params ?? "        - { name: mode, in: query, schema: { type: string, enum: [fast, safe] } }"}
      requestBody:
        required: true
        content:
          application/json:
            schema:
${parts.body ?? "              { type: object, required: [name], properties: { name: { type: string }, size: { type: integer } } }"}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
${parts.response ?? "                { type: object, required: [id, status], properties: { id: { type: string }, status: { type: string, enum: [new, done] }, note: { type: string } } }"}
${parts.extraPath ?? `  /health:
    get:
      operationId: health
      responses: { '204': { description: ok } }`}
`;
}

function diff(before: string, after: string) {
  const dir = tempDir({ "old.yaml": before, "new.yaml": after });
  return diffModels(loadModel(join(dir, "old.yaml")), loadModel(join(dir, "new.yaml")));
}

const breaking = (report: ReturnType<typeof diff>) => report.changes.filter((c) => c.breaking).map((c) => `${c.where}: ${c.what}`);
const harmless = (report: ReturnType<typeof diff>) => report.changes.filter((c) => !c.breaking).map((c) => `${c.where}: ${c.what}`);

describe("wxgen diff", () => {
  it("finds nothing between identical descriptions", () => {
    expect(diff(spec(), spec()).changes).toEqual([]);
  });

  it("flags a removed operation, and lists an added one as harmless", () => {
    const report = diff(spec(), spec({ extraPath: "  /status:\n    get:\n      operationId: status\n      responses: { '204': { description: ok } }" }));
    expect(breaking(report)).toEqual(["health: operation removed (GET /health)"]);
    expect(report.added.map((op) => op.id)).toEqual(["status"]);
  });

  it("flags a new required parameter but not a new optional one", () => {
    const extra = (required: boolean) => `        - { name: mode, in: query, schema: { type: string, enum: [fast, safe] } }\n        - { name: tenant, in: header, required: ${required}, schema: { type: string } }`;
    expect(breaking(diff(spec(), spec({ params: extra(true) })))).toEqual(["items.create › arguments.tenant: added, required"]);
    expect(breaking(diff(spec(), spec({ params: extra(false) })))).toEqual([]);
  });

  it("flags a new required signing key argument (x-wxgen-signature)", () => {
    const signed = (spec: string) =>
      spec.replace("      requestBody:", "      security: [{ UserSig: [] }]\n      requestBody:") +
      "components:\n  securitySchemes:\n    UserSig: { type: apiKey, in: query, name: signature, x-wxgen-signature: { algorithm: hmac-sha256, message: '{body}', key: { argument: sessionKey } } }\n";
    expect(breaking(diff(spec(), signed(spec())))).toEqual(["items.create › arguments.sessionKey: added, required"]);
  });

  it("flags a narrowed argument type and a new required body field", () => {
    const report = diff(spec(), spec({ body: "              { type: object, required: [name, owner], properties: { name: { type: string }, size: { type: string }, owner: { type: string } } }" }));
    expect(breaking(report)).toEqual([
      "items.create › arguments.size: type integer → string",
      "items.create › arguments.owner: added, required",
    ]);
  });

  it("names arguments as the call is written: a spread body's fields at the top, a body that cannot spread under body", () => {
    const clash = "              { type: object, required: [name, mode], properties: { name: { type: string }, mode: { type: integer } } }";
    const params = "        - { name: mode, in: query, schema: { type: string, enum: [fast, safe] } }";
    // A body field named like a parameter cannot be spread: the call changes from create({ name }) to create({ body }).
    expect(breaking(diff(spec({ params }), spec({ params, body: clash })))).toEqual([
      "items.create › arguments.body: added, required",
      "items.create › arguments.name: removed",
      "items.create › arguments.size: removed",
    ]);
  });

  it("flags enum changes that break callers: fewer accepted values, more possible answers", () => {
    const report = diff(
      spec(),
      spec({
        params: "        - { name: mode, in: query, schema: { type: string, enum: [fast, safe, slow] } }",
        response: "                { type: object, required: [id, status], properties: { id: { type: string }, status: { type: string, enum: [new, done, failed] }, note: { type: string } } }",
      }),
    );
    expect(breaking(report)).toEqual(['items.create › response.status: enum changed: added "failed"']);
    expect(harmless(report)).toEqual(['items.create › arguments.mode: enum changed: added "slow"']);
    expect(breaking(diff(spec(), spec({ params: "        - { name: mode, in: query, schema: { type: string, enum: [fast, slow] } }" })))).toEqual([
      'items.create › arguments.mode: enum changed: added "slow"; removed "safe"',
    ]);
  });

  it("flags response fields that are gone or no longer guaranteed, not new ones", () => {
    const report = diff(spec(), spec({ response: "                { type: object, required: [id], properties: { id: { type: string }, status: { type: string, enum: [new, done] }, extra: { type: integer } } }" }));
    expect(breaking(report)).toEqual(["items.create › response.status: now optional", "items.create › response.note: removed"]);
    expect(harmless(report)).toEqual(["items.create › response.extra: added"]);
  });

  it("exits 1 on breaking changes only with --fail-on-breaking", () => {
    const dir = tempDir({ "old.yaml": spec(), "new.yaml": spec({ extraPath: "" }) });
    const run = (...flags: string[]) => spawnSync(process.execPath, [resolve("generator/bin.mjs"), "diff", "old.yaml", "new.yaml", ...flags], { cwd: dir, encoding: "utf8" });
    const plain = run();
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain("BREAKING health: operation removed");
    expect(run("--fail-on-breaking").status).toBe(1);
  });
});
