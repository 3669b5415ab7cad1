import { describe, expect, it } from "vitest";
import { asTheReadmeShowsIt, readmeBlocks } from "./readme.js";

/** Files the README shows in full: the tests run these files, so the README shows code that runs. */
const shown = [
  "examples/push-server.ts",
  "examples/intracity-callback.ts",
  "examples/push-adapters/express.ts",
  "examples/push-adapters/fastify.ts",
  "examples/push-adapters/koa.ts",
  "examples/push-adapters/node-http.ts",
  "examples/backend/login.ts",
  "examples/backend/login.test.ts",
];

describe("the README", () => {
  it.each(shown)("shows %s as it is", (file) => {
    expect(readmeBlocks("ts")).toContain(asTheReadmeShowsIt(file));
  });

  it("shows examples short enough to read", () => {
    for (const file of shown) expect(asTheReadmeShowsIt(file).split("\n").length, file).toBeLessThan(32);
  });
});
