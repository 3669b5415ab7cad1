import { identifier, NameSet, pascalCase } from "../model/naming.js";
import type { ApiModel, NamedSchema, Operation, Schema, SchemaObject, Webhook } from "../model/types.js";
import { directionalHere, followRefs, pinnedValue, plainRef, refsOf, subschemas } from "../model/walk.js";
import { componentsOf } from "./graph.js";
import { inputShape, type InputShape } from "../model/inputs.js";
import { zodHelpers } from "./zod.js";

/** Requests the client sends, responses it reads, and pushes the API sends us (webhooks). */
export type Direction = "request" | "response" | "push";

/** Facts every file emitter needs, computed once per generation. */
export class EmitContext {
  readonly clientClass: string;
  readonly errorClass: string | undefined;
  private readonly byName: Map<string, NamedSchema>;
  private readonly component: Map<string, number>;
  private readonly componentSizes = new Map<number, number>();
  private readonly inputs = new Map<Operation, InputShape | undefined>();
  private readonly constNames = new Map<Operation, string>();
  private readonly typeNames = new Map<Operation, { input: string; response: string }>();
  /** Named schemas that differ in requests (readOnly left out, JSON strings encoded): name → request variant. */
  private readonly requestTypes = new Map<string, string>();
  private readonly requestSchemas = new Map<string, string>();
  /** Namespace (dotted) → its module under `operations/`. */
  private readonly operationModules = new Map<string, string>();
  /** Schema builder → the module (under `schemas/`) that declares it. */
  private readonly modules = new Map<string, string>();
  /** allOf-inheritance bases (a discriminator, no oneOf): name → its own-schema builder and its subtypes. */
  private readonly inheritance = new Map<string, { base: string; propertyName: string; mapping: Record<string, string> }>();
  /** Named schemas that only requests use: declared in their request form. */
  private readonly sentOnly = new Set<string>();
  /** Named schemas that pushes carry and that read text as numbers: name → push variant. */
  private readonly pushSchemas = new Map<string, string>();

  constructor(readonly model: ApiModel) {
    this.byName = new Map(model.schemas.map((s) => [s.name, s]));
    this.component = componentsOf(model.schemas);
    for (const id of this.component.values()) this.componentSizes.set(id, (this.componentSizes.get(id) ?? 0) + 1);
    this.clientClass = `${model.clientName}Client`;
    const hasInBand = model.operations.some((op) => op.inBandError);
    this.errorClass = hasInBand ? `${model.clientName}ApiError` : undefined;
    // Operation constants share their module with the runtime helpers it imports (operations-file.ts).
    const consts = new NameSet([...zodHelpers, "OperationSpec", "inBandError", "s"]);
    const types = new NameSet([...model.schemas.map((s) => s.name), "BinaryInput", "BinaryResponse"]);
    for (const op of model.operations) {
      this.constNames.set(op, consts.claim(identifier(op.typeName)));
      this.typeNames.set(op, { input: types.claim(`${op.typeName}Input`), response: types.claim(`${op.typeName}Response`) });
    }
    for (const [name, rule] of this.inheritanceBases()) this.inheritance.set(name, { ...rule, base: types.claim(`${name}Base`) });
    const pushed = this.reachable(model.webhooks.map((w) => w.schema));
    for (const name of this.directional("push")) if (pushed.has(name)) this.pushSchemas.set(name, types.claim(`${name}Push`));
    const sent = this.sentSchemas();
    const received = this.receivedSchemas();
    // A schema only ever sent is declared in its request form alone; one sent and received gets a request variant.
    for (const name of sent) if (!received.has(name)) this.sentOnly.add(name);
    for (const kind of ["types", "validation"] as const) {
      const variants = kind === "types" ? this.requestTypes : this.requestSchemas;
      for (const name of this.directional(kind)) {
        if (sent.has(name) && received.has(name)) variants.set(name, this.requestTypes.get(name) ?? types.claim(`${name}Input`));
      }
    }
    // File names must not clash on case-insensitive file systems either.
    const files = new NameSet();
    const claimFile = (builder: string) => {
      const file = files.claim(builder.toLowerCase());
      return file === builder.toLowerCase() ? builder : `${builder}_${file.slice(builder.length)}`;
    };
    for (const s of model.schemas) {
      const file = claimFile(s.name);
      this.modules.set(s.name, file);
      const base = this.inheritance.get(s.name)?.base;
      if (base) this.modules.set(base, file);
    }
    for (const variants of [this.requestSchemas, this.pushSchemas]) for (const builder of variants.values()) this.modules.set(builder, claimFile(builder));
    const namespaces = new NameSet(["in-band-errors"]);
    for (const op of model.operations) {
      const key = op.namespace.join(".");
      if (!this.operationModules.has(key)) this.operationModules.set(key, namespaces.claim(key === "" ? "client" : key));
    }
  }

