import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** What a handler answers; the server writes it. */
export interface Reply {
  status?: number;
  contentType?: string;
  body: Uint8Array | string;
}

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** Raw body bytes. */
  raw: Buffer;
}

/** WeChat answers JSON; some endpoints label it text/plain, which clients must tolerate. */
export function json(value: unknown, contentType = "application/json; charset=utf-8"): Reply {
  return { contentType, body: JSON.stringify(value) };
}

/** An in-band error as WeChat sends it: HTTP 200, `{ errcode, errmsg }`, a rid in the message. */
export function wechatError(errcode: number, errmsg: string, contentType?: string): Reply {
  return json({ errcode, errmsg: `${errmsg} rid: ${randomUUID().slice(0, 23)}` }, contentType);
}

export const ok = (extra: object = {}) => json({ errcode: 0, errmsg: "ok", ...extra });

export function jsonBody(request: SimRequest): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(request.raw.toString("utf8")) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** multipart/form-data, parsed by the platform's own Request implementation. */
export async function formBody(request: SimRequest): Promise<FormData | undefined> {
  const type = request.headers["content-type"];
  if (!type?.startsWith("multipart/form-data")) return undefined;
  try {
    return await new Response(request.raw, { headers: { "content-type": type } }).formData();
  } catch {
    return undefined;
  }
}
