import { groupBy } from "../../group-by.js";
import type { Operation, Webhook } from "../../model/types.js";
import type { EmitContext } from "../context.js";
import { generatedHeader } from "../header.js";
import { FileImports } from "../imports.js";

/** API.md imports nothing: type names are written as client.ts writes them, and what they record is dropped. */
const markdownNames = new FileImports("./");

/**
 * API.md: every operation by namespace, findable by its Chinese name (summary), its English name
 * and its namespaced (legacy) name, with its HTTP call, argument and result types and doc link.
 */
export function referenceFile(ctx: EmitContext): string {
  const { model } = ctx;
  const client = `create${ctx.clientClass}`;
  const namespaces = groupBy(model.operations, (op) => op.namespace.join("."));
  const lines = [
    generatedHeader(model.source, "md"),
    "",
    `# ${model.title} — API reference`,
    "",
    `${model.operations.length} operations in ${namespaces.size} namespaces. Create the client with \`${client}(…)\`; each operation is \`client.<namespace>.<method>(arguments)\`.`,
    "",
    "## Index",
    "",
    "| Name | English name | Call | HTTP |",
    "|---|---|---|---|",
    // In description order: sorting Chinese by locale would tie the output to the machine's ICU data.
    ...model.operations.map((op) => `| ${cell(op.summary ?? "")} | ${englishName(op)} | [\`${op.id}\`](#${anchor(op)}) | \`${op.httpMethod} ${op.path}\` |`),
  ];
  for (const [namespace, operations] of namespaces) {
    const tag = model.tags.find((t) => t.name === (operations[0]!.tags[0] ?? namespace));
    lines.push("", `## ${namespace || "(client)"}`, "");
    if (tag?.description) lines.push(tag.description, "");
    for (const op of operations) lines.push(...operationSection(op, ctx));
  }
  lines.push(...pushSection(ctx));
  return lines.join("\n") + "\n";
}

/** The webhooks: those the push receiver routes, then the signed callbacks, each with its own receiver. */
function pushSection(ctx: EmitContext): string[] {
  const callbacks = ctx.callbacks.map((w) => `| ${cell(w.summary ?? "")} | \`${ctx.callbackFactory(w)}\` | \`${ctx.webhookType(w)}\` | ${w.docsUrl ?? ""} |`);
  return [
    ...(ctx.hasPushReceiver ? routedPushes(ctx) : []),
    ...(callbacks.length > 0 ? ["", "## Callbacks", "", "Signed requests sent to a URL given in a call, each with a receiver of its own (`receiver.listener` or `receiver.handle`).", "", "| Name | Receiver | Payload | Docs |", "|---|---|---|---|", ...callbacks] : []),
  ];
}

/** The pushes the generated receiver routes: the handler to write for each, and what selects it. */
function routedPushes(ctx: EmitContext): string[] {
  const webhooks = ctx.pushWebhooks;
  return [
    "",
    "## Pushes",
    "",
    `${webhooks.length} kinds of push (webhooks), received with \`createPushHandler({ handlers: { <handler>(message, context) { … } } })\` from \`push.js\`; a push matching none goes to \`unknown\`.`,
    "",
    "| Name | Handler | Routed by | Payload | Reply (sync mode) | Docs |",
    "|---|---|---|---|---|---|",
    ...webhooks.map((w) => `| ${cell(w.summary ?? "")} | \`${w.name}\` | ${routedBy(w, ctx)} | \`${ctx.webhookType(w)}\` | ${replyCell(w, ctx)} | ${w.docsUrl ?? ""} |`),
  ];
}

/** The documented reply a handler returns, or `success` for pushes that document none. */
function replyCell(webhook: Webhook, ctx: EmitContext): string {
  const reply = ctx.replyType(webhook);
  return reply === undefined ? "`success`" : `\`${reply}\``;
}

function routedBy(webhook: Webhook, ctx: EmitContext): string {
  return Object.entries(ctx.webhookMatch(webhook)).map(([field, value]) => `\`${field}=${cell(value)}\``).join(" ");
}

function operationSection(op: Operation, ctx: EmitContext): string[] {
  const input = ctx.input(op);
  const call = `client.${op.id}(${input ? (input.required ? "input" : "input?") : ""})`;
  return [
    `<a id="${anchor(op)}"></a>`,
    `### ${op.summary ? `${cell(op.summary)} · ` : ""}\`${op.id}\``,
    "",
    `- Call: \`${call}\` → \`${ctx.resultType(op, markdownNames).replace(/^t\./, "")}\`${input ? `, arguments \`${ctx.inputType(op)}\`` : ""}`,
    `- HTTP: \`${op.httpMethod} ${op.path}\``,
    ...(englishName(op) !== op.method ? [`- English name: ${englishName(op)}`] : []),
    ...(op.docsUrl ? [`- Docs: ${op.docsUrl}`] : []),
    ...(op.apiSecurity ? ["- API 安全: sent signed and encrypted when the client has the `apiSecurity` option"] : []),
    ...(Object.keys(op.errorCodes).length > 0 ? [`- Error codes: ${Object.entries(op.errorCodes).map(([code, meaning]) => `${code} ${cell(firstSentence(meaning))}`).join("; ")}`] : []),
    "",
  ];
}

function englishName(op: Operation): string {
  return op.englishName ?? op.method;
}

function anchor(op: Operation): string {
  return op.id.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase();
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n+/g, " ");
}

function firstSentence(text: string): string {
  const end = text.search(/[，。,;；]/);
  return end > 0 ? text.slice(0, end) : text;
}
