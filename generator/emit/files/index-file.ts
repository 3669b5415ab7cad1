import type { EmitContext } from "../context.js";
import { printFile } from "../print.js";

/** What index.ts re-exports from the runtime, module by module: each module is loaded only if used. */
const runtimeExports: [module: string, values: string[], types: string[]][] = [
  ["errors", ["ApiClientError", "ConnectionError", "CredentialError", "HttpError", "InBandApiError", "RequestValidationError", "ResponseValidationError", "TimeoutError", "TokenStoreError"], []],
  ["core", [], ["ClientOptions", "RequestOptions", "ResponseMismatch"]],
  ["middleware", [], ["ApiRequest", "ApiResponse", "Middleware", "Next"]],
  ["schema", [], ["BinaryInput", "BinaryResponse"]],
  ["security", [], ["CredentialValue"]],
  ["token", ["MemoryTokenStore"], ["StoredToken", "TokenLock", "TokenProvider", "TokenStore"]],
  ["token-access", [], ["TokenAccess"]],
  ["redis-store", ["redisTokenStore"], ["RedisLike", "RedisTokenStoreOptions"]],
];

/** index.ts: the public surface. `schemas` has its own module (schemas.ts): importing every schema is not free. */
export function indexFile(ctx: EmitContext): string {
  const lines = [
    `export { ${ctx.clientClass}, create${ctx.clientClass}, type ${ctx.clientClass}Options } from "./client.js";`,
    ...(ctx.errorClass ? [`export { ${ctx.errorClass} } from "./errors.js";`] : []),
    ...(ctx.hasPushReceiver
      ? [
          `export { createPushHandler, type PushHandlers, type PushMessage } from "./push.js";`,
          `export { MemoryDedupeStore, redisDedupeStore, type DedupeStore } from "./runtime/push-dedupe.js";`,
          `export type { PushContext, PushHttpRequest, PushHttpResponse, PushLogger, PushReceiver, PushReceiverOptions, PushReply, PushResult } from "./runtime/push.js";`,
        ]
      : []),
    ...cryptoExports(ctx),
    `export type * from "./types.js";`,
    ...runtimeExports.map(([module, values, types]) => {
      const names = [...values, ...types.map((t) => `type ${t}`)];
      return `export { ${names.join(", ")} } from "./runtime/${module}.js";`;
    }),
  ];
  return printFile(ctx.model.source, [], [lines.join("\n")]);
}

/** API 安全's and open data's public names, for the clients that have them. */
function cryptoExports(ctx: EmitContext): string[] {
  const errors = [...(ctx.hasApiSecurity ? ["ApiSecurityError"] : []), ...(ctx.hasOpenData ? ["OpenDataError"] : [])];
  const openDataTypes = ["DecryptOpenDataInput", "OpenData", "OpenDataKind", "OpenDataKinds", "OpenDataWatermark", "OpenChatToolInfo", "OpenGroupEnterInfo", "OpenPhoneNumber", "OpenShareInfo", "OpenUserInfo", "OpenWeRunData", "VerifyRawDataInput"];
  return [
    ...(errors.length > 0 ? [`export { ${errors.join(", ")} } from "./runtime/crypto-errors.js";`] : []),
    ...(ctx.hasApiSecurity ? [`export type { ApiSecurityOptions } from "./runtime/api-security.js";`] : []),
    ...(ctx.hasOpenData ? [`export { decryptOpenData, verifyRawData } from "./runtime/open-data.js";`, `export type { ${openDataTypes.join(", ")} } from "./runtime/open-data.js";`] : []),
  ];
}
