import { randomUUID } from "node:crypto";
import { within, type Budget } from "./budget.js";
import { ApiClientError, CredentialError, InBandApiError, TokenStoreError } from "./errors.js";
import type { ApiRequest, Middleware } from "./middleware.js";
import type { RedisLike, RedisTokenStoreOptions } from "./redis-store.js";
import { requires, withCredential, type SchemeSpec } from "./security.js";

/**
 * Tokens the client obtains itself (`x-wxgen-token`): kept in a store that one process or a whole
 * fleet shares, refreshed by one caller at a time behind a lock, ahead of expiry.
 */

export interface StoredToken {
  readonly value: string;
  /** Epoch ms after which the token must not be used. */
  readonly expiresAt: number;
  /** Epoch ms after which one caller refreshes it while the rest keep using it. */
  readonly refreshAt: number;
}

export interface TokenLock {
  /** Releases the lock if this holder still owns it. */
  release(): Promise<void>;
  /** Extends the lock to `ttlMs` from now if this holder still owns it; false when it does not. */
  extend(ttlMs: number): Promise<boolean>;
}

/** Where tokens live; one store can serve many clients, processes or machines. */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, token: StoredToken, ttlMs: number): Promise<void>;
  /** Deletes the token only if it still has this value; true when it did. */
  compareAndDelete(key: string, value: string): Promise<boolean>;
  /** Takes the lock unless someone holds it; it expires after `ttlMs` whatever happens to the holder. */
  lock(key: string, ttlMs: number): Promise<TokenLock | undefined>;
}

/** The default store: one process. */
export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, StoredToken>();
  private readonly locks = new Map<string, { owner: string; until: number }>();

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
  async lock(key: string, ttlMs: number): Promise<TokenLock | undefined> {
    const held = this.locks.get(key);
    if (held && held.until > Date.now()) return undefined;
    const owner = randomUUID();
    this.locks.set(key, { owner, until: Date.now() + ttlMs });
    return {
      release: async () => {
        if (this.locks.get(key)?.owner === owner) this.locks.delete(key);
      },
      extend: async (ms) => {
        const lock = this.locks.get(key);
        if (lock?.owner !== owner) return false;
        lock.until = Date.now() + ms;
        return true;
      },
    };
  }
}

/**
 * A token store in Redis (redis-store.ts), shared by every process and machine that uses the same
 * Redis and prefix. Its module is imported on the store's first command: importing the client
 * never loads it.
 */
export function redisTokenStore(redis: RedisLike, options: RedisTokenStoreOptions = {}): TokenStore {
  let store: Promise<TokenStore> | undefined;
  const loaded = () => (store ??= import("./redis-store.js").then((module) => module.redisStore(redis, options)));
  return {
    get: async (key) => (await loaded()).get(key),
    set: async (key, token, ttlMs) => (await loaded()).set(key, token, ttlMs),
    compareAndDelete: async (key, value) => (await loaded()).compareAndDelete(key, value),
    lock: async (key, ttlMs) => (await loaded()).lock(key, ttlMs),
  };
}

export interface IssuedToken {
  readonly value: string;
  readonly expiresInSeconds: number;
}

export interface TokenManagerOptions {
  /** Names the token in errors (the security scheme). */
  readonly name: string;
  /** Store key: distinct per account and token kind. */
  readonly key: string;
  readonly store: TokenStore;
  /** Used instead of `store` while it fails, where a per-process token is safe. Default: none (fail). */
  readonly fallbackStore?: TokenStore;
  /** Obtains a new token from the API (retries are the caller's); `force` asks for a forced renewal. */
  readonly issue: (options: { force: boolean; timeoutMs: number }) => Promise<IssuedToken>;
  /** Refresh this long before expiry (capped at half the token's lifetime). Default 60 s. */
  readonly refreshMarginMs?: number;
  /** The lock's lifetime; the holder renews it while it fetches, so this is how long a crashed holder delays the others. Default 10 s. */
  readonly lockTtlMs?: number;
  /** A reported lifetime below this (0, negative, a few seconds) counts as this. Default 60 s. */
  readonly minLifetimeMs?: number;
  /** How long one token fetch (all its attempts) may take. Default 30 s. */
  readonly fetchTimeoutMs?: number;
  /** Each store command fails after this long (a store that hangs must not hang calls). Default 2 s. */
  readonly storeTimeoutMs?: number;
  /** Forced renewals are refused when the last one, by any client sharing the store, is more recent. */
  readonly forceRefreshIntervalMs?: number;
  readonly now?: () => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A lifetime the API reports as 0, negative or absurdly short is taken as this: never a token request per call. */
const MIN_LIFETIME_MS = 60_000;
/** The budget of `current()` when no call supplies one. */
const STANDALONE_BUDGET_MS = 30_000;

export class TokenManager {
  private inflight: Promise<string> | undefined;
  /** This process's copy: no store round trip per call while it is fresh. */
  private local: StoredToken | undefined;
  private readonly now: () => number;
  private readonly lockTtlMs: number;
  /** While the store is failing, go straight to the fallback (or fail at once) until then. */
  private storeDownUntil = 0;

