import { Agent, request as undiciRequest, type Dispatcher } from "undici";
import type { z } from "zod";
import { appendCookie, encodeBody, headerValue, pathSegment, queryPairs } from "./encode.js";
import { inBandFailure, looksLikeJsonObject, parseJson, redactedText, text } from "./decode.js";
import { ConnectionError, HttpError, InBandApiError, RequestValidationError, ResponseValidationError, TimeoutError } from "./errors.js";
import { compose, type ApiRequest, type ApiResponse, type Middleware, type Next } from "./middleware.js";
import type { OperationSpec, ParamSpec } from "./operation.js";
import type { Schema } from "./schema.js";
import { chooseSecurity } from "./security.js";
import { withDerived } from "./derive.js";
import { keyArguments, signRequest, type SignatureRule } from "./signing.js";

/** Options every generated client accepts. */
export interface ClientOptions {
  /** Overrides the description's server, e.g. to reach a simulator or a proxy. */
  readonly baseUrl?: string;
  /** undici dispatcher (Agent, ProxyAgent, MockAgent, …). Default: a keep-alive Agent of the client's own. */
  readonly dispatcher?: Dispatcher;
  /** Outermost first. */
  readonly middleware?: readonly Middleware[];
  /** Per attempt, from sending to the last body byte. Default 30 s. */
  readonly timeoutMs?: number;
  /** Sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
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
  readonly timeoutMs?: number;
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
}

/** The one request path: validate, serialize, run the middleware, send, decode, check, validate. */
export class Core {
  private readonly send: Next;
  private readonly ownAgent: Agent | undefined;
  private readonly dispatcher: Dispatcher;
  private readonly schemes: ReadonlySet<string>;

  constructor(private readonly config: CoreConfig) {
    this.ownAgent = config.dispatcher ? undefined : new Agent({ keepAliveTimeout: 30_000 });
    this.dispatcher = config.dispatcher ?? this.ownAgent!;
    this.send = compose(config.middleware ?? [], (request) => this.transport(request));
    this.schemes = new Set(config.schemes ?? []);
    if (config.responseValidation !== undefined && !["throw", "report"].includes(config.responseValidation)) {
      throw new TypeError(`responseValidation must be "throw" or "report", not ${JSON.stringify(config.responseValidation)}`);
    }
  }

  async call<T>(op: OperationSpec, input: unknown, options: RequestOptions = {}): Promise<T> {
    const request = this.prepare(op, withDerived(op, (input ?? {}) as Record<string, unknown>), options);
    const response = await this.send(request);
    return this.result(op, response) as T;
  }

  /** Closes the client's own connection pool (not a dispatcher that was passed in). */
  async close(): Promise<void> {
    await this.ownAgent?.close();
  }

  private prepare(op: OperationSpec, input: Record<string, unknown>, options: RequestOptions): ApiRequest {
    const params = op.params ?? [];
    const paramValues: Record<string, unknown> = {};
    for (const param of params) if (input[param.name] !== undefined) paramValues[param.name] = input[param.name];
    validate(op, op.paramsSchema, paramValues);
    const security = chooseSecurity(op.security, this.schemes);
    const notBody = [...params.map((p) => p.name), ...keyArguments(security, this.config.signatures)];
    let body = op.body?.flatten ? flatBody(input, notBody, op.body.required) : input.body;
    // The body goes out as validated: schemas may encode parts of it (JSON strings inside JSON).
    if (op.body && (body !== undefined || op.body.required)) body = validate(op, op.body.schema, body);
    const headers: Record<string, string> = { ...lowerKeys(this.config.headers), ...lowerKeys(options.headers) };
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
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => String(pathValues[name] ?? ""));
    const prepared: ApiRequest = { operation: op, method: op.method, path, query, headers, body, security, timeoutMs: options.timeoutMs ?? this.config.timeoutMs ?? 30_000 };
    // Signed here, before any middleware: the signature covers the path and the body, not the query the middleware adds to.
    const request = this.config.signatures ? signRequest(prepared, this.config.signatures, input) : prepared;
    return options.signal ? { ...request, signal: options.signal } : request;
  }

