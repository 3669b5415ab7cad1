import type { InputShape } from "../model/inputs.js";
import type { ApiModel, Operation, Webhook } from "../model/types.js";
import { pinnedValue, plainRef } from "../model/walk.js";
import type { FileImports } from "./imports.js";
import { EmitNames } from "./names.js";
import { SchemaGraph } from "./schema-graph.js";

/** Requests the client sends, responses it reads, and pushes the API sends us (webhooks). */
export type Direction = "request" | "response" | "push";

/**
 * What every file emitter needs, computed once per generation: the schema graph, then the names
 * (which depend on it), and the per-operation and per-feature questions the emitters ask.
 */
export class EmitContext {
  readonly graph: SchemaGraph;
  readonly names: EmitNames;

  constructor(readonly model: ApiModel) {
    this.graph = new SchemaGraph(model);
    this.names = new EmitNames(model, this.graph);
  }

  get clientClass(): string {
    return this.names.clientClass;
  }

  /** The in-band error class, for descriptions with `x-wxgen-in-band-error`. */
  get errorClass(): string | undefined {
    return this.names.errorClass;
  }

  input(op: Operation): InputShape | undefined {
    return this.graph.input(op);
  }

  /** The module under `operations/` that declares an operation: one per namespace. */
  operationModule(op: Operation): string {
    return this.names.operationModule(op);
  }

  /** Name of the operation's spec constant in its operations module. */
  constName(op: Operation): string {
    return this.names.constName(op);
  }

  inputType(op: Operation): string {
    return this.names.inputType(op);
  }

  responseType(op: Operation): string {
    return this.names.responseType(op);
  }

  /** The TS type an operation resolves to, written in a file with these imports (client.ts). */
  resultType(op: Operation, imports: FileImports): string {
    const success = op.success;
    if (success.kind === "binary") return imports.runtime("BinaryResponse");
    if (success.kind === "text") return "string";
    if (success.kind === "empty") return "void";
    if (success.schema === undefined) return "unknown";
    const ref = plainRef(success.schema);
    return `${imports.types()}.${ref !== undefined ? this.names.typeName(ref, "response") : this.responseType(op)}`;
  }

  /** Whether the success schema is inline and gets its own declaration in types.ts. */
  hasInlineResponse(op: Operation): boolean {
    const { kind, schema } = op.success;
    return kind === "json" && schema !== undefined && plainRef(schema) === undefined;
  }

  /** The type of a webhook's payload: its named schema, or the declaration types.ts makes for an inline one. */
  webhookType(webhook: Webhook): string {
    return this.names.webhookType(webhook, plainRef(webhook.schema));
  }

  /** The type of a webhook's documented reply, if it has one. */
  replyType(webhook: Webhook): string | undefined {
    return webhook.reply && this.names.replyType(webhook, plainRef(webhook.reply.schema));
  }

  /** The constant top-level fields of a webhook's payload (`MsgType`, `Event`): how a push is routed to it. */
  webhookMatch(webhook: Webhook): Record<string, string> {
    const object = this.graph.resolve(webhook.schema);
    const match: Record<string, string> = {};
    for (const [name, property] of Object.entries(object?.properties ?? {})) {
      const constant = pinnedValue(this.graph.resolve(property))?.value;
      if (typeof constant === "string" || typeof constant === "number") match[name] = String(constant);
    }
    return match;
  }

  /** Whether any security scheme is a token the client obtains itself (`x-wxgen-token`). */
  get hasTokens(): boolean {
    return this.model.securitySchemes.some((scheme) => scheme.token !== undefined);
  }

  /** The webhooks a push receiver routes: all but the signed callbacks, which each get a receiver of their own. */
  get pushWebhooks(): Webhook[] {
    return this.model.webhooks.filter((w) => !w.callback);
  }

  /** The signed callbacks (`x-wxgen-callback`). */
  get callbacks(): Webhook[] {
    return this.model.webhooks.filter((w) => w.callback);
  }

  /** Whether a push receiver is generated: webhooks, delivered the way the runtime knows (`x-wxgen-push: wechat`). */
  get hasPushReceiver(): boolean {
    return this.model.pushProtocol === "wechat" && this.pushWebhooks.length > 0;
  }

  /** Whether push.ts is generated: a push receiver, callback receivers, or both. */
  get hasPushFile(): boolean {
    return this.hasPushReceiver || this.callbacks.length > 0;
  }

  callbackFactory(webhook: Webhook): string {
    return this.names.callbackFactory(webhook);
  }

  /** Whether the client can sign and encrypt calls: the root rule and at least one operation using it. */
  get hasApiSecurity(): boolean {
    return this.model.apiSecurity !== undefined && this.model.operations.some((op) => op.apiSecurity);
  }

  /** Whether the client exports the open-data helpers the runtime knows (`x-wxgen-open-data: wechat`). */
  get hasOpenData(): boolean {
    return this.model.openData === "wechat";
  }
}
