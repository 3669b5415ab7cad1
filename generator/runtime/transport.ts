import type { Dispatcher } from "undici";
import { budgetError, remainingMs, spentError, type Budget } from "./budget.js";
import { ApiClientError, ConnectionError, ResponseTooLargeError } from "./errors.js";
import { ERROR_BODY_BYTES } from "./limits.js";
import { redactError, type Scrub } from "./redact.js";

/**
 * One HTTP exchange through an undici dispatcher, with a handler of our own instead of
 * `undici.request`: no stream per response, no AbortSignal per call (one timer, cleared on
 * completion, bounds the attempt), the size cap applied as bytes arrive, and the moment the
 * request was written is known (what decides whether a failed call may be replayed).
 */

export interface Exchange {
  readonly dispatcher: Dispatcher;
  readonly origin: string;
  /** Path and query. */
  readonly path: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Dispatcher.DispatchOptions["body"] | undefined;
  readonly operation: string;
  readonly budget: Budget;
  /** Largest body read for a successful status. */
  readonly maxBytes: number;
  /** Masks the request's secrets in reported errors; built only when one is reported. */
  readonly scrub: () => Scrub;
}

export interface WireResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** An error status whose body went past what is kept: `body` holds its start. */
  readonly truncated: boolean;
}

export function exchange(request: Exchange): Promise<WireResponse> {
  const spent = budgetError(request.budget, request.operation);
  if (spent) return Promise.reject(spent);
  return new Promise((resolve, reject) => {
    const handler = new ResponseHandler(request, resolve, reject);
    request.dispatcher.dispatch(
      { origin: request.origin, path: request.path, method: request.method as Dispatcher.HttpMethod, headers: request.headers, body: request.body ?? null },
      handler,
    );
  });
}

class ResponseHandler implements Dispatcher.DispatchHandler {
  private abortRequest: ((reason: Error) => void) | undefined;
  /** Set when we stop the exchange ourselves (timeout, abort, size cap): the error to report. */
  private stopped: Error | undefined;
  private sent = false;
  private status = 0;
  private headers: Record<string, string> = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private limit: number;
  private truncated = false;
  private settled = false;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort: (() => void) | undefined;

  private readonly request: Exchange;
  private readonly resolve: (response: WireResponse) => void;
  private readonly reject: (error: Error) => void;

  constructor(request: Exchange, resolve: (response: WireResponse) => void, reject: (error: Error) => void) {
    this.request = request;
    this.resolve = resolve;
    this.reject = reject;
    this.limit = request.maxBytes;
    this.timer = setTimeout(() => this.stop(spentError(request.budget, request.operation)), Math.max(0, remainingMs(request.budget)));
    const signal = request.budget.signal;
    if (signal) {
      this.onAbort = () => this.stop(spentError(request.budget, request.operation));
      signal.addEventListener("abort", this.onAbort, { once: true });
    }
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortRequest = abort;
    if (this.stopped) abort(this.stopped);
  }

  onRequestSent(): void {
    this.sent = true;
  }

  onHeaders(status: number, rawHeaders: Buffer[] | string[] | null, _resume: () => void): boolean {
    this.status = status;
    const headers: Record<string, string> = {};
    for (let i = 0; rawHeaders && i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!.toString().toLowerCase();
      const value = rawHeaders[i + 1]!.toString();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    this.headers = headers;
    if (status < 200 || status > 299) this.limit = ERROR_BODY_BYTES;
    else if (Number(headers["content-length"]) > this.limit) this.stop(new ResponseTooLargeError(this.request.operation, status, this.limit));
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.size + chunk.length > this.limit) {
      if (this.limit !== ERROR_BODY_BYTES) {
        this.stop(new ResponseTooLargeError(this.request.operation, this.status, this.limit));
        return false;
      }
      // An error page: its start is enough to report; the rest is not read.
      this.chunks.push(chunk.subarray(0, this.limit - this.size));
      this.size = this.limit;
      this.truncated = true;
      this.finish();
      this.abortRequest?.(new Error("error body truncated"));
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  onComplete(): void {
    this.finish();
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.settle();
    if (this.stopped) return this.reject(this.stopped);
    const scrub = this.request.scrub();
    const reason = error instanceof ApiClientError ? error.reason : scrub(error.message);
    this.reject(new ConnectionError(this.request.operation, `request failed: ${reason}`, this.sent, { cause: redactError(error, scrub) }));
  }

  private finish(): void {
    if (this.settled) return;
    this.settle();
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.resolve({ status: this.status, headers: this.headers, body, truncated: this.truncated });
  }

  /** Ends the exchange with `error` (reported as is, not as a connection failure). */
  private stop(error: Error): void {
    if (this.settled || this.stopped) return;
    this.stopped = error;
    if (this.abortRequest) this.abortRequest(error);
    else {
      // Not connected yet: undici calls onConnect later (and we abort there); answer the caller now.
      this.settle();
      this.reject(error);
    }
  }

  private settle(): void {
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onAbort) this.request.budget.signal!.removeEventListener("abort", this.onAbort);
  }
}
