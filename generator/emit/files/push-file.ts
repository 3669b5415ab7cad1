import type { Webhook } from "../../model/types.js";
import { propertyKey } from "../../model/naming.js";
import type { EmitContext } from "../context.js";
import { docText, inlineDoc } from "../jsdoc.js";
import { FileImports } from "../imports.js";
import { literalOf, printFile } from "../print.js";
import { SchemaImports } from "../schema-imports.js";
import { schemaThunk } from "./operations-file.js";
import { zodOf } from "../zod.js";

/**
 * push.ts: a typed receiver for the description's webhooks, when the description says how they
 * are delivered (`x-wxgen-push: wechat`): handler map, payload union, routing table.
 */
export function pushFile(ctx: EmitContext): string | undefined {
  if (!ctx.hasPushReceiver) return undefined;
  const { webhooks } = ctx.model;
  const imports = new FileImports("./");
  const t = imports.types();
  const [pushContext, pushResult] = [imports.runtime("PushContext"), imports.runtime("PushResult")];
  const handlers = webhooks.map((w) => {
    const doc = docText([w.summary, w.description && `\n${w.description}`, w.docsUrl && `\n@see ${w.docsUrl}`]);
    const reply = ctx.replyType(w);
    const result = reply === undefined ? pushResult : `${pushResult}<${t}.${reply}>`;
    return `${inlineDoc(doc, "  ")}  ${propertyKey(w.name)}?(message: ${t}.${ctx.webhookType(w)}, context: ${pushContext}): ${result};`;
  });
  const zod = new SchemaImports(ctx, imports, "./schemas/").zod("push");
  const routes = webhooks.map((w) => ({
    name: w.name,
    match: ctx.webhookMatch(w),
    schema: schemaThunk(zodOf(w.schema, zod), zod),
    xmlUnwrap: w.xmlUnwrap.length > 0 ? w.xmlUnwrap : undefined,
  }));
  const [receiverOptions, receiver] = [imports.runtime("PushReceiverOptions"), imports.runtime("PushReceiver")];
  const text = [
    `/** Handlers for the pushes ${ctx.model.title} sends, by kind; each gets its payload validated and typed. */`,
    "export interface PushHandlers {",
    ...handlers,
    "  /** Any other push (a kind this description does not know, or one that failed validation), as received. */",
    `  unknown?(message: Readonly<Record<string, unknown>>, context: ${pushContext}): ${pushResult};`,
    "}",
    "",
    "/** Every push this description knows. */",
    `export type PushMessage = ${[...new Set(webhooks.map((w) => `${t}.${ctx.webhookType(w)}`))].join(" | ")};`,
    "",
    "/** Which payload goes to which handler: the constant fields each kind carries. */",
    `const routes: ${imports.runtime("PushRoute")}[] = ${literalOf(routes)};`,
    "",
    "/**",
    " * A receiver for message push (消息推送): GET verification, signatures, decryption (compatible and",
    " * secure modes), XML and JSON, retries handled once, `success` within WeChat's 5 seconds.",
    " * `receiver.handle({ method, query, body })` is framework-neutral; `receiver.listener` is a Node listener.",
    " */",
    `export function createPushHandler(options: ${receiverOptions}<PushHandlers>): ${receiver} {`,
    `  return ${imports.runtime("createPushReceiver")}(routes, options);`,
    "}",
  ].join("\n");
  return printFile(ctx.model.source, imports.specs(), [text]);
}
