import { describe, expect, it } from "vitest";
import { CredentialError } from "../../generator/runtime/errors.js";
import { operationModule, type OperationRef } from "../../generator/runtime/operation.js";
import { TokenAccess, type TokenRule, type TokenSettings } from "../../generator/runtime/token-access.js";
import { MemoryTokenStore } from "../../generator/runtime/token.js";

const module = operationModule(async () => ({}));
const classic: OperationRef = [module, "getAccessToken"];
const stable: OperationRef = [module, "getStableAccessToken"];
const scheme = { key: "AccessToken", type: "apiKey", in: "query", name: "access_token" } as const;
const rule: TokenRule = {
  modes: { classic, stable },
  token: "access_token",
  expiresIn: "expires_in",
  invalidCodes: [40001],
  force: { mode: "stable", input: { force_refresh: true }, intervalMs: 30_000 },
  fallbackModes: ["stable"],
};

/** A TokenAccess whose token endpoint is a recorder: each call returns the next token. */
function access(settings: TokenSettings = {}, account: (string | undefined)[] = ["wx-app", "app-secret"]) {
  const calls: { issuer: string; input: unknown }[] = [];
  const token = new TokenAccess(scheme, rule, settings, account, async (issuer, input) => {
    calls.push({ issuer: issuer[1], input });
    return { access_token: `token-${calls.length}`, expires_in: 7200 };
  });
  return { token, calls };
}

describe("TokenAccess", () => {
  it("obtains the token from the first mode's operation by default, once while it is fresh", async () => {
    const { token, calls } = access();
    expect(await token.get()).toBe("token-1");
    expect(await token.get()).toBe("token-1");
    expect(calls).toEqual([{ issuer: "getAccessToken", input: {} }]);
  });

  it("forces a renewal with the rule's input in the rule's mode, and refuses a second one within the interval", async () => {
    const { token, calls } = access({ mode: "stable" });
    expect(await token.get()).toBe("token-1");
    expect(await token.forceRefresh()).toBe("token-2");
    expect(calls[1]).toEqual({ issuer: "getStableAccessToken", input: { force_refresh: true } });
    await expect(token.forceRefresh()).rejects.toThrow(CredentialError);
    expect(calls).toHaveLength(2);
  });

  it("refuses a forced refresh in a mode the rule does not force in, without calling the API", async () => {
    const { token, calls } = access({ mode: "classic" });
    await expect(token.forceRefresh()).rejects.toThrow('AccessToken: forced refresh is not available in this token mode; it is available in "stable" token mode');
    expect(calls).toEqual([]);
  });

  it("refuses a forced refresh when a provider supplies the token, and reads the provider's token", async () => {
    const { token, calls } = access({ provider: () => "provided" });
    expect(await token.get()).toBe("provided");
    await expect(token.forceRefresh()).rejects.toThrow("AccessToken: forced refresh is not available with a token provider");
    expect(calls).toEqual([]);
  });

  it("has no token and no middleware when a gateway adds it", async () => {
    const { token } = access({ suppliedByGateway: true });
    await expect(token.get()).rejects.toThrow("the gateway adds it");
    expect(() => token.middleware()).toThrow("the gateway adds it");
  });

  it("rejects an unknown mode, a per-process fallback in a mode where it is unsafe, and bad numbers", () => {
    expect(() => access({ mode: "turbo" })).toThrow('AccessToken: unknown token mode "turbo"; use classic or stable');
    expect(() => access({ mode: "classic", storeFallback: "memory" })).toThrow('per-process fallback is unsafe in "classic" mode');
    expect(() => access({ mode: "stable", storeFallback: "memory" })).not.toThrow();
    expect(() => access({ refreshMarginMs: -1 })).toThrow("tokenRefreshMarginMs");
  });

  it("keys the stored token by scheme, mode and a hash of the account: never the secret, shared by the same account only", async () => {
    const keys: string[] = [];
    const store = new MemoryTokenStore();
    const recording = Object.assign(Object.create(store) as MemoryTokenStore, { get: (key: string) => (keys.push(key), store.get(key)) });
    await access({ mode: "stable", store: recording }).token.get();
    await access({ mode: "stable", store: recording }, ["wx-app", "other-secret"]).token.get();
    const [first, second] = [keys[0]!, keys.at(-1)!];
    expect(first).toMatch(/^AccessToken:stable:[0-9a-f]{16}$/);
    expect(keys.join(" ")).not.toContain("app-secret");
    expect(second).not.toBe(first);
  });
});
