import { describe, expect, it } from "vitest";
import { TokenAuthority } from "../../packages/wechat/simulator/tokens.js";

function authority() {
  let clock = 0;
  const tokens = new TokenAuthority({ now: () => clock, ttlSeconds: 7200, classicOverlapMs: 300_000, stableRenewWindowMs: 300_000, forceRefreshIntervalMs: 30_000 });
  return { tokens, advance: (ms: number) => (clock += ms) };
}

describe("the simulator's token rules (as WeChat documents them)", () => {
  it("retires a classic token 5 minutes after a new one is issued", () => {
    const { tokens, advance } = authority();
    const old = tokens.issueClassic().value;
    tokens.issueClassic();
    advance(299_000);
    expect(tokens.check(old)).toBe("ok");
    advance(1_000);
    expect(tokens.check(old)).toBe("unknown");
  });

  it("returns the same stable token until its last 5 minutes, and keeps stable and classic apart", () => {
    const { tokens, advance } = authority();
    const first = tokens.issueStable(false);
    expect(tokens.issueStable(false).value).toBe(first.value);
    tokens.issueClassic();
    advance(7200_000 - 299_000);
    const renewed = tokens.issueStable(false);
    expect(renewed.value).not.toBe(first.value);
    expect(tokens.check(first.value)).toBe("ok");
    advance(299_000);
    expect(tokens.check(first.value)).toBe("expired");
  });

  it("force_refresh retires the old stable token at once, at most every 30 s", () => {
    const { tokens, advance } = authority();
    const first = tokens.issueStable(false).value;
    const forced = tokens.issueStable(true).value;
    expect(tokens.check(first)).toBe("unknown");
    expect(tokens.issueStable(true).value).toBe(forced);
    advance(30_000);
    expect(tokens.issueStable(true).value).not.toBe(forced);
  });

  it("tells missing, malformed and unknown tokens apart", () => {
    const { tokens } = authority();
    expect([tokens.check(null), tokens.check("bad token!"), tokens.check("A".repeat(40))]).toEqual(["missing", "malformed", "unknown"]);
  });
});
