import { appendCookie } from "./encode.js";
import type { ApiRequest, Middleware } from "./middleware.js";

/** Credentials from `components.securitySchemes`, applied by middleware to the operations that need them. */

export interface SchemeSpec {
  readonly key: string;
  readonly type: "apiKey" | "http" | "oauth2" | "openIdConnect" | "mutualTLS";
  /** apiKey: where the value goes, under which name. */
  readonly in?: "query" | "header" | "cookie";
  readonly name?: string;
  /** http: `bearer`, `basic`, … */
  readonly scheme?: string;
}

/** A credential value, or a function that returns the current one. For `basic`, `user:password`. */
export type CredentialValue = string | (() => string | Promise<string>);

/** Whether the request's chosen security alternative includes the scheme. */
export function requires(request: ApiRequest, scheme: SchemeSpec): boolean {
  return request.security.includes(scheme.key);
}

/**
 * The security alternative to satisfy: the first whose schemes all have credentials configured
 * (an empty one means none is needed), else the first. Never more than one: credentials are not
 * sent where the operation does not ask for them.
 */
export function chooseSecurity(alternatives: readonly (readonly string[])[] | undefined, configured: ReadonlySet<string>): readonly string[] {
  if (!alternatives || alternatives.length === 0) return [];
  return alternatives.find((alternative) => alternative.every((key) => configured.has(key))) ?? alternatives[0]!;
}

/** The request with the credential placed where the scheme (or the operation) says. */
export function withCredential(request: ApiRequest, scheme: SchemeSpec, value: string): ApiRequest {
  if (scheme.type === "apiKey") {
    const name = scheme.name!;
    if (request.operation.credentialsIn === "body") {
      return { ...request, body: { ...(request.body as Record<string, unknown> | undefined), [name]: value } };
    }
    if (scheme.in === "query") return { ...request, query: [...request.query, [name, value]] };
    if (scheme.in === "cookie") return withHeader(request, "cookie", appendCookie(request.headers.cookie, name, value));
    return withHeader(request, name.toLowerCase(), value);
  }
  if (scheme.type === "http" && scheme.scheme === "basic") {
    return withHeader(request, "authorization", `Basic ${Buffer.from(value).toString("base64")}`);
  }
  if (scheme.type === "http" && scheme.scheme && scheme.scheme !== "bearer") {
    return withHeader(request, "authorization", `${scheme.scheme.charAt(0).toUpperCase()}${scheme.scheme.slice(1)} ${value}`);
  }
  return withHeader(request, "authorization", `Bearer ${value}`);
}

/** Applies a fixed or computed credential to every operation whose security names the scheme. */
export function credential(scheme: SchemeSpec, value: CredentialValue): Middleware {
  return async (request, next) => {
    if (!requires(request, scheme)) return next(request);
    const current = typeof value === "function" ? await value() : value;
    return next(withCredential(request, scheme, current));
  };
}

function withHeader(request: ApiRequest, name: string, value: string): ApiRequest {
  return { ...request, headers: { ...request.headers, [name]: value } };
}
