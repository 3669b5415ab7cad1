/**
 * Keeping secrets out of everything the client reports: errors (and their causes), hook events,
 * URLs. A value is secret when its name says so (`access_token`, `secret`, `js_code`,
 * `session_key`, `authorization`, …); the values themselves are then masked wherever they are
 * echoed back (an error page that prints the URL, a proxy's message).
 */

const secretField = /token|secret|passw|key|ticket|credential|auth|cookie|session/i;
/** One-time codes the request sends (`js_code`, getPhoneNumber's `code`); in responses `code` is usually an error code. */
const oneTimeCode = /(^|_)code$/i;
const MASK = "***";
/** Shorter values are not masked in free text: they would mask ordinary words. */
const MIN_MASKED = 6;

/** A request parameter, header or body field whose value must not be reported. */
export function isSecretName(name: string): boolean {
  return secretField.test(name) || oneTimeCode.test(name);
}

/** A response property whose value must not be reported (`session_key`, `access_token`). */
function isSecretField(name: string): boolean {
  return secretField.test(name);
}

/** Masks every occurrence of the given values. */
export type Scrub = (text: string) => string;

export function scrubber(secrets: Iterable<string>): Scrub {
  const values = [...new Set(secrets)].filter((value) => value.length >= MIN_MASKED).sort((a, b) => b.length - a.length);
  const encoded = values.flatMap((value) => [value, encodeURIComponent(value)]);
  return (text) => {
    let out = text;
    for (const value of encoded) if (out.includes(value)) out = out.split(value).join(MASK);
    return out;
  };
}

/** The values of a request that must not be reported: secret query values, body fields and headers. */
export function requestSecrets(query: readonly (readonly [string, string])[], headers: Readonly<Record<string, string>>, body: unknown): string[] {
  const secrets = query.filter(([name]) => isSecretName(name)).map(([, value]) => value);
  for (const [name, value] of Object.entries(headers)) if (isSecretName(name)) secrets.push(value, value.replace(/^\S+\s+/, ""));
  if (body !== null && typeof body === "object" && !Array.isArray(body)) {
    for (const [name, value] of Object.entries(body)) if (isSecretName(name) && typeof value === "string") secrets.push(value);
  }
  return secrets;
}

/**
 * The URL with the values of secret query parameters masked. Also applied to messages that quote a
 * URL: a value ends at whitespace (a URL has none), so the rest of the message stays.
 */
export function redactUrl(url: string): string {
  return url.replace(/([?&])([^=&#\s]+)=([^&#\s]*)/g, (whole, lead: string, name: string) => (isSecretName(safeDecode(name)) ? `${lead}${name}=${MASK}` : whole));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A copy of an error that keeps only what helps (name, code, message, cause chain), masked:
 * Node's own errors carry the full URL in properties (`input`) that `console.error` prints.
 */
export function redactError(error: unknown, scrub: Scrub, depth = 0): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const cause = depth < 4 && source.cause !== undefined ? { cause: redactError(source.cause, scrub, depth + 1) } : undefined;
  const copy = new Error(redactUrl(scrub(source.message)), cause);
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") Object.defineProperty(copy, "code", { value: code, enumerable: true });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/**
 * A decoded body with secret-named string properties masked and every other string scrubbed:
 * echoed secrets can sit anywhere in it.
 */
export function redactValue(value: unknown, scrub: Scrub): unknown {
  if (typeof value === "string") return scrub(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, scrub));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, isSecretField(key) && typeof item === "string" ? MASK : redactValue(item, scrub)]));
  }
  return value;
}

/**
 * JSON text with the string values of secret properties (`"session_key": "…"`) masked: those
 * named like secrets, and those the description marks secret (`format: password`) whatever their name.
 */
export function maskSecretFields(json: string, markedSecret: readonly string[] = []): string {
  return json.replace(/"((?:[^"\\]|\\.)*)"(\s*:\s*)"(?:[^"\\]|\\.)*"/g, (whole, name: string, colon: string) => (isSecretField(name) || markedSecret.includes(name) ? `"${name}"${colon}"${MASK}"` : whole));
}
