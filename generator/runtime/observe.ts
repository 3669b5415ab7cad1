import { channel } from "node:diagnostics_channel";
import type { ApiClientError } from "./errors.js";

/**
 * What the client reports about each attempt, to `hooks` and to `node:diagnostics_channel`
 * (`wxgen:request`, `wxgen:response`, `wxgen:retry`, `wxgen:error`), the way undici reports its
 * own. URLs have secret query values masked, errors are the redacted ones the caller gets.
 * Nothing is built for an event nobody listens to.
 */

interface AttemptEvent {
  /** Namespaced operation name, `auth.code2Session`. */
  readonly operation: string;
  /** 0 for the first attempt. */
  readonly attempt: number;
  readonly method: string;
  /** Secret query values masked. */
  readonly url: string;
}

export type RequestEvent = AttemptEvent;

export interface ResponseEvent extends AttemptEvent {
  readonly status: number;
  readonly durationMs: number;
}

export interface ErrorEvent extends AttemptEvent {
  readonly durationMs: number;
  /** HTTP status, when a response arrived. */
  readonly status?: number | undefined;
  /** The in-band error code, when the API reported one. */
  readonly errcode?: number | undefined;
  readonly error: ApiClientError;
}

export interface RetryHookEvent {
  readonly operation: string;
  /** The attempt that failed. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  readonly error: ApiClientError;
}

export interface Hooks {
  readonly onRequest?: (event: RequestEvent) => void;
  readonly onResponse?: (event: ResponseEvent) => void;
  readonly onRetry?: (event: RetryHookEvent) => void;
  readonly onError?: (event: ErrorEvent) => void;
}

const channels = {
  onRequest: channel("wxgen:request"),
  onResponse: channel("wxgen:response"),
  onRetry: channel("wxgen:retry"),
  onError: channel("wxgen:error"),
};

type Kind = keyof Hooks;

export class Observer {
  private readonly hooks: Hooks;

  constructor(hooks: Hooks = {}) {
    this.hooks = hooks;
  }

  /** Whether anyone listens to events of this kind. */
  wants(kind: Kind): boolean {
    return this.hooks[kind] !== undefined || channels[kind].hasSubscribers;
  }

  emit<K extends Kind>(kind: K, event: Parameters<NonNullable<Hooks[K]>>[0]): void {
    if (channels[kind].hasSubscribers) channels[kind].publish(event);
    const hook = this.hooks[kind] as ((event: unknown) => void) | undefined;
    if (!hook) return;
    try {
      hook(event);
    } catch (error) {
      // A failing hook must not fail the call it observes.
      process.emitWarning(`wxgen: ${kind} hook threw: ${(error as Error)?.message ?? String(error)}`);
    }
  }
}
