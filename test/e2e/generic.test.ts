import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { RecordingServer } from "../recording-server.js";

/** Generic descriptions: generated at test time, called over real HTTP against a recording server. */

const api = new RecordingServer();
let origin = "";
beforeAll(async () => {
  origin = (await api.start()).origin;
});
afterAll(() => api.close());
beforeEach(() => {
  api.reply = RecordingServer.defaultReply;
});
const setReply = (reply: { status: number; type: string; body: string }) => {
  api.reply = reply;
};

// The generated modules are only known at run time: call them through loose signatures.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function clientFor(input: string, name: string): Promise<Loose> {
  const output = resolve(".cache", "e2e", name);
  mkdirSync(resolve(".cache", "e2e"), { recursive: true });
  await generate({ input, output });
  return (await import(pathToFileURL(`${output}/index.ts`).href)) as Loose;
}

const last = () => api.last();

describe("awkward names and encodings (test/fixtures/names.yaml)", () => {
  let api: Loose;
  beforeAll(async () => {
    const module = await clientFor("test/fixtures/names.yaml", "names");
    const create = Object.entries(module).find(([key]) => key.startsWith("create") && key.endsWith("Client"))![1] as (o: unknown) => Loose;
    api = create({ baseUrl: origin, credentials: { basicAuth: "ann:s3cret", "api-key-query": "k-1", session: "sess ion" } });
  });

  it("serializes path, deepObject, non-exploded arrays and headers, with basic auth", async () => {
    setReply({ status: 200, type: "application/json", body: '{"a-b":"x","123":4,"@type":"t"}' });
    const pet = await api.pets.getPetById({ "pet-id": "a/b c", filter: { kind: "cat" }, ids: [1, 2], "X-Trace": "t-1" });
    expect(pet).toEqual({ "a-b": "x", "123": 4, "@type": "t" });
    expect(last().url).toBe("/pets/a%2Fb%20c?filter%5Bkind%5D=cat&ids=1%2C2");
    expect(last().headers["x-trace"]).toBe("t-1");
    expect(last().headers.authorization).toBe(`Basic ${Buffer.from("ann:s3cret").toString("base64")}`);
    expect(last().url).not.toContain("api_key"); // one security alternative suffices: the key is not sent too
  });

  it("types error responses by status, range and default", async () => {
    for (const [status, body] of [[404, '{"message":"missing"}'], [503, '{"message":"down"}'], [418, '{"message":"teapot"}']] as const) {
      setReply({ status, type: "application/json", body });
      const error = await api.pets.getPetById({ "pet-id": "1" }).catch((e: unknown) => e);
      expect([error.name, error.status, error.body]).toEqual(["HttpError", status, JSON.parse(body)]);
    }
  });

  it("sends multipart with files and the cookie credential", async () => {
    setReply({ status: 204, type: "text/plain", body: "" });
    await api.pets.uploadPhoto({ "pet-id": "7", file: { data: new Uint8Array([1, 2, 3]), filename: "p.png", contentType: "image/png" }, caption: "hi" });
    expect(last().headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const text = last().body.toString("latin1");
    expect(text).toContain('name="file"; filename="p.png"');
    expect(text).toContain("Content-Type: image/png");
    expect(text).toContain('name="caption"');
    expect(last().headers.cookie).toBe("SESSION=sess%20ion");
  });

  it("sends form-urlencoded bodies", async () => {
    setReply({ status: 200, type: "application/json", body: '{"default":"d","delete":true}' });
    expect(await api.default.class({ name: "a b", count: 2 })).toEqual({ default: "d", delete: true });
    expect([last().headers["content-type"], last().body.toString()]).toEqual(["application/x-www-form-urlencoded", "name=a+b&count=2"]);
  });
});

const petstore = "../shared/specs/petstore30.yaml";
if (!existsSync(petstore)) console.warn(`${petstore} not found: the Petstore end-to-end test is skipped`);

describe.skipIf(!existsSync(petstore))("the Petstore 3.0 client", () => {
  let pets: Loose;
  beforeAll(async () => {
    const module = await clientFor(petstore, "petstore");
    const create = Object.entries(module).find(([key]) => key.startsWith("create") && key.endsWith("Client"))![1] as (o: unknown) => Loose;
    pets = create({ baseUrl: `${origin}/api/v3`, credentials: { petstore_auth: "oauth-token", api_key: () => "special-key" } });
  });

  it("adds a pet with a JSON body and an OAuth2 bearer token, and reads it back typed", async () => {
    const pet = { id: 10, name: "doggie", photoUrls: ["u"], status: "available" };
    setReply({ status: 200, type: "application/json", body: JSON.stringify(pet) });
    const created = await pets.pet.addPet(pet);
    expect([last().method, last().url, JSON.parse(last().body.toString())]).toEqual(["POST", "/api/v3/pet", pet]);
    expect(last().headers.authorization).toBe("Bearer oauth-token");
    expect(created).toEqual({ ...pet, id: "10" }); // int64: exact, as digits
  });

  it("finds pets by status (query) and gets one by id (path, api_key header)", async () => {
    setReply({ status: 200, type: "application/json", body: "[]" });
    expect(await pets.pet.findPetsByStatus({ status: "sold" })).toEqual([]);
    expect(last().url).toBe("/api/v3/pet/findByStatus?status=sold");
    setReply({ status: 200, type: "application/json", body: '{"name":"doggie","photoUrls":[]}' });
    await pets.pet.getPetById({ petId: 12345678901234567890n.toString() });
    expect(last().url).toBe("/api/v3/pet/12345678901234567890");
    expect(last().headers.api_key).toBe("special-key");
  });

  it("uploads raw bytes and reports documented HTTP errors", async () => {
    setReply({ status: 200, type: "application/json", body: '{"code":200,"type":"ok","message":"done"}' });
    await pets.pet.uploadFile({ petId: 1, additionalMetadata: "meta", body: new Uint8Array([9, 8, 7]) });
    expect([last().url, last().headers["content-type"], [...last().body]]).toEqual(["/api/v3/pet/1/uploadImage?additionalMetadata=meta", "application/octet-stream", [9, 8, 7]]);
    setReply({ status: 404, type: "text/plain", body: "Pet not found" });
    const error = await pets.pet.deletePet({ petId: 1, api_key: "k" }).catch((e: unknown) => e);
    expect([error.name, error.status, error.rawBody]).toEqual(["HttpError", 404, "Pet not found"]);
  });
});
