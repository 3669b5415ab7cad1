import { AbortError, ApiClientError, TimeoutError } from "./errors.js";

/**
 * The time a call may take, as a deadline rather than a timer: nothing is scheduled until
 * something has to wait (a token refresh, a backoff, the network).
 */
export interface Budget {
  /** Epoch ms by which the whole call (token, attempts, backoff) must be over. */
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

export function remainingMs(budget: Budget): number {
  return budget.deadline - Date.now();
}

/** The error for a budget that is spent (aborted or out of time), or undefined while it lasts. */
export function budgetError(budget: Budget, operation: string): ApiClientError | undefined {
  if (budget.signal?.aborted) return new AbortError(operation, "aborted by the caller's signal", { cause: budget.signal.reason });
  if (Date.now() >= budget.deadline) return new TimeoutError(operation, `not done within ${budget.timeoutMs} ms`);
  return undefined;
}

/**
 * The error for a budget whose timer fired or whose signal aborted. A timer can fire a moment
 * before `Date.now()` reaches the deadline; it is still the budget that ran out.
 */
export function spentError(budget: Budget, operation: string): ApiClientError {
  return budgetError(budget, operation) ?? new TimeoutError(operation, `not done within ${budget.timeoutMs} ms`);
}

/**
 * Settles as `work` does, or rejects with TimeoutError/AbortError when the budget runs out
 * first. `work` itself goes on: a token refresh shared with other callers is not cut short.
 */
export function within<T>(work: Promise<T>, budget: Budget, operation: string): Promise<T> {
  const spent = budgetError(budget, operation);
  if (spent) return Promise.reject(spent);
  return new Promise<T>((resolve, reject) => {
    const signal = budget.signal;
    const stop = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", stop);
    };
    const giveUp = () => {
      stop();
      reject(spentError(budget, operation));
    };
    const timer = setTimeout(giveUp, remainingMs(budget));
    signal?.addEventListener("abort", giveUp, { once: true });
    work.then(
      (value) => (stop(), resolve(value)),
      (error: unknown) => (stop(), reject(error)),
    );
  });
}

/** Waits `ms` (a backoff) unless the budget ends first. */
export function pause(ms: number, budget: Budget, operation: string): Promise<void> {
  return within(new Promise<void>((resolve) => setTimeout(resolve, ms).unref()), budget, operation);
}
