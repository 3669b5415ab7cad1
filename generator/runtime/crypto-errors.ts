import { ApiClientError } from "./errors.js";

/**
 * API 安全 (signed and encrypted calls) failed: a response that is not signed, signed by no
 * configured platform certificate, stale, tampered with or undecryptable; or, with
 * `operation` "apiSecurity", options the client could not be built with. The message never
 * holds a key or a plaintext.
 */
export class ApiSecurityError extends ApiClientError {
  override name = "ApiSecurityError";
}

export type OpenDataFailure = "malformed" | "decrypt" | "not-json" | "watermark" | "stale" | "shape" | "signature";

/**
 * Open data (`encryptedData` + `iv`, `rawData` + `signature`) failed its checks. `reason` says
 * which; the message never holds the session key or the plaintext.
 */
export class OpenDataError extends Error {
  override name = "OpenDataError";
  readonly reason: OpenDataFailure;
  constructor(reason: OpenDataFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}
