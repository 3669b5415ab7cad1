import type { Budget } from "./budget.js";
import type { QueryPairs } from "./encode.js";
import type { OperationSpec } from "./operation.js";

/**
 * A request on its way out, after validation and serialization of parameters; the body is encoded
 * last. It carries the call's time budget (`deadline`, `signal`): whatever waits on its behalf
 * (a token, a backoff) waits within it.
 */
export interface ApiRequest extends Budget {
  readonly operation: OperationSpec;
  readonly method: string;
  /** Path with parameters substituted, without the base URL. */
  readonly path: string;
  readonly query: QueryPairs;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body value; encoded by the transport as `operation.body.encoding` says. */
  readonly body: unknown;
  /** The exact body bytes, when they are signed (`x-wxgen-signature`): sent as they are, whatever `body` says. */
  readonly encodedBody?: Uint8Array;
  /** 0 for the first attempt, then 1, 2… as the retry middleware sends it again. */
  readonly attempt: number;
  /** The call's own `maxRetries`, when it sets one. */
  readonly maxRetries?: number | undefined;
  /** The security schemes whose credentials this request carries: the operation's first alternative the client can satisfy. */
  readonly security: readonly string[];
}

/** A response that passed the HTTP and in-band checks, decoded but not yet validated. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly contentType: string;
  /** The raw bytes, as received. */
  readonly body: Uint8Array;
  /** JSON value, text, or the bytes again for binary operations. */
  readonly data: unknown;
}

export type Next = (request: ApiRequest) => Promise<ApiResponse>;

/**
 * Sees each request and a `next` that sends it. It may change the request, call `next` again
 * (to retry), or look at the response or the error.
 */
export type Middleware = (request: ApiRequest, next: Next) => Promise<ApiResponse>;

/** Outermost first: the first middleware sees the request first and the response last. */
export function compose(middleware: readonly Middleware[], send: Next): Next {
  return middleware.reduceRight<Next>((next, mw) => (request) => mw(request, next), send);
}
