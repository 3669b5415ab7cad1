import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ApiModel } from "../model/types.js";
import { EmitContext } from "./context.js";
import { generatedHeader } from "./header.js";
import { clientFile } from "./files/client-file.js";
import { errorsFile } from "./files/errors-file.js";
import { indexFile } from "./files/index-file.js";
import { operationModules } from "./files/operations-file.js";
import { pushFile } from "./files/push-file.js";
import { referenceFile } from "./files/reference-file.js";
import { schemaModules, schemasFile } from "./files/schemas-file.js";
import { typesFile } from "./files/types-file.js";

/** Relative path → contents, sorted by path. */
export type FileSet = Map<string, string>;

const runtimeDir = fileURLToPath(new URL("../runtime/", import.meta.url));

/** Every file of a generated client: the emitted modules plus the runtime, copied under the header. */
export function emit(model: ApiModel): FileSet {
  const ctx = new EmitContext(model);
  const files: [string, string | undefined][] = [
    ["API.md", referenceFile(ctx)],
    ["index.ts", indexFile(ctx)],
    ["client.ts", clientFile(ctx)],
    ["errors.ts", errorsFile(ctx)],
    ...operationModules(ctx),
    ["push.ts", pushFile(ctx)],
    ["schemas.ts", schemasFile(ctx)],
    ...schemaModules(ctx),
    ["types.ts", typesFile(ctx)],
    ...runtimeFiles(model.source).filter(([path]) => runtimeFileNeeded(ctx, path)),
  ];
  return new Map(files.filter((f): f is [string, string] => f[1] !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Runtime files are copied for the features the description uses: the push receiver for clients
 * that have one, the token store (and Redis) for APIs with `x-wxgen-token`. The runtime's own
 * barrel (index.ts) is not copied: generated code imports module by module.
 */
function runtimeFileNeeded(ctx: EmitContext, path: string): boolean {
  if (path === "runtime/index.ts") return false;
  if (path === "runtime/push-http.ts" || path === "runtime/push-lazy.ts" || path === "runtime/push-crypto.ts") return ctx.hasPushFile;
  if (path === "runtime/push-callback.ts") return ctx.callbacks.length > 0;
  if (path.startsWith("runtime/push")) return ctx.hasPushReceiver;
  // The push receiver's dedupe store takes the same Redis client (push-dedupe.ts imports types from redis-store.ts, which imports token.ts's).
  if (["runtime/token.ts", "runtime/redis-store.ts"].includes(path)) return ctx.hasTokens || ctx.hasPushReceiver;
  if (path === "runtime/token-access.ts") return ctx.hasTokens;
  if (path.startsWith("runtime/api-security")) return ctx.hasApiSecurity;
  if (path === "runtime/open-data.ts") return ctx.hasOpenData;
  if (path === "runtime/crypto-errors.ts") return ctx.hasApiSecurity || ctx.hasOpenData;
  return true;
}

/** wxgen's runtime, each file under the generated header so that a later run knows it may replace it. */
function runtimeFiles(source: string): [string, string][] {
  return readdirSync(runtimeDir)
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts") && !name.endsWith(".test.ts"))
    .map((name) => [`runtime/${name}`, `${generatedHeader(source, "ts")}\n${readFileSync(runtimeDir + name, "utf8")}`]);
}