  /**
   * Schemas with a discriminator and no oneOf/anyOf, and the schemas that extend them through
   * `allOf: [{ $ref: base }, …]`: a value is validated as the subtype its discriminator names.
   */
  private inheritanceBases(): Map<string, { propertyName: string; mapping: Record<string, string> }> {
    const bases = new Map<string, { propertyName: string; mapping: Record<string, string> }>();
    for (const named of this.model.schemas) {
      const schema = named.schema;
      if (typeof schema !== "object" || !schema.discriminator || schema.oneOf || schema.anyOf) continue;
      const mapping = { ...schema.discriminator.mapping };
      for (const child of this.model.schemas) {
        const extendsBase = typeof child.schema === "object" && child.schema.allOf?.some((m) => plainRef(m) === named.name);
        if (extendsBase && !Object.values(mapping).includes(child.name)) mapping[child.componentKey ?? child.name] = child.name;
      }
      delete mapping[named.componentKey ?? named.name];
      if (Object.keys(mapping).length > 0) bases.set(named.name, { propertyName: schema.discriminator.propertyName, mapping });
    }
    return bases;
  }

  /** The dispatching form of an inheritance base, or undefined for other schemas. */
  inheritanceOf(name: string): { base: string; propertyName: string; mapping: Record<string, string> } | undefined {
    return this.inheritance.get(name);
  }

  /** Named schemas that requests use: parameters and bodies, and what they refer to. */
  private sentSchemas(): Set<string> {
    return this.reachable(
      this.model.operations.flatMap((op) => {
        const inlined = this.input(op)?.bodyProperties;
        const body = inlined ? Object.values(inlined.properties) : op.body ? [op.body.schema] : [];
        return [...op.params.map((p) => p.schema), ...body];
      }),
    );
  }

  /** Named schemas the API sends: responses (success and errors), in-band error bodies and pushes. */
  private receivedSchemas(): Set<string> {
    const responses = this.model.operations.flatMap((op) => [op.success, ...op.errors].map((r) => r.schema));
    const inBand = this.model.operations.map((op) => op.inBandError?.schema);
    const roots = [...responses, ...inBand, ...this.model.webhooks.map((w) => w.schema)];
    return this.reachable(roots.filter((schema): schema is Schema => schema !== undefined));
  }

  /** Named schemas these schemas refer to, directly or not. */
  private reachable(roots: Schema[]): Set<string> {
    const found = new Set<string>();
    const visit = (schema: Schema) => {
      for (const name of refsOf(schema)) {
        if (found.has(name)) continue;
        found.add(name);
        visit(this.named(name).schema);
      }
    };
    roots.forEach(visit);
    return found;
  }

