import type { InBandErrorSpec, OperationSpec } from "./operation.js";

/** Turning response bytes into values, and recognising in-band errors in them. */

const utf8 = new TextDecoder("utf-8");

export function text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/**
 * Parses JSON whatever the Content-Type says (WeChat sends JSON as text/plain); undefined when it
 * is not JSON. Integers beyond 2^53 come back as strings of their digits: exact, never rounded.
 */
export function parseJson(bytes: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(quoteUnsafeIntegers(text(bytes))) };
  } catch {
    return undefined;
  }
}

/** Wraps integer literals that a double cannot hold in quotes; strings are left alone. */
export function quoteUnsafeIntegers(json: string): string {
  if (!/\d{16}/.test(json)) return json; // nothing long enough to be unsafe
  let out = "";
  let last = 0;
  for (let i = 0; i < json.length; i++) {
    const ch = json.charCodeAt(i);
    if (ch === 0x22) {
      // skip a string literal
      for (i++; i < json.length && json.charCodeAt(i) !== 0x22; i++) if (json.charCodeAt(i) === 0x5c) i++;
      continue;
    }
    if ((ch >= 0x30 && ch <= 0x39) || ch === 0x2d) {
      let end = i + 1;
      while (end < json.length && /[0-9.eE+-]/.test(json[end]!)) end++;
      const literal = json.slice(i, end);
      if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${json.slice(last, i)}"${literal}"`;
        last = end;
      }
      i = end - 1;
    }
  }
  return out + json.slice(last);
}

/** Whether bytes that should be a file start like a JSON object: binary endpoints answer errors in JSON. */
export function looksLikeJsonObject(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b; // "{"
  }
  return false;
}

export interface InBandFailure {
  code: number;
  detail: string;
  meaning: string | undefined;
  requestId: string | undefined;
}

/**
 * The in-band error a decoded body carries, if any: a code that is present and not a success code.
 * A success code that arrived as a numeric string is written back into the body as the number.
 */
export function inBandFailure(op: OperationSpec, rule: InBandErrorSpec, body: unknown): InBandFailure | undefined {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const raw = record[rule.code];
  if (raw === undefined || raw === null) return undefined;
  const code = typeof raw === "string" && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof code === "number" && rule.success.includes(code)) {
    // The success answer comes back with the code as the number it means (`"0"` → 0), whatever its schema says.
    record[rule.code] = code;
    return undefined;
  }
  const detail = String(record[rule.message] ?? "");
  const key = String(code);
  return {
    code: typeof code === "number" ? code : Number.NaN,
    detail,
    meaning: op.errorCodes?.[key] ?? rule.codes?.[key],
    requestId: requestIdOf(rule, record),
  };
}

function requestIdOf(rule: InBandErrorSpec, record: Record<string, unknown>): string | undefined {
  if (!rule.requestId) return undefined;
  const source = record[rule.requestId.field];
  if (typeof source !== "string") return undefined;
  return new RegExp(rule.requestId.pattern).exec(source)?.[1];
}
