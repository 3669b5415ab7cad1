import type { Webhook } from "../../model/types.js";
import { propertyKey } from "../../model/naming.js";
import type { EmitContext } from "../context.js";
import { docText, inlineDoc } from "../jsdoc.js";
import { FileImports } from "../imports.js";
import { literalOf, printFile } from "../print.js";
import { SchemaImports } from "../schema-imports.js";
import { schemaThunk } from "./operations-file.js";
import { zodOf, type ZodContext } from "../zod.js";

/**
 * push.ts: a typed receiver for the description's webhooks, when the description says how they
 * are delivered (`x-wxgen-push: wechat`): handler map, payload union, routing table; and one
 * receiver per signed callback (`x-wxgen-callback`).
 */
export function pushFile(ctx: EmitContext): string | undefined {
  if (!ctx.hasPushFile) return undefined;
  const imports = new FileImports("./");
  const schemas = new SchemaImports(ctx, imports, "./schemas/");
  const zod = schemas.zod("push");
  // Replies are sent: checked as requests are (exact), payloads as what is received (tolerant).
  const parts = [...(ctx.hasPushReceiver ? [pushReceiver(ctx, imports, zod, schemas.zod("request"))] : []), ...ctx.callbacks.map((w) => callbackReceiver(w, ctx, imports, zod))];
  return printFile(ctx.model.source, imports.specs(), [parts.join("\n\n")]);
}

function pushReceiver(ctx: EmitContext, imports: FileImports, zod: ZodContext, replyZod: ZodContext): string {
  const webhooks = ctx.pushWebhooks;
  const t = imports.types();
  const [pushContext, pushResult] = [imports.runtime("PushContext"), imports.runtime("PushResult")];
  const handlers = webhooks.map((w) => {
    const reply = ctx.replyType(w);
    const result = reply === undefined ? pushResult : `${pushResult}<${t}.${reply}>`;
    return `${inlineDoc(webhookDoc(w), "  ")}  ${propertyKey(w.name)}?(message: ${t}.${ctx.webhookType(w)}, context: ${pushContext}): ${result};`;
  });
  const routes = webhooks.map((w) => ({
    name: w.name,
    match: ctx.webhookMatch(w),
    schema: schemaThunk(zodOf(w.schema, zod), zod),
    xmlUnwrap: w.xmlUnwrap.length > 0 ? w.xmlUnwrap : undefined,
    reply: w.reply && schemaThunk(zodOf(w.reply.schema, replyZod), replyZod),
  }));
  const [receiverOptions, receiver] = [imports.runtime("PushReceiverOptions"), imports.runtime("PushReceiver")];
  return [
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
}

/** `create<Callback>Receiver(options)`: verifies the body's signature, validates, calls the one handler, answers. */
function callbackReceiver(webhook: Webhook, ctx: EmitContext, imports: FileImports, zod: ZodContext): string {
  const rule = webhook.callback!;
  const t = imports.types();
  const replyType = ctx.replyType(webhook);
  const reply = replyType !== undefined ? `${t}.${replyType}` : "Readonly<Record<string, unknown>>";
  const route = {
    name: webhook.name,
    schema: schemaThunk(zodOf(webhook.schema, zod), zod),
    signature: rule.signature,
    timestampField: rule.timestampField,
    acknowledgement: rule.acknowledgement,
  };
  const doc = docText([webhook.summary, webhook.description && `\n${webhook.description}`, "\n`receiver.handle({ method, query, body })` is framework-neutral; `receiver.listener` is a Node listener.", webhook.docsUrl && `\n@see ${webhook.docsUrl}`]);
  return [
    inlineDoc(doc, "").trimEnd(),
    `export function ${ctx.callbackFactory(webhook)}(options: ${imports.runtime("CallbackReceiverOptions")}<${t}.${ctx.webhookType(webhook)}, ${reply}>): ${imports.runtime("PushReceiver")} {`,
    `  return ${imports.runtime("createCallbackReceiver")}(${literalOf(route).replace(/\n/g, "\n  ")}, options);`,
    "}",
  ].join("\n");
}

function webhookDoc(w: Webhook): string | undefined {
  return docText([w.summary, w.description && `\n${w.description}`, w.docsUrl && `\n@see ${w.docsUrl}`]);
}