  /** Named schemas whose request form differs, directly or through the schemas they refer to. */
  private directional(kind: "types" | "validation" | "push"): Set<string> {
    const inline = (schema: Schema): boolean => directionalHere(schema, this.model.tolerant)[kind] || subschemas(schema).some(inline);
    const differs = new Set(this.model.schemas.filter((s) => inline(s.schema)).map((s) => s.name));
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of this.model.schemas) {
        if (!differs.has(s.name) && [...refsOf(s.schema)].some((ref) => differs.has(ref))) {
          differs.add(s.name);
          changed = true;
        }
      }
    }
    return differs;
  }

  /** The module under `operations/` that declares an operation: one per namespace. */
  operationModule(op: Operation): string {
    return this.operationModules.get(op.namespace.join("."))!;
  }

  /** The module under `schemas/` that declares a builder. */
  schemaModule(builder: string): string {
    return this.modules.get(builder)!;
  }

  /** The name to refer to in a request (its request variant, if it has one) or in a response. */
  typeName(name: string, direction: Direction): string {
    return direction === "request" ? (this.requestTypes.get(name) ?? name) : name;
  }

  /** The direction a named schema's own declaration is written for: requests, for a schema only requests use. */
  declaredDirection(name: string): "request" | "response" {
    return this.sentOnly.has(name) ? "request" : "response";
  }

  schemaName(name: string, direction: Direction): string {
    const variants = direction === "request" ? this.requestSchemas : direction === "push" ? this.pushSchemas : undefined;
    return variants?.get(name) ?? name;
  }

  /** Variants to declare besides each schema's response form: [schema, variant name]. */
  variants(kind: "request types" | "request schemas" | "push schemas"): [NamedSchema, string][] {
    const variants = kind === "request types" ? this.requestTypes : kind === "request schemas" ? this.requestSchemas : this.pushSchemas;
    return this.model.schemas.filter((s) => variants.has(s.name)).map((s) => [s, variants.get(s.name)!]);
  }

  named(name: string): NamedSchema {
    return this.byName.get(name)!;
  }

  /**
   * Whether a reference from `from` to `to` may close a cycle, so it must be lazy. A schema that
   * refers to itself only through another (allOf members are merged in) is in a cycle too.
   */
  cyclic(from: string, to: string): boolean {
    const component = this.component.get(from)!;
    return component === this.component.get(to) && (from !== to || this.componentSizes.get(component)! > 1 || this.selfReferencing(from));
  }

  private selfReferencing(name: string): boolean {
    return refsOf(this.named(name).schema).has(name);
  }

  /** The schema object behind plain `$ref` chains. */
  resolve = (schema: Schema): SchemaObject | undefined => followRefs(schema, (name) => this.named(name).schema);

  input(op: Operation): InputShape | undefined {
    if (!this.inputs.has(op)) this.inputs.set(op, inputShape(op, this.resolve, this.model.securitySchemes));
    return this.inputs.get(op);
  }

  /** Name of the operation's spec constant in operations.ts. */
  constName(op: Operation): string {
    return this.constNames.get(op)!;
  }

  inputType(op: Operation): string {
    return this.typeNames.get(op)!.input;
  }

  responseType(op: Operation): string {
    return this.typeNames.get(op)!.response;
  }

  /** The TS type an operation resolves to, as seen from client.ts (types under `t.`). */
  resultType(op: Operation): string {
    const success = op.success;
    if (success.kind === "binary") return "BinaryResponse";
    if (success.kind === "text") return "string";
    if (success.kind === "empty") return "void";
    if (success.schema === undefined) return "unknown";
    const ref = plainRef(success.schema);
    return ref !== undefined ? `t.${this.typeName(ref, "response")}` : `t.${this.responseType(op)}`;
  }

  /** Whether the success schema is inline and gets its own declaration in types.ts. */
  hasInlineResponse(op: Operation): boolean {
    return this.resultType(op) === `t.${this.responseType(op)}`;
  }

  /** The type of a webhook's payload: its named schema, or the declaration types.ts makes for an inline one. */
  webhookType(webhook: Webhook): string {
    return plainRef(webhook.schema) ?? `${pascalCase(webhook.name)}Push`;
  }

  inlinePayload(webhook: Webhook): boolean {
    return plainRef(webhook.schema) === undefined;
  }

  /** The constant top-level fields of a webhook's payload (`MsgType`, `Event`): how a push is routed to it. */
  webhookMatch(webhook: Webhook): Record<string, string> {
    const object = this.resolve(webhook.schema);
    const match: Record<string, string> = {};
    for (const [name, property] of Object.entries(object?.properties ?? {})) {
      const constant = pinnedValue(this.resolve(property))?.value;
      if (typeof constant === "string" || typeof constant === "number") match[name] = String(constant);
    }
    return match;
  }

  /** Whether a push receiver is generated: webhooks, delivered the way the runtime knows (`x-wxgen-push: wechat`). */
  /** Whether any security scheme is a token the client obtains itself (`x-wxgen-token`). */
  get hasTokens(): boolean {
    return this.model.securitySchemes.some((scheme) => scheme.token !== undefined);
  }

  get hasPushReceiver(): boolean {
    return this.model.pushProtocol === "wechat" && this.model.webhooks.length > 0;
  }

  namespaceClass(path: string[]): string {
    return `${pascalCase(path.join(" "))}Api`;
  }
}
