import { pause, remainingMs } from "./budget.js";
import { ApiClientError, ConnectionError, HttpError, InBandApiError } from "./errors.js";
import type { ApiRequest, Middleware } from "./middleware.js";

/**
 * Retries by error class, inside the call's time budget:
 * - an in-band code the description marks "try again later" (`x-wxgen-retryable`, WeChat's -1);
 * - HTTP 429 and 503 (the server did not act), and 500/502/504 for idempotent operations;
 * - a connection failure before the request was written; after it, only idempotent operations
 *   (GET, HEAD, OPTIONS, or marked `x-wxgen-idempotent`): a message is never sent twice.
 * Everything else (quota, user state, validation, timeouts, aborts) fails at once.
 */

export interface RetryPolicy {
  /** Attempts after the first. */
  readonly maxRetries: number;
  /** Backoff before the first retry, doubled each time, with jitter. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 8_000 };

/** Why an error may be retried, or undefined when it must not be. */
export function retryReason(error: unknown, request: ApiRequest): string | undefined {
  const op = request.operation;
  if (error instanceof InBandApiError) return op.retryableCodes?.includes(error.code) ? `error ${error.code}` : undefined;
  if (error instanceof HttpError) {
    if (error.status === 429 || error.status === 503) return `HTTP ${error.status}`;
    return idempotent(request) && [500, 502, 504].includes(error.status) ? `HTTP ${error.status}` : undefined;
  }
  if (error instanceof ConnectionError) return !error.requestSent || idempotent(request) ? "connection failed" : undefined;
  return undefined;
}

export function idempotent(request: ApiRequest): boolean {
  return request.operation.idempotent ?? ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].includes(request.method);
}

/** Full jitter: a random delay between half and all of the exponential step. */
export function backoffMs(policy: RetryPolicy, retry: number): number {
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retry);
  return Math.round(step / 2 + Math.random() * (step / 2));
}

export interface RetryEvent {
  readonly request: ApiRequest;
  /** The attempt that failed, from 0. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  readonly error: ApiClientError;
}

/**
 * The retry middleware: sends again while the error is retryable, retries are left
 * (`request.maxRetries`, else the policy's) and the backoff fits in the remaining budget.
 */
export function retryMiddleware(policy: RetryPolicy, onRetry?: (event: RetryEvent) => void): Middleware {
  return async (request, next) => {
    const maxRetries = request.maxRetries ?? policy.maxRetries;
    for (let attempt = 0; ; attempt++) {
      try {
        return await next(attempt === 0 ? request : { ...request, attempt });
      } catch (error) {
        const reason = attempt < maxRetries ? retryReason(error, request) : undefined;
        const delayMs = reason ? backoffMs(policy, attempt) : 0;
        if (!reason || delayMs >= remainingMs(request)) throw error;
        onRetry?.({ request, attempt, delayMs, reason, error: error as ApiClientError });
        await pause(delayMs, request, request.operation.id);
      }
    }
  };
}
