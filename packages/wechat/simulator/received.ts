import type { SimRequest } from "./http.js";

/** A request the simulator received, as a test reads it. */
export interface ReceivedRequest {
  /** The operation's id when the simulator knows the route (`auth.code2Session`), else undefined. */
  readonly operation: string | undefined;
  readonly method: string;
  readonly path: string;
  /** Query parameters, decoded; a repeated one keeps its last value. */
  readonly query: Readonly<Record<string, string>>;
  /** Header names in lower case; a repeated header's values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text ("" when there is none). */
  readonly body: string;
}

export function receivedRequest(request: SimRequest, operation: string | undefined): ReceivedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  return { operation, method: request.method, path: request.path, query: Object.fromEntries(request.query), headers, body: request.raw.toString("utf8") };
}

/** What stands in for a secret in a redacted request. */
export const REDACTED = "[redacted]";

/**
 * The request with every occurrence of each secret replaced by {@link REDACTED}: in query values,
 * header values and the body, wherever the client put it. For snapshots and logs of what was sent.
 */
export function redact(request: ReceivedRequest, secrets: readonly string[]): ReceivedRequest {
  // Longest first, so that a secret containing another is replaced whole.
  const ordered = [...new Set(secrets)].filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
  const clean = (text: string): string => ordered.reduce((out, secret) => out.replaceAll(secret, REDACTED), text);
  const cleanAll = (record: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(record).map(([name, value]) => [name, clean(value)]));
  return { ...request, query: cleanAll(request.query), headers: cleanAll(request.headers), body: clean(request.body) };
}
