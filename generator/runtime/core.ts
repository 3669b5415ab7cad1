import { Agent, type Dispatcher } from "undici";
import type { z } from "zod";
import { ApiPromise, type WithResponse } from "./api-promise.js";
import { appendCookie, encodeBody, headerValue, pathSegment, queryPairs, toJson } from "./encode.js";
import { inBandFailure, looksLikeJsonObject, parseJson, text } from "./decode.js";
import { ApiClientError, HttpError, InBandApiError, RequestValidationError, ResponseValidationError } from "./errors.js";
import { DEFAULT_LIMITS, ERROR_BODY_BYTES, truncate, type BodyLimits } from "./limits.js";
import { compose, type ApiRequest, type ApiResponse, type Middleware, type Next } from "./middleware.js";
import { Observer, type Hooks } from "./observe.js";
import type { OperationModule, OperationSpec, ParamSpec } from "./operation.js";
import { checkCount, checkFunction, checkFunctions, checkOneOf, checkPositive, checkTimeoutMs, parseBaseUrl } from "./options.js";
import { maskSecretFields, redactUrl, redactValue, requestSecrets, scrubber, type Scrub } from "./redact.js";
import { DEFAULT_RETRY, retryMiddleware, type RetryPolicy } from "./retry.js";
import type { Schema } from "./schema.js";
import { chooseSecurity } from "./security.js";
import { keyArguments, signRequest, type SignatureRule } from "./signing.js";
import { exchange, type WireResponse } from "./transport.js";
import { withDerived } from "./derive.js";

/** Options every generated client accepts. */
export interface ClientOptions {
  /** Overrides the description's server, e.g. to reach a simulator or a proxy. */
  readonly baseUrl?: string;
  /** undici dispatcher (Agent, ProxyAgent, MockAgent, …). Default: a keep-alive Agent of the client's own. */
  readonly dispatcher?: Dispatcher;
  /** Outermost first; each sees the call once (retries happen inside). */
  readonly middleware?: readonly Middleware[];
  /** The whole call (obtaining a token, every attempt, the backoff between them). Default 30 s. */
  readonly timeoutMs?: number;
  /** Sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Retries of a call that failed in a way worth retrying (busy, 503, connection). Default 2. */
  readonly maxRetries?: number;
  /** Backoff before the first retry, doubling (with jitter) up to `max`. Default 500 ms, at most 8 s. */
  readonly retryDelayMs?: { readonly initial?: number; readonly max?: number };
  /** Largest response body read: `json` for JSON and text (default 4 MiB), `media` for files (32 MiB). */
  readonly maxResponseBytes?: { readonly json?: number; readonly media?: number };
  /** Called for every attempt, retry and failure; the same events go to `node:diagnostics_channel`. */
  readonly hooks?: Hooks;
  /**
   * A response that does not match the description: `"throw"` (default) a ResponseValidationError;
   * `"report"` return it as received and tell `onResponseMismatch`, so a service keeps running
   * when the API starts sending something new. Arguments are always validated.
   */
  readonly responseValidation?: "throw" | "report";
  /** Hears each mismatching response in `"report"` mode. Default: a process warning. */
  readonly onResponseMismatch?: (report: ResponseMismatch) => void;
}

/** A response that did not match the description, returned as received in `"report"` mode. */
export interface ResponseMismatch {
  readonly operation: string;
  readonly status: number;
  readonly issues: readonly z.core.$ZodIssue[];
  /** The body as received, secrets masked. */
  readonly rawBody: string;
}

/** Options of one call. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** This call's whole time budget, instead of the client's. */
  readonly timeoutMs?: number;
  /** This call's retries, instead of the client's. */
  readonly maxRetries?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface CoreConfig extends ClientOptions {
  readonly baseUrl: string;
  /** Security schemes the client has credentials for. */
  readonly schemes?: readonly string[];
  /** Security schemes that sign the request (`x-wxgen-signature`), with their keys. */
  readonly signatures?: Readonly<Record<string, SignatureRule>>;
  /** The generated subclass to throw for in-band errors. */
  readonly inBandError?: typeof InBandApiError;
  /** The generated client's credential middleware: inside the retries, so each attempt gets a current token. */
  readonly credentials?: readonly Middleware[];
}

const NO_OPTIONS: RequestOptions = {};
const DEFAULT_TIMEOUT_MS = 30_000;
const CLIENT = "ClientOptions";

/** The one request path: validate, serialize, run the middleware, send, decode, check, validate. */
export class Core {
  private readonly send: Next;
  private readonly ownAgent: Agent | undefined;
  private readonly dispatcher: Dispatcher;
  private readonly schemes: ReadonlySet<string>;
  private readonly origin: string;
  private readonly pathPrefix: string;
  private readonly timeoutMs: number;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly limits: BodyLimits;
  private readonly observer: Observer;
  private readonly inBandError: typeof InBandApiError;
  private readonly signatures: Readonly<Record<string, SignatureRule>> | undefined;
  private readonly responseValidation: "throw" | "report";
  private readonly onResponseMismatch: (report: ResponseMismatch) => void;

