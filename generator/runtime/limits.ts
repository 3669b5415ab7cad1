/** How much of a response the client reads and keeps, so that a huge or hostile body cannot exhaust memory. */

export interface BodyLimits {
  /** Largest JSON or text body read. */
  readonly json: number;
  /** Largest file (binary) body read. */
  readonly media: number;
}

export const DEFAULT_LIMITS: BodyLimits = { json: 4 * 1024 * 1024, media: 32 * 1024 * 1024 };

/** Of an error response only this much is read and kept (`rawBody`, `body`). */
export const ERROR_BODY_BYTES = 64 * 1024;

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
