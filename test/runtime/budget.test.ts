import { describe, expect, it } from "vitest";
import { budgetError, pause, remainingMs, within, type Budget } from "../../generator/runtime/budget.js";
import { AbortError, TimeoutError } from "../../generator/runtime/errors.js";

const budget = (ms: number, signal?: AbortSignal): Budget => ({ deadline: Date.now() + ms, timeoutMs: ms, signal });
const never = new Promise<never>(() => undefined);

describe("budget", () => {
  it("tells what is left, and which error a spent budget is", () => {
    expect(remainingMs(budget(1_000))).toBeGreaterThan(900);
    expect(budgetError(budget(1_000), "op")).toBeUndefined();
    expect(budgetError(budget(0), "op")).toEqual(new TimeoutError("op", "not done within 0 ms"));
    const aborted = AbortSignal.abort(new Error("user left"));
    const error = budgetError(budget(1_000, aborted), "op");
    expect(error).toBeInstanceOf(AbortError);
    expect(error?.message).toBe("op: aborted by the caller's signal");
    expect(error?.cause).toBe(aborted.reason);
  });

  it("settles as the work does while the budget lasts", async () => {
    await expect(within(Promise.resolve(7), budget(1_000), "op")).resolves.toBe(7);
    await expect(within(Promise.reject(new Error("boom")), budget(1_000), "op")).rejects.toThrow("boom");
  });

  it("gives up at the deadline, or at once when the budget is already spent", async () => {
    const started = Date.now();
    await expect(within(never, budget(30), "op")).rejects.toThrow(new TimeoutError("op", "not done within 30 ms"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    await expect(within(never, budget(-1), "op")).rejects.toBeInstanceOf(TimeoutError);
  });

  it("gives up when the caller's signal aborts while it waits", async () => {
    const controller = new AbortController();
    const waiting = within(never, budget(10_000, controller.signal), "op");
    controller.abort("stop");
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
  });

  it("pauses for the backoff, unless that outlasts the budget", async () => {
    const started = Date.now();
    await pause(20, budget(1_000), "op");
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    await expect(pause(1_000, budget(20), "op")).rejects.toBeInstanceOf(TimeoutError);
  });
});