  constructor(config: CoreConfig) {
    ({ origin: this.origin, pathPrefix: this.pathPrefix } = parseBaseUrl(CLIENT, config.baseUrl));
    checkTimeoutMs(CLIENT, config.timeoutMs);
    checkCount(CLIENT, "maxRetries", config.maxRetries, 10);
    checkPositive(CLIENT, "retryDelayMs.initial", config.retryDelayMs?.initial);
    checkPositive(CLIENT, "retryDelayMs.max", config.retryDelayMs?.max);
    checkPositive(CLIENT, "maxResponseBytes.json", config.maxResponseBytes?.json);
    checkPositive(CLIENT, "maxResponseBytes.media", config.maxResponseBytes?.media);
    checkFunctions(CLIENT, "hooks", config.hooks, ["onRequest", "onResponse", "onRetry", "onError"]);
    if (config.dispatcher !== undefined && typeof config.dispatcher?.dispatch !== "function") throw new TypeError(`${CLIENT}.dispatcher must be an undici Dispatcher`);
    checkOneOf(CLIENT, "responseValidation", config.responseValidation, ["throw", "report"]);
    checkFunction(CLIENT, "onResponseMismatch", config.onResponseMismatch);
    this.responseValidation = config.responseValidation ?? "throw";
    this.onResponseMismatch = config.onResponseMismatch ?? warnMismatch;
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.headers = lowerKeys(config.headers);
    this.limits = { json: config.maxResponseBytes?.json ?? DEFAULT_LIMITS.json, media: config.maxResponseBytes?.media ?? DEFAULT_LIMITS.media };
    this.observer = new Observer(config.hooks);
    this.inBandError = config.inBandError ?? InBandApiError;
    this.ownAgent = config.dispatcher ? undefined : new Agent({ keepAliveTimeout: 30_000 });
    this.dispatcher = config.dispatcher ?? this.ownAgent!;
    this.schemes = new Set(config.schemes ?? []);
    this.signatures = config.signatures;
    const policy: RetryPolicy = {
      maxRetries: config.maxRetries ?? DEFAULT_RETRY.maxRetries,
      initialDelayMs: config.retryDelayMs?.initial ?? DEFAULT_RETRY.initialDelayMs,
      maxDelayMs: config.retryDelayMs?.max ?? DEFAULT_RETRY.maxDelayMs,
    };
    const retry = retryMiddleware(policy, (event) => {
      if (this.observer.wants("onRetry")) this.observer.emit("onRetry", { operation: event.request.operation.id, attempt: event.attempt, delayMs: event.delayMs, reason: event.reason, error: event.error });
    });
    this.send = compose([...(config.middleware ?? []), retry, ...(config.credentials ?? [])], (request) => this.transport(request));
  }

  /** Calls an operation of a lazily loaded module (what generated methods do). */
  call<T>(module: OperationModule, name: string, input: unknown, options: RequestOptions = NO_OPTIONS): ApiPromise<T> {
    const op = module.loaded?.[name];
    const result = op ? this.run(op, input, options) : module.load().then((ops) => this.run(ops[name]!, input, options));
    return new ApiPromise(result as Promise<WithResponse<T>>);
  }

  /** Calls an operation given by its spec. */
  callOperation<T>(op: OperationSpec, input: unknown, options: RequestOptions = NO_OPTIONS): ApiPromise<T> {
    return new ApiPromise(this.run(op, input, options) as Promise<WithResponse<T>>);
  }

  /** Closes the client's own connection pool (not a dispatcher that was passed in). */
  async close(): Promise<void> {
    await this.ownAgent?.close();
  }

  private async run(op: OperationSpec, input: unknown, options: RequestOptions): Promise<WithResponse<unknown>> {
    const request = this.prepare(op, withDerived(op, (input ?? {}) as Record<string, unknown>), options);
    const response = await this.send(request);
    return { data: this.result(request, response), response };
  }

