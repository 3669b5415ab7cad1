import { z } from "zod";

/**
 * Helpers the generated schemas call. Schemas are built on first use (a large API pays only
 * for what it touches) and typed by the emitted interfaces, which keeps users' `tsc` fast.
 */

/** A schema built once, on first call. */
export function lazy<T>(build: () => z.ZodType): () => z.ZodType<T> {
  let built: z.ZodType | undefined;
  return () => (built ??= build()) as z.ZodType<T>;
}

/**
 * OpenAPI `discriminator`: the value of `property` picks the one schema to validate with.
 * Works whether or not the variants pin the property with `const`.
 */
export function discriminated(property: string, variants: Readonly<Record<string, () => z.ZodType>>): z.ZodType {
  const values = Object.keys(variants);
  return z.unknown().transform((input, ctx) => {
    const value = input !== null && typeof input === "object" ? (input as Record<string, unknown>)[property] : undefined;
    const variant = typeof value === "string" || typeof value === "number" ? variants[String(value)] : undefined;
    if (!variant) {
      ctx.addIssue({ code: "custom", path: [property], message: `expected ${property} to be one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });
      return z.NEVER;
    }
    const result = variant().safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: "custom", message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return result.data;
  });
}

/** Bytes the caller uploads: a Blob/File, raw bytes, or bytes with a file name and type. */
export type BinaryInput = Blob | Uint8Array | { readonly data: Blob | Uint8Array; readonly filename?: string; readonly contentType?: string };

export const binaryInput: z.ZodType<BinaryInput> = z.custom<BinaryInput>(
  (value) =>
    value instanceof Blob ||
    value instanceof Uint8Array ||
    (value !== null && typeof value === "object" && ((value as { data?: unknown }).data instanceof Blob || (value as { data?: unknown }).data instanceof Uint8Array)),
  { message: "expected a Blob, a Uint8Array or { data, filename?, contentType? }" },
);

/** What a binary operation returns. */
export interface BinaryResponse {
  readonly data: Uint8Array;
  readonly contentType: string;
}
