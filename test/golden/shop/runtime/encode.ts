import { FormData } from "undici";
import { INT64_MARK, type BinaryInput } from "./schema.js";
import type { BodyEncoding, ParamSpec } from "./operation.js";

/** Parameter and body serialization as OpenAPI describes it (style / explode). */

export type QueryPairs = readonly (readonly [string, string])[];

function scalar(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function entriesOf(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

/** `form`, `spaceDelimited`, `pipeDelimited` and `deepObject` query pairs for one parameter. */
export function queryPairs(param: ParamSpec, value: unknown): [string, string][] {
  const style = param.style ?? "form";
  const explode = param.explode ?? style === "form";
  if (Array.isArray(value)) {
    if (explode) return value.map((item) => [param.name, scalar(item)]);
    const separator = style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : ",";
    return [[param.name, value.map(scalar).join(separator)]];
  }
  if (typeof value === "object" && value !== null) {
    const entries = entriesOf(value);
    if (style === "deepObject") return entries.map(([k, v]) => [`${param.name}[${k}]`, scalar(v)]);
    if (explode) return entries.map(([k, v]) => [k, scalar(v)]);
    return [[param.name, entries.flatMap(([k, v]) => [k, scalar(v)]).join(",")]];
  }
  return [[param.name, scalar(value)]];
}

/** `simple` (default), `label` and `matrix` path segments, percent-encoded. */
export function pathSegment(param: ParamSpec, value: unknown): string {
  const style = param.style ?? "simple";
  const explode = param.explode ?? false;
  const enc = (v: unknown) => encodeURIComponent(scalar(v));
  let items: string[];
  if (Array.isArray(value)) items = value.map(enc);
  else if (typeof value === "object" && value !== null) {
    items = entriesOf(value).map(([k, v]) => (explode ? `${encodeURIComponent(k)}=${enc(v)}` : `${encodeURIComponent(k)},${enc(v)}`));
  } else items = [enc(value)];
  if (style === "label") return "." + items.join(explode ? "." : ",");
  if (style === "matrix") {
    if (Array.isArray(value) && explode) return items.map((item) => `;${param.name}=${item}`).join("");
    return `;${param.name}=${items.join(",")}`;
  }
  return items.join(",");
}

/** `simple` header values. */
export function headerValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(scalar).join(",");
  if (typeof value === "object" && value !== null) return entriesOf(value).flatMap(([k, v]) => [k, scalar(v)]).join(",");
  return scalar(value);
}

/** A `Cookie` header with one more `name=value` pair. */
export function appendCookie(existing: string | undefined, name: string, value: string): string {
  const pair = `${name}=${encodeURIComponent(value)}`;
  return existing ? `${existing}; ${pair}` : pair;
}

const escapedMark = JSON.stringify(INT64_MARK).slice(1, -1);
const markedInt64 = new RegExp(`"${escapedMark.replace(/\\/g, "\\\\")}(-?\\d+)"`, "g");

/** JSON text, with marked 64-bit integers written as plain numbers. */
export function toJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes(escapedMark) ? json.replace(markedInt64, "$1") : json;
}

export interface EncodedBody {
  body: string | Uint8Array | FormData;
  /** Absent for multipart: undici writes the boundary itself. */
  contentType?: string;
}

export async function encodeBody(encoding: BodyEncoding, contentType: string, value: unknown): Promise<EncodedBody> {
  switch (encoding) {
    case "json":
      return { body: toJson(value), contentType };
    case "form":
      return { body: new URLSearchParams(entriesOf(value as object).map(([k, v]): [string, string] => [k, scalar(v)])).toString(), contentType };
    case "multipart":
      return { body: multipart(value as Record<string, unknown>) };
    case "text":
      return { body: String(value), contentType };
    case "binary":
      return { body: await bytesOf(value as BinaryInput), contentType };
  }
}

function multipart(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of entriesOf(fields)) {
    if (isBinary(value)) {
      const { blob, filename } = blobOf(value, name);
      form.append(name, blob, filename);
    } else form.append(name, scalar(value));
  }
  return form;
}

function isBinary(value: unknown): value is BinaryInput {
  return value instanceof Blob || value instanceof Uint8Array || (typeof value === "object" && value !== null && "data" in value);
}

function blobOf(value: BinaryInput, fallbackName: string): { blob: Blob; filename: string } {
  if (value instanceof Blob) return { blob: value, filename: (value as { name?: string }).name ?? fallbackName };
  // Copied into a fresh Uint8Array: its buffer type satisfies BlobPart under every lib setting.
  if (value instanceof Uint8Array) return { blob: new Blob([new Uint8Array(value)]), filename: fallbackName };
  const data = value.data instanceof Blob ? value.data : new Blob([new Uint8Array(value.data)], value.contentType ? { type: value.contentType } : {});
  return { blob: data, filename: value.filename ?? fallbackName };
}

async function bytesOf(value: BinaryInput): Promise<Uint8Array> {
  const data = value instanceof Uint8Array || value instanceof Blob ? value : value.data;
  return data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}
