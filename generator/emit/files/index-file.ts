import type { EmitContext } from "../context.js";
import { printFile } from "../print.js";

/** What index.ts re-exports from the runtime, module by module: each module is loaded only if used. */
const runtimeExports: [module: string, values: string[], types: string[]][] = [
  ["errors", ["AbortError", "ApiClientError", "ConnectionError", "CredentialError", "HttpError", "InBandApiError", "RequestValidationError", "ResponseTooLargeError", "ResponseValidationError", "TimeoutError", "TokenStoreError"], []],
  ["api-promise", [], ["ApiPromise", "RawResponse", "WithResponse"]],
  ["core", [], ["ClientOptions", "RequestOptions", "ResponseMismatch"]],
  ["middleware", [], ["ApiRequest", "ApiResponse", "Middleware", "Next"]],
  ["observe", [], ["ErrorEvent", "Hooks", "RequestEvent", "ResponseEvent", "RetryHookEvent"]],
  ["schema", [], ["BinaryInput", "BinaryResponse"]],
  ["security", [], ["CredentialValue"]],
];

/** Exported only by clients whose description has tokens (`x-wxgen-token`). */
const tokenExports: typeof runtimeExports = [
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
          `export type { PushHandlers, PushMessage } from "./push.js";`,
          `export { MemoryDedupeStore, redisDedupeStore, type DedupeStore } from "./runtime/push-dedupe.js";`,
          `export type { PushContext, PushHttpRequest, PushHttpResponse, PushLogger, PushReceiver, PushReceiverOptions, PushReply, PushResult } from "./runtime/push.js";`,
          `import type { PushHandlers } from "./push.js";`,
          `import { lazyPushReceiver } from "./runtime/push-lazy.js";`,
          `import type { PushReceiver, PushReceiverOptions } from "./runtime/push.js";`,
          "",
          "/**",
          " * A receiver for message push (消息推送); see push.ts. Its code (and fast-xml-parser) is imported",
          " * when the receiver is created: importing the client for API calls alone never loads it.",
          " */",
          `export function createPushHandler(options: PushReceiverOptions<PushHandlers>): PushReceiver {`,
          `  return lazyPushReceiver(() => import("./push.js").then((push) => push.createPushHandler(options)));`,
          `}`,
          "",
        ]
      : []),
    `export type * from "./types.js";`,
    ...[...runtimeExports, ...(ctx.hasTokens ? tokenExports : [])].map(([module, values, types]) => {
      const names = [...values, ...types.map((t) => `type ${t}`)];
      return `export { ${names.join(", ")} } from "./runtime/${module}.js";`;
    }),
  ];
  return printFile(ctx.model.source, [], [lines.join("\n")]);
}
