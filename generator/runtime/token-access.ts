import type { Middleware } from "./middleware.js";
import type { OperationRef } from "./operation.js";
import type { SchemeSpec } from "./security.js";
import { createHash } from "node:crypto";
import { checkFunction, checkPositive } from "./options.js";
import { MemoryTokenStore, TokenManager, tokenMiddleware, type IssuedToken, type TokenProvider, type TokenStore } from "./token.js";

/** What `x-wxgen-token` says about a token scheme, as the generated client passes it. */
export interface TokenRule {
  /** Mode → the operation that issues tokens in that mode; the first is the default. */
  readonly modes: Readonly<Record<string, OperationRef>>;
  readonly token: string;
  readonly expiresIn: string;
  readonly invalidCodes: readonly number[];
  /** How to force a renewal: in which mode, with which input, how often at most. */
  readonly force?: { readonly mode: string; readonly input: Readonly<Record<string, unknown>>; readonly intervalMs: number };
  /** Modes in which a per-process token is safe when the shared store fails. */
  readonly fallbackModes?: readonly string[];
}

/** The client options about a token (`tokenMode`, `tokenStore`, …). */
export interface TokenSettings {
  /** How the client's options for this token begin (`token` in `tokenMode`), for error messages. */
  readonly optionPrefix?: string | undefined;
  /** A gateway adds the token (WeChat Cloud Hosting's 开放接口服务): the client never obtains or sees one. */
  readonly suppliedByGateway?: boolean | undefined;
  readonly mode?: string | undefined;
  readonly store?: TokenStore | undefined;
  readonly storeFallback?: "fail" | "memory" | undefined;
  readonly provider?: TokenProvider | undefined;
  readonly refreshMarginMs?: number | undefined;
  readonly lockTtlMs?: number | undefined;
  readonly minLifetimeMs?: number | undefined;
}

type Call = (issuer: OperationRef, input: unknown, options: { timeoutMs?: number }) => Promise<unknown>;

/** A client's handle on one token scheme: read the current token, force a renewal, and the middleware. */
export class TokenAccess {
  private readonly manager: TokenManager | undefined;
  private readonly scheme: SchemeSpec;
  private readonly rule: TokenRule;
  private readonly settings: TokenSettings;
  /** How to force a renewal in the client's mode; unset where the mode has no forced renewal. */
  private readonly force: TokenRule["force"];

  constructor(scheme: SchemeSpec, rule: TokenRule, settings: TokenSettings, account: readonly (string | undefined)[], call: Call) {
    this.scheme = scheme;
    this.rule = rule;
    this.settings = settings;
    const prefix = settings.optionPrefix ?? "token";
    for (const [name, value] of [["RefreshMarginMs", settings.refreshMarginMs], ["LockTtlMs", settings.lockTtlMs], ["MinLifetimeMs", settings.minLifetimeMs]] as const) {
      checkPositive("ClientOptions", prefix + name, value);
    }
    checkFunction("ClientOptions", `${prefix}Provider`, settings.provider);
    if (settings.provider || settings.suppliedByGateway) return;
    const mode = settings.mode ?? Object.keys(rule.modes)[0]!;
    const issuer = rule.modes[mode];
    if (!issuer) throw new TypeError(`${scheme.key}: unknown token mode "${mode}"; use ${Object.keys(rule.modes).join(" or ")}`);
    if (settings.storeFallback === "memory" && !rule.fallbackModes?.includes(mode)) {
      throw new TypeError(`${scheme.key}: a per-process fallback is unsafe in "${mode}" mode (processes would knock out each other's tokens)`);
    }
    const force = rule.force?.mode === mode ? rule.force : undefined;
    this.force = force;
    let key: string | undefined;
    this.manager = new TokenManager({
      name: scheme.key,
      // Hashed when first needed: the first digest costs milliseconds, and many calls need no token.
      get key() {
        return (key ??= tokenStoreKey(scheme.key, mode, account));
      },
      store: settings.store ?? new MemoryTokenStore(),
      ...(settings.storeFallback === "memory" ? { fallbackStore: new MemoryTokenStore() } : {}),
      ...(settings.refreshMarginMs !== undefined ? { refreshMarginMs: settings.refreshMarginMs } : {}),
      ...(settings.lockTtlMs !== undefined ? { lockTtlMs: settings.lockTtlMs } : {}),
      ...(settings.minLifetimeMs !== undefined ? { minLifetimeMs: settings.minLifetimeMs } : {}),
      ...(force ? { forceRefreshIntervalMs: force.intervalMs } : {}),
      issue: async ({ force: forced, timeoutMs }): Promise<IssuedToken> => {
        const response = (await call(issuer, forced && force ? force.input : {}, { timeoutMs })) as Record<string, unknown>;
        return { value: String(response[rule.token]), expiresInSeconds: Number(response[rule.expiresIn]) };
      },
    });
  }

  /** The current token (obtained first if need be). */
  get(): Promise<string> {
    if (this.settings.suppliedByGateway) return Promise.reject(this.gatewayOnly());
    return this.manager ? this.manager.current() : Promise.resolve(this.settings.provider!({}));
  }

  private gatewayOnly(): TypeError {
    return new TypeError(`${this.scheme.key}: the gateway adds it to each call in this mode; the client never has one`);
  }

  /**
   * Obtains a new token that retires the current one — after a leak, say. Never done
   * automatically; refused when another forced refresh happened too recently.
   */
  forceRefresh(): Promise<string> {
    if (this.settings.suppliedByGateway) return Promise.reject(this.gatewayOnly());
    if (!this.manager || !this.force) return Promise.reject(this.noForcedRefresh());
    return this.manager.forceRefresh();
  }

  /** Where the rule forces renewals in another mode only, a refresh here would not retire anything the way the caller expects. */
  private noForcedRefresh(): TypeError {
    const where = this.rule.force && !this.settings.provider ? `; it is available in "${this.rule.force.mode}" token mode` : "";
    return new TypeError(`${this.scheme.key}: forced refresh is not available ${this.settings.provider ? "with a token provider" : "in this token mode"}${where}`);
  }

  middleware(): Middleware {
    if (this.settings.suppliedByGateway) throw this.gatewayOnly();
    return tokenMiddleware(this.scheme, this.manager ?? this.settings.provider!, this.rule.invalidCodes);
  }
}

/**
 * The store key of a token: scheme and mode in clear, the account's credentials hashed, so that
 * clients of the same account share a token and nothing secret is written into the key.
 */
function tokenStoreKey(scheme: string, mode: string, account: readonly (string | undefined)[]): string {
  const hash = createHash("sha256").update(account.map((part) => part ?? "").join("\0")).digest("hex").slice(0, 16);
  return `${scheme}:${mode}:${hash}`;
}
