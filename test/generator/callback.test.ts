import { describe, expect, it } from "vitest";
import { emit } from "../../generator/emit/index.js";
import { loadText, specErrorOf } from "../helpers.js";

/** x-wxgen-callback on a description with no message push: a receiver of its own, generated and typed. */
function spec(callback: string, reply = "{ $ref: '#/components/schemas/Ack' }"): string {
  return `openapi: 3.1.0
info: { title: Shop, version: "1" }
paths: {}
webhooks:
  paid:
    post:
      summary: Payment settled
${callback.replace(/^/gm, "      ")}
      requestBody:
        content: { application/json: { schema: { $ref: '#/components/schemas/Paid' } } }
      responses:
        '200': { content: { application/json: { schema: ${reply} } } }
components:
  schemas:
    Paid: { type: object, properties: { order: { type: string }, at: { type: integer }, sig: { type: string } } }
    Ack: { type: object, properties: { code: { type: string } } }
`;
}
const valid = "x-wxgen-callback: { signature: { field: sig, hash: sha256, append: '&key=' }, timestamp: at, acknowledgement: { code: SUCCESS } }";


describe("x-wxgen-callback", () => {
  it("is read into the webhook and generates a receiver, without any push receiver", () => {
    const model = loadText(spec(valid));
    expect(model.webhooks[0]!.callback).toEqual({ signature: { field: "sig", hash: "sha256", append: "&key=" }, timestampField: "at", acknowledgement: { code: "SUCCESS" } });
    const files = emit(model);
    expect(files.get("push.ts")).toContain("export function createPaidReceiver(options: CallbackReceiverOptions<t.Paid, t.Ack>): PushReceiver {");
    expect(files.get("push.ts")).not.toContain("createPushHandler");
    expect(files.get("index.ts")).toContain("export function createPaidReceiver(");
    expect(files.has("runtime/push-callback.ts") && files.has("runtime/push-http.ts")).toBe(true);
    expect(files.has("runtime/push.ts") || files.has("runtime/push-format.ts")).toBe(false);
  });

  it.each([
    ["x-wxgen-callback: true", "api.yaml:8:25: x-wxgen-callback must be an object (signature, timestamp, acknowledgement)"],
    ["x-wxgen-callback: { signature: { hash: md5, append: '' }, acknowledgement: ok }", "signature.field must name the body field carrying the signature"],
    ["x-wxgen-callback: { signature: { field: sig, hash: crc32, append: '' }, acknowledgement: ok }", "x-wxgen-callback.signature.hash must be one of md5, sha1, sha256"],
    ["x-wxgen-callback: { signature: { field: sig, hash: md5 }, acknowledgement: ok }", "signature.append must be the text between the sorted fields and the secret"],
    ["x-wxgen-callback: { signature: { field: sig, hash: md5, append: '' } }", "x-wxgen-callback needs the acknowledgement the sender expects"],
    ["x-wxgen-callback: { signature: { field: sig, hash: md5, append: '' }, acknowledgement: ok, timestamp: 3 }", "x-wxgen-callback.timestamp (a body field's name) must be a non-empty string"],
  ])("rejects %s", (callback, message) => {
    expect(specErrorOf(spec(callback))).toContain(message);
  });

  it("types the handler's answer by the reply schema, named or inline", () => {
    const inline = emit(loadText(spec(valid, "{ type: object, properties: { code: { type: string } } }")));
    expect(inline.get("push.ts")).toContain("options: CallbackReceiverOptions<t.Paid, t.PaidReply>");
    expect(inline.get("types.ts")).toContain("export interface PaidReply {");
  });
});
