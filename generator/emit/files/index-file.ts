import type { EmitContext } from "../context.js";
import { printFile } from "../print.js";

const runtimeExports = [
  "ApiClientError", "ConnectionError", "CredentialError", "HttpError", "InBandApiError", "MemoryTokenStore", "redisTokenStore",
  "RequestValidationError", "ResponseValidationError", "TimeoutError", "TokenStoreError",
];
const runtimeTypes = [
  "ApiRequest", "ApiResponse", "BinaryInput", "BinaryResponse", "ClientOptions", "CredentialValue", "Middleware", "Next", "RedisLike",
  "RedisTokenStoreOptions", "RequestOptions", "StoredToken", "TokenAccess", "TokenLock", "TokenProvider", "TokenStore",
];

/** index.ts: the public surface. */
export function indexFile(ctx: EmitContext): string {
  const lines = [
    `export { ${ctx.clientClass}, create${ctx.clientClass}, type ${ctx.clientClass}Options } from "./client.js";`,
    ...(ctx.errorClass ? [`export { ${ctx.errorClass} } from "./errors.js";`] : []),
    `export { schemas } from "./schemas.js";`,
    ...(ctx.model.pushProtocol === "wechat" && ctx.model.webhooks.length > 0
      ? [
          `export { createPushHandler, type PushHandlers, type PushMessage } from "./push.js";`,
          `export { MemoryDedupeStore, redisDedupeStore, type DedupeStore } from "./runtime/push-dedupe.js";`,
          `export type { PushContext, PushHttpRequest, PushHttpResponse, PushLogger, PushReceiver, PushReceiverOptions, PushReply, PushResult } from "./runtime/push.js";`,
        ]
      : []),
    `export type * from "./types.js";`,
    `export { ${runtimeExports.join(", ")} } from "./runtime/index.js";`,
    `export type { ${runtimeTypes.join(", ")} } from "./runtime/index.js";`,
  ];
  return printFile(ctx.model.source, [], [lines.join("\n")]);
}
