/**
 * Checks of the client's and each call's options, so that a bad value fails where it is written,
 * naming the option, instead of deep inside a call.
 */

/** Above this, Node's timers fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function checkTimeoutMs(owner: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new TypeError(`${owner}.timeoutMs must be a number of milliseconds between 1 and ${MAX_TIMER_MS}, got ${String(value)}`);
  }
}

export function checkCount(owner: string, name: string, value: unknown, max: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    throw new TypeError(`${owner}.${name} must be an integer from 0 to ${max}, got ${String(value)}`);
  }
}

export function checkPositive(owner: string, name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${owner}.${name} must be a positive number, got ${String(value)}`);
  }
}

export function checkOneOf(owner: string, name: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined || allowed.includes(value as string)) return;
  throw new TypeError(`${owner}.${name} must be ${allowed.map((a) => JSON.stringify(a)).join(" or ")}, not ${JSON.stringify(value)}`);
}

export function checkFunction(owner: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") throw new TypeError(`${owner}.${name} must be a function`);
}

/** The base URL as origin and path prefix; an http(s) URL with a valid port, nothing else. */
export function parseBaseUrl(owner: string, value: string): { origin: string; pathPrefix: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${owner}.baseUrl is not a valid URL: ${JSON.stringify(value.replace(/[?#].*/, ""))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`${owner}.baseUrl must be http:// or https://, got ${url.protocol}`);
  if (url.search || url.hash || url.username || url.password) throw new TypeError(`${owner}.baseUrl must not carry a query, fragment or credentials`);
  return { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, "") };
}

export function checkFunctions(owner: string, name: string, value: unknown, keys: readonly string[]): void {
  if (value === undefined) return;
  if (value === null || typeof value !== "object") throw new TypeError(`${owner}.${name} must be an object`);
  for (const [key, hook] of Object.entries(value)) {
    if (!keys.includes(key)) throw new TypeError(`${owner}.${name}.${key} is not known; use ${keys.join(", ")}`);
    checkFunction(owner, `${name}.${key}`, hook);
  }
}
