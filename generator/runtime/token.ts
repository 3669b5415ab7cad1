import { createHash } from "node:crypto";
import { CredentialError, InBandApiError } from "./errors.js";
import type { Middleware } from "./middleware.js";
import type { OperationSpec } from "./operation.js";
import { requires, withCredential, type SchemeSpec } from "./security.js";

/** Tokens the client obtains itself (`x-wxgen-token`), shared through a store and refreshed ahead of expiry. */

export interface StoredToken {
  readonly value: string;
  /** Epoch ms after which the token must not be used. */
  readonly expiresAt: number;
  /** Epoch ms after which one caller refreshes it in the background while the rest keep using it. */
  readonly refreshAt: number;
}

/** Where tokens live; one store can serve many clients, processes or machines. */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, token: StoredToken): Promise<void>;
  /** Deletes the token only if it still has this value; true when it did. */
  compareAndDelete(key: string, value: string): Promise<boolean>;
}

/** The default store: one process. */
export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, StoredToken>();
  async get(key: string): Promise<StoredToken | undefined> {
    return this.tokens.get(key);
  }
  async set(key: string, token: StoredToken): Promise<void> {
    this.tokens.set(key, token);
  }
  async compareAndDelete(key: string, value: string): Promise<boolean> {
    if (this.tokens.get(key)?.value !== value) return false;
    return this.tokens.delete(key);
  }
}

export interface IssuedToken {
  readonly value: string;
  readonly expiresInSeconds: number;
}

export interface TokenManagerOptions {
  /** Store key: distinct per account and token kind. */
  readonly key: string;
  readonly store: TokenStore;
  /** Obtains a new token from the API. */
  readonly issue: () => Promise<IssuedToken>;
  /** Refresh this long before expiry (capped at half the token's lifetime). Default 60 s. */
  readonly refreshMarginMs?: number;
  readonly now?: () => number;
}

export class TokenManager {
  private inflight: Promise<string> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: TokenManagerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A usable token: the stored one, or a new one when there is none or it has expired. */
  async current(): Promise<string> {
    const stored = await this.options.store.get(this.options.key);
    const now = this.now();
    if (!stored || now >= stored.expiresAt) return this.refresh();
    if (now >= stored.refreshAt) this.refresh().catch(() => undefined); // the next expired call reports failures
    return stored.value;
  }

  /** Obtains a new token; concurrent callers share one request. */
  refresh(): Promise<string> {
    this.inflight ??= this.issueAndStore().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Forgets `failed` if it is still the stored token, so that only the first of many failures refreshes. */
  async invalidate(failed: string): Promise<void> {
    await this.options.store.compareAndDelete(this.options.key, failed);
  }

  private async issueAndStore(): Promise<string> {
    const issued = await this.options.issue();
    const issuedAt = this.now();
    const lifetime = issued.expiresInSeconds * 1000;
    const margin = Math.min(this.options.refreshMarginMs ?? 60_000, lifetime / 2);
    await this.options.store.set(this.options.key, { value: issued.value, expiresAt: issuedAt + lifetime, refreshAt: issuedAt + lifetime - margin });
    return issued.value;
  }
}

/**
 * Puts the token on every operation that needs it. When the API says the token is bad
 * (`invalidCodes`), forgets it, obtains a new one and replays the call once.
 */
export function tokenMiddleware(scheme: SchemeSpec, tokens: TokenManager, invalidCodes: readonly number[]): Middleware {
  const obtain = async (operation: string): Promise<string> => {
    try {
      return await tokens.current();
    } catch (error) {
      if (!(error instanceof InBandApiError)) throw error;
      throw new CredentialError(operation, `cannot obtain ${scheme.key}: ${error.message}`, { cause: error });
    }
  };
  return async (request, next) => {
    if (!requires(request, scheme)) return next(request);
    const token = await obtain(request.operation.id);
    try {
      return await next(withCredential(request, scheme, token));
    } catch (error) {
      if (!(error instanceof InBandApiError) || !invalidCodes.includes(error.code)) throw error;
      await tokens.invalidate(token);
      return next(withCredential(request, scheme, await obtain(request.operation.id)));
    }
  };
}

/** Calls a token-issuing operation and reads the token and its lifetime from the named response fields. */
export async function issueToken(
  core: { call<T>(op: OperationSpec, input: unknown): Promise<T> },
  issuer: OperationSpec,
  tokenField: string,
  expiresInField: string,
): Promise<IssuedToken> {
  const response = await core.call<Record<string, unknown>>(issuer, {});
  return { value: String(response[tokenField]), expiresInSeconds: Number(response[expiresInField]) };
}

/**
 * The store key of a token: scheme and mode in clear, the account's credentials hashed, so that
 * clients of the same account share a token and nothing secret is written into the key.
 */
export function tokenStoreKey(scheme: string, mode: string, identity: readonly string[]): string {
  const account = createHash("sha256").update(identity.join("\0")).digest("hex").slice(0, 16);
  return `${scheme}:${mode}:${account}`;
}
