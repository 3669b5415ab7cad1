import type { EmitContext } from "../context.js";
import { cryptoExports as crypto, httpErrorNames, pushExports, runtimeExports, tokenExports } from "../names.js";
import { printFile } from "../print.js";

/** index.ts: the public surface. `schemas` has its own module (schemas.ts): importing every schema is not free. */
export function indexFile(ctx: EmitContext): string {
  const lines = [
    `export { ${ctx.clientClass}, create${ctx.clientClass}, type ${ctx.clientClass}Options } from "./client.js";`,
    `export { ${[...(ctx.errorClass ? [ctx.errorClass] : []), httpErrorNames.guard].join(", ")} } from "./errors.js";`,
    ...receiverExports(ctx),
    ...pushReceiverExports(ctx),
    ...callbackExports(ctx),
    ...cryptoExports(ctx),
    `export type * from "./types.js";`,
    ...[...runtimeExports, ...(ctx.hasTokens ? tokenExports : [])].map(([module, values, types]) => reexport(`./runtime/${module}.js`, values, types)),
  ];
  return printFile(ctx.model.source, [], [lines.join("\n")]);
}

/**
 * `export type { … }` when a module gives only types: `export { type A }` is kept as
 * `export {} from` under isolatedModules/verbatimModuleSyntax, which would load the module.
 */
function reexport(from: string, values: readonly string[], types: readonly string[]): string {
  if (values.length === 0) return `export type { ${types.join(", ")} } from "${from}";`;
  return `export { ${[...values, ...types.map((t) => `type ${t}`)].join(", ")} } from "${from}";`;
}

/** API 安全's and open data's public names, for the clients that have them. */
function cryptoExports(ctx: EmitContext): string[] {
  const errors = [...(ctx.hasApiSecurity ? [crypto.errors.apiSecurity] : []), ...(ctx.hasOpenData ? [crypto.errors.openData] : [])];
  return [
    ...(errors.length > 0 ? [`export { ${errors.join(", ")} } from "./runtime/crypto-errors.js";`] : []),
    ...(ctx.hasApiSecurity ? [`export type { ${crypto.apiSecurityTypes.join(", ")} } from "./runtime/api-security.js";`] : []),
    ...(ctx.hasOpenData ? [`export { ${crypto.openDataValues.join(", ")} } from "./runtime/open-data.js";`, `export type { ${crypto.openDataTypes.join(", ")} } from "./runtime/open-data.js";`] : []),
  ];
}

/** What every receiver shares (the HTTP side, loaded lazily): for clients with push or callbacks. */
function receiverExports(ctx: EmitContext): string[] {
  if (!ctx.hasPushFile) return [];
  return [
    `export type { ${pushExports.httpTypes.join(", ")} } from "./runtime/push-http.js";`,
    `import { lazyPushReceiver } from "./runtime/push-lazy.js";`,
    `import type { PushReceiver } from "./runtime/push-http.js";`,
  ];
}

function pushReceiverExports(ctx: EmitContext): string[] {
  if (!ctx.hasPushReceiver) return [];
  return [
    `export type { ${pushExports.ownTypes.join(", ")} } from "./push.js";`,
    reexport("./runtime/push-dedupe.js", pushExports.dedupe.values, pushExports.dedupe.types),
    `export type { ${pushExports.receiverTypes.join(", ")} } from "./runtime/push.js";`,
    `import type { PushHandlers } from "./push.js";`,
    `import type { PushReceiverOptions } from "./runtime/push.js";`,
    "",
    "/**",
    " * A receiver for message push (消息推送); see push.ts. Its code (and fast-xml-parser) is imported",
    " * when the receiver is created: importing the client for API calls alone never loads it.",
    " */",
    `export function ${pushExports.factory}(options: PushReceiverOptions<PushHandlers>): PushReceiver {`,
    `  return lazyPushReceiver(() => import("./push.js").then((push) => push.createPushHandler(options)));`,
    `}`,
    "",
  ];
}

/** Each callback's receiver, loaded like the push receiver when it is created. */
function callbackExports(ctx: EmitContext): string[] {
  if (ctx.callbacks.length === 0) return [];
  return [
    `export type { ${pushExports.callbackTypes.join(", ")} } from "./runtime/push-callback.js";`,
    `import type * as callbacks from "./push.js";`,
    "",
    ...ctx.callbacks.flatMap((webhook) => {
      const factory = ctx.callbackFactory(webhook);
      return [
        `/** ${webhook.summary ?? webhook.name} (a signed callback); see push.ts. Its code is imported when the receiver is created. */`,
        `export function ${factory}(options: Parameters<typeof callbacks.${factory}>[0]): PushReceiver {`,
        `  return lazyPushReceiver(() => import("./push.js").then((push) => push.${factory}(options)));`,
        "}",
        "",
      ];
    }),
  ];
}
