import type { z } from "zod";
import { truncate } from "./limits.js";

/** Base of every error the generated client throws; `operation` is the namespaced name. */
export class ApiClientError extends Error {
  override name = "ApiClientError";
  readonly operation: string;
  /** The message without the operation in front. */
  readonly reason: string;

  constructor(operation: string, reason: string, options?: { cause?: unknown }) {
    super(`${operation}: ${reason}`, options);
    this.operation = operation;
    this.reason = reason;
  }
}

/** The arguments do not match the description; nothing was sent. */
export class RequestValidationError extends ApiClientError {
  override name = "RequestValidationError";
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(operation: string, issues: readonly z.core.$ZodIssue[]) {
    super(operation, `invalid arguments: ${describeIssues(issues)}`);
    this.issues = issues;
  }
}

/** The response does not match the description (or is not the JSON it should be). */
export class ResponseValidationError extends ApiClientError {
  override name = "ResponseValidationError";
  readonly status: number;
  readonly issues: readonly z.core.$ZodIssue[];
  /** The body as received, secrets masked. */
  readonly rawBody: string;

  constructor(operation: string, status: number, issues: readonly z.core.$ZodIssue[], rawBody: string) {
    super(operation, `unexpected response (HTTP ${status}): ${describeIssues(issues)}`);
    this.status = status;
    this.issues = issues;
    this.rawBody = rawBody;
  }
}

/**
 * A non-2xx HTTP status. `body` is the decoded body, validated when the description documents that
 * status. The generated types narrow it per operation (`HttpErrorOf<"items.get">`, `isHttpError`):
 * check `documented` first, then `body` has the documented response's type.
 */
export class HttpError extends ApiClientError {
  override name = "HttpError";
  readonly status: number;
  readonly body: unknown;
  readonly rawBody: string;
  /** The documented response `body` matched (`"404"`, `"4XX"` or `"default"`); undefined when none is documented for the status, or the body did not match it. */
  readonly documented: string | undefined;
  /** Why the body did not match the response documented for its status; undefined when it matched or none is documented. */
  readonly issues: readonly z.core.$ZodIssue[] | undefined;

  constructor(operation: string, status: number, body: unknown, rawBody: string, match: { documented?: string; issues?: readonly z.core.$ZodIssue[] } = {}) {
    super(operation, `HTTP ${status}${rawBody ? `: ${truncate(rawBody, 200)}` : ""}`);
    this.status = status;
    this.body = body;
    this.rawBody = rawBody;
    this.documented = match.documented;
    this.issues = match.issues;
  }
}

/** An HttpError whose body is no documented response of its operation: its status is undocumented, or the body did not match. */
export type UndocumentedHttpError = HttpError & { readonly documented: undefined };

/**
 * An error reported inside a successful HTTP response (`x-wxgen-in-band-error`), such as
 * WeChat's `{ errcode, errmsg }`. Generated code subclasses it with the API's own field names.
 */
export class InBandApiError extends ApiClientError {
  override name = "InBandApiError";
  readonly code: number;
  readonly detail: string;
  /** The documented meaning of `code` for this operation, when known. */
  readonly meaning: string | undefined;
  /** Id to quote to the API's support (WeChat's `rid`), when the message carries one. */
  readonly requestId: string | undefined;
  /** The whole decoded error body. */
  readonly body: unknown;

  constructor(operation: string, code: number, detail: string, meaning: string | undefined, requestId: string | undefined, body: unknown) {
    super(operation, `error ${code}${meaning ? ` (${meaning})` : ""}: ${detail}`);
    this.code = code;
    this.detail = detail;
    this.meaning = meaning;
    this.requestId = requestId;
    this.body = body;
  }
}

/** The request never got a complete response: connection refused or reset, DNS failure. */
export class ConnectionError extends ApiClientError {
  override name = "ConnectionError";
  /** Whether the request had been written when it failed: only then may the server have acted on it. */
  readonly requestSent: boolean;

  constructor(operation: string, reason: string, requestSent: boolean, options?: { cause?: unknown }) {
    super(operation, reason, options);
    this.requestSent = requestSent;
  }
}

/** The call (token, attempts and backoff together) did not finish within `timeoutMs`. */
export class TimeoutError extends ApiClientError {
  override name = "TimeoutError";
}

/** The caller's `signal` aborted the call; `cause` is the signal's reason. */
export class AbortError extends ApiClientError {
  override name = "AbortError";
}

/** The response body was larger than the client's cap (`maxResponseBytes`); reading stopped there. */
export class ResponseTooLargeError extends ApiClientError {
  override name = "ResponseTooLargeError";
  readonly status: number;
  readonly limit: number;

  constructor(operation: string, status: number, limit: number) {
    super(operation, `response body over ${limit} bytes (HTTP ${status})`);
    this.status = status;
    this.limit = limit;
  }
}

/**
 * The client could not obtain credentials (e.g. the token endpoint refused the app's id or
 * secret, or a forced refresh came too soon). `cause` has the API's error.
 */
export class CredentialError extends ApiClientError {
  override name = "CredentialError";
}

/** The token store could not be reached or did not answer in time; `cause` has the details. */
export class TokenStoreError extends ApiClientError {
  override name = "TokenStoreError";
}

/** Validation issues on one line, for messages and logs: `path: message; …`, the first five. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`);
  return shown.join("; ") + (issues.length > 5 ? `; and ${issues.length - 5} more` : "");
}
