import { describe, expect, it } from "vitest";
import { MemoryTokenStore, TokenManager } from "../../generator/runtime/token.js";

function manager(options: { lifetimeSeconds?: number; marginMs?: number } = {}) {
  let clock = 1_000_000;
  let issued = 0;
  const pending: (() => void)[] = [];
  const tokens = new TokenManager({
    name: "AccessToken",
    key: "k",
    store: new MemoryTokenStore(),
    refreshMarginMs: options.marginMs ?? 60_000,
    now: () => clock,
    issue: () =>
      new Promise((resolve) => {
        const value = `token-${++issued}`;
        pending.push(() => resolve({ value, expiresInSeconds: options.lifetimeSeconds ?? 7200 }));
        queueMicrotask(() => pending.shift()?.());
      }),
  });
  return { tokens, issued: () => issued, advance: (ms: number) => (clock += ms) };
}

/** Lets a background refresh (store lock, read, issue, store) run to its end. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("TokenManager", () => {
  it("makes one request for many concurrent callers on a cold cache", async () => {
    const { tokens, issued } = manager();
    const values = await Promise.all(Array.from({ length: 100 }, () => tokens.current()));
    expect(new Set(values)).toEqual(new Set(["token-1"]));
    expect(issued()).toBe(1);
  });

  it("reuses the token until the refresh margin, then refreshes once in the background", async () => {
    const { tokens, issued, advance } = manager({ lifetimeSeconds: 7200, marginMs: 60_000 });
    await tokens.current();
    advance(7200_000 - 61_000);
    expect(await tokens.current()).toBe("token-1");
    expect(issued()).toBe(1);
    advance(2_000); // inside the margin: callers keep the current token while one refresh runs
    expect(await Promise.all([tokens.current(), tokens.current()])).toEqual(["token-1", "token-1"]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(issued()).toBe(2);
    expect(await tokens.current()).toBe("token-2");
  });

  it("waits for a new token once the old one has expired", async () => {
    const { tokens, advance } = manager({ lifetimeSeconds: 100 });
    await tokens.current();
    advance(100_000);
    expect(await tokens.current()).toBe("token-2");
  });

  it("caps the margin at half a short lifetime, so short-lived tokens are not refetched on every call", async () => {
    const { tokens, issued, advance } = manager({ lifetimeSeconds: 300, marginMs: 10 * 60_000 });
    await tokens.current();
    advance(100_000); // before half the lifetime: no refresh, not even in the background
    expect(await tokens.current()).toBe("token-1");
    await settled();
    expect(issued()).toBe(1);
    advance(60_000); // past half the lifetime: the capped margin starts a background refresh, seen by the same wait
    expect(await tokens.current()).toBe("token-1");
    await settled();
    expect(issued()).toBe(2);
  });

  it("forgets a failed token only while it is still the stored one", async () => {
    const { tokens, issued } = manager();
    const first = await tokens.current();
    await tokens.invalidate(first);
    const second = await tokens.current();
    expect(second).toBe("token-2");
    await tokens.invalidate(first); // a late failure with the old token changes nothing
    expect(await tokens.current()).toBe("token-2");
    expect(issued()).toBe(2);
  });
});