  private prepare(op: OperationSpec, input: Record<string, unknown>, options: RequestOptions): ApiRequest {
    if (options.timeoutMs !== undefined) checkTimeoutMs("RequestOptions", options.timeoutMs);
    if (options.maxRetries !== undefined) checkCount("RequestOptions", "maxRetries", options.maxRetries, 10);
    const params = op.params ?? [];
    const paramValues: Record<string, unknown> = {};
    for (const param of params) if (input[param.name] !== undefined) paramValues[param.name] = input[param.name];
    validate(op, op.paramsSchema, paramValues);
    const security = chooseSecurity(op.security, this.schemes);
    let body = op.body?.flatten ? flatBody(input, [...params.map((p) => p.name), ...keyArguments(security, this.signatures)], op.body.required) : input.body;
    // The body goes out as validated: schemas may encode parts of it (JSON strings inside JSON).
    if (op.body && (body !== undefined || op.body.required)) body = validate(op, op.body.schema, body);
    const headers: Record<string, string> = options.headers ? { ...this.headers, ...lowerKeys(options.headers) } : { ...this.headers };
    const query: [string, string][] = [];
    const pathValues: Record<string, unknown> = {};
    const place = (location: string, param: ParamSpec, value: unknown) => {
      if (location === "query") query.push(...queryPairs(param, value));
      else if (location === "path") pathValues[param.name] = pathSegment(param, value);
      else if (location === "header") headers[param.name.toLowerCase()] = headerValue(value);
      else headers.cookie = appendCookie(headers.cookie, param.name, headerValue(value));
    };
    for (const param of params) if (paramValues[param.name] !== undefined) place(param.in, param, paramValues[param.name]);
    for (const fill of op.fills ?? []) {
      if (fill.in === "body") body = { ...(body as Record<string, unknown> | undefined), [fill.name]: fill.value };
      else place(fill.in, { name: fill.name, in: fill.in }, fill.value);
    }
    const path = op.params?.some((p) => p.in === "path") ? op.path.replace(/\{([^}]+)\}/g, (_, name: string) => String(pathValues[name] ?? "")) : op.path;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const request: ApiRequest = {
      operation: op,
      method: op.method,
      path,
      query,
      headers,
      body,
      security,
      attempt: 0,
      maxRetries: options.maxRetries,
      timeoutMs,
      deadline: Date.now() + timeoutMs,
      signal: options.signal,
    };
    // Signed here, before any middleware: the signature covers the path and the body, not the query the middleware adds to.
    return this.signatures ? signRequest(request, this.signatures, input) : request;
  }

  private async transport(request: ApiRequest): Promise<ApiResponse> {
    const op = request.operation;
    let headers = request.headers;
    let body: Dispatcher.DispatchOptions["body"] | undefined;
    if (request.wire) {
      body = request.wire.body;
      headers = { ...headers, "content-type": request.wire.contentType };
    } else if (request.encodedBody) {
      body = request.encodedBody;
      headers = { ...headers, "content-type": op.body?.contentType ?? "application/json" };
    } else if (op.body && request.body !== undefined) {
      const encoded = op.body.encoding === "json" ? { body: toJson(request.body), contentType: op.body.contentType } : await encodeBody(op.body.encoding, op.body.contentType, request.body);
      body = encoded.body as Dispatcher.DispatchOptions["body"];
      if (encoded.contentType) headers = { ...headers, "content-type": encoded.contentType };
    }
    const path = this.pathPrefix + request.path + queryString(request.query);
    const observer = this.observer;
    const watched = observer.wants("onRequest") || observer.wants("onResponse") || observer.wants("onError");
    const started = watched ? performance.now() : 0;
    const event = watched ? { operation: op.id, attempt: request.attempt, method: request.method, url: redactUrl(this.origin + path) } : undefined;
    if (event && observer.wants("onRequest")) observer.emit("onRequest", event);
    let wire: WireResponse | undefined;
    try {
      wire = await exchange({
        dispatcher: this.dispatcher, origin: this.origin, path, method: request.method, headers, body, operation: op.id, budget: request,
        maxBytes: op.response.kind === "binary" ? this.limits.media : this.limits.json,
        scrub: () => scrubFor(request),
      });
      const response = this.decode(request, request.wire ? { ...wire, ...request.wire.open(wire) } : wire);
      if (event && observer.wants("onResponse")) observer.emit("onResponse", { ...event, status: wire.status, durationMs: performance.now() - started });
      return response;
    } catch (error) {
      if (event && observer.wants("onError")) {
        const errcode = error instanceof InBandApiError ? error.code : undefined;
        observer.emit("onError", { ...event, durationMs: performance.now() - started, status: wire?.status, errcode, error: error as ApiClientError });
      }
      throw error;
    }
  }

  /** HTTP status, then body decoding, then the in-band error rule. */
  private decode(request: ApiRequest, wire: WireResponse): ApiResponse {
    const op = request.operation;
    const { status, headers, body: bytes } = wire;
    const contentType = headers["content-type"] ?? "";
    if (status < 200 || status > 299) throw this.httpError(request, wire);
    const kind = op.response.kind;
    const json = kind === "json" || (op.inBandError && looksLikeJsonObject(bytes)) ? parseJson(bytes) : undefined;
    if (kind === "json" && !json && bytes.length > 0) {
      throw new ResponseValidationError(op.id, status, [{ code: "custom", path: [], message: "body is not JSON", input: undefined }], rawBodyOf(request, bytes));
    }
    if (op.inBandError && json) {
      const failure = inBandFailure(op, op.inBandError, json.value);
      if (failure) {
        const scrub = scrubFor(request);
        throw new this.inBandError(op.id, failure.code, scrub(failure.detail), failure.meaning, failure.requestId, redactValue(json.value, scrub));
      }
    }
    // Files are handed over as plain Uint8Array copies, not views into undici's buffers.
    const data = kind === "json" ? json?.value : kind === "text" ? text(bytes) : kind === "binary" ? new Uint8Array(bytes) : undefined;
    return { status, headers, contentType, body: bytes, data };
  }

  private httpError(request: ApiRequest, wire: WireResponse): HttpError {
    const op = request.operation;
    const rawBody = rawBodyOf(request, wire.body) + (wire.truncated ? "…" : "");
    // Decoded from the masked text: what the server echoed back stays masked in `body` too.
    const parsed = wire.truncated ? undefined : parseJson(new TextEncoder().encode(rawBody));
    const key = [String(wire.status), `${String(wire.status)[0]}XX`, "default"].find((status) => op.errors?.[status] !== undefined);
    const validated = parsed && key !== undefined ? op.errors![key]!().safeParse(parsed.value) : undefined;
    const body = validated?.success ? validated.data : parsed ? parsed.value : rawBody;
    const match =
      key === undefined ? {}
      : validated === undefined ? { issues: [{ code: "custom" as const, path: [], message: wire.truncated ? "body too large to read" : "body is not JSON", input: undefined }] }
      : validated.success ? { documented: key }
      : { issues: validated.error.issues };
    return new HttpError(op.id, wire.status, body, rawBody, match);
  }

  private result(request: ApiRequest, response: ApiResponse): unknown {
    const op = request.operation;
    switch (op.response.kind) {
      case "binary":
        return { data: response.data, contentType: response.contentType };
      case "empty":
        return undefined;
      case "text":
        return response.data;
      case "json": {
        if (!op.response.schema) return response.data;
        const result = op.response.schema().safeParse(response.data);
        if (result.success) return result.data;
        const mismatch = { operation: op.id, status: response.status, issues: result.error.issues, rawBody: rawBodyOf(request, response.body) };
        if (this.responseValidation !== "report") throw new ResponseValidationError(mismatch.operation, mismatch.status, mismatch.issues, mismatch.rawBody);
        this.onResponseMismatch(mismatch);
        return response.data;
      }
    }
  }
}

