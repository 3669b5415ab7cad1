import { describe, expect, it } from "vitest";
import { ApiPromise, type WithResponse } from "../../generator/runtime/api-promise.js";

const response = { status: 201, headers: { "x-request-id": "r1" } };

describe("ApiPromise", () => {
  it("awaits to the data, and gives the same response's status and headers with withResponse()", async () => {
    let settled = 0;
    const result = new Promise<WithResponse<string>>((resolve) => resolve((settled++, { data: "ok", response })));
    const promise = new ApiPromise(result);
    expect(await promise).toBe("ok");
    expect(await promise.withResponse()).toEqual({ data: "ok", response });
    expect(settled).toBe(1); // one result, however it is read
  });

  it("rejects through then, catch and finally alike", async () => {
    const failing = () => new ApiPromise<string>(Promise.reject(new Error("boom")));
    await expect(failing()).rejects.toThrow("boom");
    expect(await failing().catch((e: unknown) => (e as Error).message)).toBe("boom");
    let ran = false;
    await expect(failing().finally(() => (ran = true))).rejects.toThrow("boom");
    expect(ran).toBe(true);
  });

  it("chains into plain promises, not more ApiPromises", async () => {
    const chained = new ApiPromise(Promise.resolve({ data: 2, response })).then((n) => n * 2);
    expect(chained).not.toBeInstanceOf(ApiPromise);
    expect(await chained).toBe(4);
  });

  it("leaves no unhandled rejection when only withResponse() is used", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      const promise = new ApiPromise<string>(Promise.reject(new Error("boom")));
      await expect(promise.withResponse()).rejects.toThrow("boom");
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off("unhandledRejection", listener);
    }
    expect(unhandled).toEqual([]);
  });
});