  private async transport(request: ApiRequest): Promise<ApiResponse> {
    const op = request.operation;
    const headers = { ...request.headers };
    let body: Awaited<ReturnType<typeof encodeBody>>["body"] | undefined;
    const wire = request.wire;
    if (wire) {
      body = wire.body;
      headers["content-type"] = wire.contentType;
    } else if (request.encodedBody) {
      body = request.encodedBody;
      headers["content-type"] = op.body?.contentType ?? "application/json";
    } else if (op.body && request.body !== undefined) {
      const encoded = await encodeBody(op.body.encoding, op.body.contentType, request.body);
      body = encoded.body;
      if (encoded.contentType) headers["content-type"] = encoded.contentType;
    }
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    let status: number;
    let responseHeaders: Record<string, string>;
    let bytes: Uint8Array;
    try {
      const options = { method: request.method as Dispatcher.HttpMethod, headers, signal, dispatcher: this.dispatcher };
      const response = await undiciRequest(this.url(request), body === undefined ? options : { ...options, body });
      status = response.statusCode;
      responseHeaders = flatHeaders(response.headers);
      bytes = new Uint8Array(await response.body.arrayBuffer());
    } catch (error) {
      if (timeout.aborted) throw new TimeoutError(op.id, `no response within ${request.timeoutMs} ms`, { cause: error });
      throw new ConnectionError(op.id, `request failed: ${(error as Error).message}`, { cause: error });
    }
    const opened = wire ? wire.open({ status, headers: responseHeaders, body: bytes }) : { status, headers: responseHeaders, body: bytes };
    return this.decode(op, opened.status, opened.headers, opened.body);
  }

  private url(request: ApiRequest): string {
    const base = this.config.baseUrl.replace(/\/+$/, "");
    const query = new URLSearchParams(request.query as [string, string][]).toString();
    return `${base}${request.path}${query ? `?${query}` : ""}`;
  }

  /** HTTP status, then body decoding, then the in-band error rule. */
  private decode(op: OperationSpec, status: number, headers: Record<string, string>, bytes: Uint8Array): ApiResponse {
    const contentType = headers["content-type"] ?? "";
    if (status < 200 || status > 299) throw this.httpError(op, status, bytes);
    const kind = op.response.kind;
    const json = kind === "json" || (op.inBandError && looksLikeJsonObject(bytes)) ? parseJson(bytes) : undefined;
    if (kind === "json" && !json && bytes.length > 0) {
      throw new ResponseValidationError(op.id, status, [{ code: "custom", path: [], message: "body is not JSON", input: undefined }], redactedText(bytes, op.secretFields));
    }
    if (op.inBandError && json) {
      const failure = inBandFailure(op, op.inBandError, json.value);
      if (failure) {
        const ErrorClass = this.config.inBandError ?? InBandApiError;
        throw new ErrorClass(op.id, failure.code, failure.detail, failure.meaning, failure.requestId, json.value);
      }
    }
    const data = kind === "json" ? json?.value : kind === "text" ? text(bytes) : kind === "binary" ? bytes : undefined;
    return { status, headers, contentType, body: bytes, data };
  }

  private httpError(op: OperationSpec, status: number, bytes: Uint8Array): HttpError {
    const parsed = parseJson(bytes);
    const schema = op.errors?.[String(status)] ?? op.errors?.[`${String(status)[0]}XX`] ?? op.errors?.default;
    const validated = parsed && schema ? schema().safeParse(parsed.value) : undefined;
    const body = validated?.success ? validated.data : parsed ? parsed.value : text(bytes);
    return new HttpError(op.id, status, body, redactedText(bytes, op.secretFields));
  }

  private result(op: OperationSpec, response: ApiResponse): unknown {
    switch (op.response.kind) {
      case "binary":
        return { data: response.body, contentType: response.contentType };
      case "empty":
        return undefined;
      case "text":
        return response.data;
      case "json": {
        if (!op.response.schema) return response.data;
        const result = op.response.schema().safeParse(response.data);
        if (result.success) return result.data;
        const mismatch = { operation: op.id, status: response.status, issues: result.error.issues, rawBody: redactedText(response.body, op.secretFields) };
        if (this.config.responseValidation !== "report") throw new ResponseValidationError(mismatch.operation, mismatch.status, mismatch.issues, mismatch.rawBody);
        (this.config.onResponseMismatch ?? warnMismatch)(mismatch);
        return response.data;
      }
    }
  }
}

function warnMismatch(mismatch: ResponseMismatch): void {
  const error = new ResponseValidationError(mismatch.operation, mismatch.status, mismatch.issues, mismatch.rawBody);
  process.emitWarning(error.message, { code: "WXGEN_RESPONSE_MISMATCH" });
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

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}