function warnMismatch(mismatch: ResponseMismatch): void {
  const error = new ResponseValidationError(mismatch.operation, mismatch.status, mismatch.issues, mismatch.rawBody);
  process.emitWarning(error.message, { code: "WXGEN_RESPONSE_MISMATCH" });
}

/** Masks the request's own secrets (token, app secret, login code) wherever they are echoed. */
function scrubFor(request: ApiRequest): Scrub {
  return scrubber(requestSecrets(request.query, request.headers, request.body));
}

/** The body as reported in errors: secret fields and echoed secrets masked, at most 64 KiB. */
function rawBodyOf(request: ApiRequest, bytes: Uint8Array): string {
  const limited = bytes.length > ERROR_BODY_BYTES ? bytes.subarray(0, ERROR_BODY_BYTES) : bytes;
  return truncate(scrubFor(request)(maskSecretFields(text(limited), request.operation.secretFields)), ERROR_BODY_BYTES);
}

function validate(op: OperationSpec, schema: (() => Schema) | undefined, value: unknown): unknown {
  if (!schema) return value;
  const result = schema().safeParse(value);
  if (!result.success) throw new RequestValidationError(op.id, result.error.issues);
  return result.data;
}

/** The caller's arguments minus the parameters and key arguments: the body of an operation whose body is spread among them. */
function flatBody(input: Record<string, unknown>, notBody: readonly string[], required: boolean): Record<string, unknown> | undefined {
  const names = new Set(notBody);
  const rest = Object.fromEntries(Object.entries(input).filter(([key]) => !names.has(key)));
  return Object.keys(rest).length > 0 || required ? rest : undefined;
}

function lowerKeys(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

/** `?a=1&b=2` as application/x-www-form-urlencoded (what URLSearchParams writes), without building one. */
function queryString(pairs: readonly (readonly [string, string])[]): string {
  let out = "";
  for (const [name, value] of pairs) out += `${out ? "&" : "?"}${formEncode(name)}=${formEncode(value)}`;
  return out;
}

function formEncode(text: string): string {
  const encoded = encodeURIComponent(text);
  return /[!'()~]|%20/.test(encoded) ? encoded.replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, "+") : encoded;
}