  private readonly options: TokenManagerOptions;

  constructor(options: TokenManagerOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.lockTtlMs = options.lockTtlMs ?? 10_000;
  }

  /**
   * A usable token. Fresh: returned at once. Within the refresh margin: returned at once while one
   * caller refreshes in the background. Missing or expired: every caller waits for one refresh,
   * each within its own budget; a caller that gives up leaves the refresh running for the rest.
   */
  async current(budget: Budget = standaloneBudget()): Promise<string> {
    const now = this.now();
    if (this.local && now < this.local.refreshAt) return this.local.value;
    const token = await within(this.read(), budget, this.options.name);
    if (!token || now >= token.expiresAt) return within(this.refresh(), budget, this.options.name);
    if (now >= token.refreshAt) this.refresh().catch(() => undefined); // the next caller that needs it reports failures
    this.local = token;
    return token.value;
  }

  /** A new token, shared by concurrent callers in this process and, through the store's lock, in the fleet. */
  refresh(): Promise<string> {
    this.inflight ??= this.refreshShared(false).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /**
   * Forgets `failed` everywhere if it is still the stored token: of many calls that fail with the
   * same stale token, only the first causes a refresh.
   */
  async invalidate(failed: string): Promise<void> {
    if (this.local?.value === failed) this.local = undefined;
    await this.withStore((store) => store.compareAndDelete(this.options.key, failed));
  }

  /**
   * Asks the API for a new token that retires the current one (e.g. after a leak). Never automatic;
   * refused when the last one was too recent or today's allowance is used.
   */
  async forceRefresh(): Promise<string> {
    const interval = this.options.forceRefreshIntervalMs ?? 0;
    // A lock that is never released marks the last forced refresh for `interval` ms, fleet-wide.
    const allowed = interval <= 0 || (await this.withStore((store) => store.lock(`${this.options.key}:forced`, interval)));
    if (!allowed) throw new CredentialError(this.options.name, `forced refresh refused: another one happened less than ${interval / 1000} s ago`);
    return this.refreshShared(true);
  }

  /**
   * Takes the fleet-wide lock, or waits for its holder's token. Bounded by the fetch timeout, not
   * by any one caller: callers bound their own waits (`current`).
   */
  private async refreshShared(force: boolean): Promise<string> {
    const fetchTimeoutMs = this.options.fetchTimeoutMs ?? 30_000;
    const deadline = this.now() + fetchTimeoutMs + this.lockTtlMs;
    for (let wait = 20; ; wait = Math.min(wait * 2, 200)) {
      const lock = await this.withStore((store) => store.lock(`${this.options.key}:lock`, this.lockTtlMs));
      if (lock) {
        const keepAlive = this.keepAlive(lock);
        try {
          const fresh = force ? undefined : await this.read();
          if (fresh && this.now() < fresh.refreshAt) return this.adopt(fresh);
          return this.adopt(await this.issueAndStore(force, fetchTimeoutMs));
        } finally {
          clearInterval(keepAlive);
          await lock.release().catch(() => undefined); // it expires anyway
        }
      }
      // Someone else is refreshing: use their token as soon as it is stored.
      await sleep(wait);
      const stored = await this.read();
      if (stored && this.now() < stored.refreshAt && !force) return this.adopt(stored);
      if (this.now() > deadline) throw new TokenStoreError(this.options.name, `no token after waiting ${fetchTimeoutMs + this.lockTtlMs} ms for another refresh`);
    }
  }

  /**
   * Renews the lock every third of its lifetime while this holder fetches: a slow token endpoint
   * never lets the lock lapse and a second process fetch (a dead holder's lock still expires).
   */
  private keepAlive(lock: TokenLock): NodeJS.Timeout {
    const timer = setInterval(() => {
      lock.extend(this.lockTtlMs).catch(() => undefined); // a store hiccup: the next renewal tries again
    }, Math.max(10, Math.floor(this.lockTtlMs / 3)));
    return timer.unref();
  }

  private adopt(token: StoredToken): string {
    this.local = token;
    return token.value;
  }

  private async issueAndStore(force: boolean, timeoutMs: number): Promise<StoredToken> {
    const issued = await this.options.issue({ force, timeoutMs });
    const issuedAt = this.now();
    const floor = this.options.minLifetimeMs ?? MIN_LIFETIME_MS;
    const reported = issued.expiresInSeconds * 1000;
    const lifetime = Number.isFinite(reported) && reported > floor ? reported : floor;
    const margin = Math.min(this.options.refreshMarginMs ?? 60_000, lifetime / 2);
    const token = { value: issued.value, expiresAt: issuedAt + lifetime, refreshAt: issuedAt + lifetime - margin };
    await this.withStore((store) => store.set(this.options.key, token, lifetime));
    return token;
  }

  private async read(): Promise<StoredToken | undefined> {
    return this.withStore((store) => store.get(this.options.key));
  }

  /**
   * Runs a store command with a deadline. When the store fails, the fallback store (if any) serves
   * instead, and for a few seconds the failing store is not even tried, so calls stay fast.
   */
  private async withStore<T>(command: (store: TokenStore) => Promise<T>): Promise<T> {
    const fallback = this.options.fallbackStore;
    if (Date.now() < this.storeDownUntil) {
      if (fallback) return command(fallback);
      throw new TokenStoreError(this.options.name, "token store unavailable (failed moments ago)");
    }
    try {
      return await withTimeout(command(this.options.store), this.options.storeTimeoutMs ?? 2_000);
    } catch (error) {
      this.storeDownUntil = Date.now() + 3_000;
      if (fallback) return command(fallback);
      throw new TokenStoreError(this.options.name, `token store failed: ${(error as Error).message}`, { cause: error });
    }
  }
}

function standaloneBudget(): Budget {
  return { deadline: Date.now() + STANDALONE_BUDGET_MS, timeoutMs: STANDALONE_BUDGET_MS };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A token from elsewhere (a central token service, a third-party platform's authorizer_access_token). */
export type TokenProvider = (context: { readonly failed?: string }) => string | Promise<string>;

export type TokenSource = TokenManager | TokenProvider;

/**
 * Puts the token on every operation that needs it. When the API says the token is bad
 * (`invalidCodes`), forgets it (only if still current), obtains another and replays the call once.
 */
export function tokenMiddleware(scheme: SchemeSpec, source: TokenSource, invalidCodes: readonly number[]): Middleware {
  const obtain = async (request: ApiRequest, failed?: string): Promise<string> => {
    const operation = request.operation.id;
    try {
      if (typeof source === "function") {
        const provided = source(failed === undefined ? {} : { failed });
        // A provider that does not answer within the call's budget fails the call.
        return typeof provided === "string" ? provided : await within(Promise.resolve(provided), request, operation);
      }
      if (failed !== undefined) await within(source.invalidate(failed), request, operation);
      return await source.current(request);
    } catch (error) {
      // Reported against the call that needed the token.
      if (error instanceof TokenStoreError || error instanceof CredentialError) throw new (error.constructor as typeof ApiClientError)(operation, error.reason, { cause: error.cause });
      if (!(error instanceof InBandApiError)) throw error;
      throw new CredentialError(operation, `cannot obtain ${scheme.key}: ${error.message}`, { cause: error });
    }
  };
  return async (request, next) => {
    if (!requires(request, scheme)) return next(request);
    const token = await obtain(request);
    try {
      return await next(withCredential(request, scheme, token));
    } catch (error) {
      // Once per attempt, apart from the retry policy: a stale token is not a busy server.
      if (!(error instanceof InBandApiError) || !invalidCodes.includes(error.code)) throw error;
      return next(withCredential(request, scheme, await obtain(request, token)));
    }
  };
}
