import type { InBandErrorSpec, OperationSpec } from "./operation.js";

/** Turning response bytes into values, and recognising in-band errors in them. */

const utf8 = new TextDecoder("utf-8");

export function text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Parses JSON whatever the Content-Type says (WeChat sends JSON as text/plain); undefined when it is not JSON. */
export function parseJson(bytes: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text(bytes)) };
  } catch {
    return undefined;
  }
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

/** The in-band error a decoded body carries, if any: a code that is present and not a success code. */
export function inBandFailure(op: OperationSpec, rule: InBandErrorSpec, body: unknown): InBandFailure | undefined {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const raw = record[rule.code];
  if (raw === undefined || raw === null) return undefined;
  const code = typeof raw === "string" && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof code === "number" && rule.success.includes(code)) return undefined;
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

/** The body as text for error reports, with the values of secret JSON properties masked. */
export function redactedText(bytes: Uint8Array, secretFields: readonly string[] | undefined): string {
  let body = text(bytes);
  for (const field of secretFields ?? []) {
    const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    body = body.replace(new RegExp(`("${escaped}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "g"), '$1"***"');
  }
  return body;
}
