import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShopClient, HttpError, isHttpError, ResponseValidationError } from "../golden/shop/index.js";
import { RecordingServer } from "../recording-server.js";

/** A generic API (test/fixtures/shop.yaml) served by a tiny local server that records what it receives. */
const api = new RecordingServer();
let baseUrl = "";
beforeAll(async () => {
  await api.start();
  baseUrl = `${api.origin}/v1`;
});
beforeEach(() => {
  api.reply = RecordingServer.defaultReply;
});
afterAll(() => api.close());
const received = api.received;
const respond = (status: number, type: string, body: string) => {
  api.reply = { status, type, body };
};

const shop = () => createShopClient({ baseUrl, credentials: { bearer: "tok", apiKey: () => "key-1" } });
const item = { id: 1, name: "pen", price: 2.5 };

describe("a generic generated client", () => {
  it("puts path, query and header parameters on the wire as described", async () => {
    respond(200, "application/json", JSON.stringify([item]));
    const items = await shop().items.list({ tag: ["a", "b c"], limit: 5, "X-Request-Id": "r-1" });
    expect(items).toEqual([item]);
    const request = received.at(-1)!;
    expect(request.url).toBe("/v1/items?tag=a&tag=b+c&limit=5");
    expect(request.headers["x-request-id"]).toBe("r-1");
    expect(request.headers.authorization).toBe("Bearer tok");
    expect(request.headers["x-api-key"]).toBeUndefined();
  });

  it("spreads an object body among the arguments and uses the operation's own security", async () => {
    respond(201, "application/json", JSON.stringify(item));
    await shop().items.create({ name: "pen", price: 2.5, draft: true }); // `id` is readOnly: not part of the request type
    const request = received.at(-1)!;
    expect([request.method, request.url, JSON.parse(request.body.toString())]).toEqual(["POST", "/v1/items", { name: "pen", price: 2.5, draft: true }]);
    expect(request.headers["x-api-key"]).toBe("key-1");
    expect(request.headers.authorization).toBeUndefined();
  });

  it("sends a non-object body under `body`, and returns nothing for 204", async () => {
    respond(204, "text/plain", "");
    expect(await shop().items.replaceTags({ id: 7, body: ["x"] })).toBeUndefined();
    expect([received.at(-1)!.url, received.at(-1)!.body.toString()]).toEqual(["/v1/items/7", '["x"]']);
  });

  it("validates documented error responses per status, including ranges and default", async () => {
    respond(404, "application/json", '{"code":"not_found","extra":1}');
    const error = await shop().items.get({ id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).body).toEqual({ code: "not_found", extra: 1 });
    respond(429, "application/json", '{"code":"slow_down"}');
    expect(((await shop().items.list().catch((e: unknown) => e)) as HttpError).status).toBe(429);
  });

  it("tells which documented error response an HttpError's body is, and why not when it is none", async () => {
    const create = () => shop().items.create({ name: "pen", price: 2.5 }).catch((e: unknown) => e);
    respond(409, "application/json", '{"existing":7}');
    const conflict = await create();
    expect(isHttpError(conflict, "items.create")).toBe(true);
    expect(isHttpError(conflict, "items.list")).toBe(false);
    if (!isHttpError(conflict, "items.create") || conflict.documented !== "409") throw new Error("expected the documented 409");
    expect([conflict.status, conflict.body.existing, conflict.issues]).toEqual([409, 7, undefined]);
    respond(409, "application/json", '{"existing":"seven"}');
    const mismatch = (await create()) as HttpError;
    expect([mismatch.documented, mismatch.body, mismatch.issues?.map((i) => i.path.join("."))]).toEqual([undefined, { existing: "seven" }, ["existing"]]);
    respond(409, "text/html", "<h1>conflict</h1>");
    expect(((await create()) as HttpError).issues?.map((i) => i.message)).toEqual(["body is not JSON"]);
    respond(500, "application/json", '{"existing":7}');
    const undocumented = (await create()) as HttpError;
    expect([undocumented.documented, undocumented.issues]).toEqual([undefined, undefined]);
    respond(429, "application/json", '{"code":"slow_down"}');
    const ranged = await shop().items.list().catch((e: unknown) => e);
    expect(isHttpError(ranged, "items.list") && [ranged.documented, ranged.body]).toEqual(["4XX", { code: "slow_down" }]);
  });

  it("returns text responses as text, needs no credentials where security is empty", async () => {
    respond(200, "text/plain", "healthy");
    expect(await createShopClient({ baseUrl }).health()).toBe("healthy");
    expect(received.at(-1)!.headers.authorization).toBeUndefined();
  });

  it("keeps 64-bit integers exact both ways", async () => {
    respond(201, "application/json", '{"id":1,"name":"pen","price":2.5,"sku":12345678901234567891}');
    const created = await shop().items.create({ name: "pen", price: 2.5, sku: "98765432109876543211" });
    expect(received.at(-1)!.body.toString()).toBe('{"name":"pen","price":2.5,"sku":98765432109876543211}');
    expect(created.sku).toBe("12345678901234567891");
  });

  it("rejects success bodies that break the schema", async () => {
    respond(200, "application/json", '{"id":"1","name":"pen","price":2.5}');
    expect(await shop().items.get({ id: 1 }).catch((e: unknown) => e)).toBeInstanceOf(ResponseValidationError);
  });
});
