import { inputShape, type InputShape } from "../model/inputs.js";
import type { ApiModel, NamedSchema, Operation, Schema, SchemaObject, Webhook } from "../model/types.js";
import { directionalHere, followRefs, plainRef, refsOf, subschemas } from "../model/walk.js";
import { componentsOf } from "./graph.js";

/** An allOf-inheritance base (a discriminator, no oneOf): the property it dispatches on and its subtypes by value. */
export interface Inheritance {
  propertyName: string;
  mapping: Record<string, string>;
}

/**
 * What the named schemas are to one another and to the operations: which are sent, received or
 * pushed, which differ by direction (and so need a variant), which refer to each other in cycles,
 * which dispatch to subtypes. Computed once per generation; names come after (names.ts).
 */
export class SchemaGraph {
  /** allOf-inheritance bases, in schema order. */
  readonly inheritanceBases: ReadonlyMap<string, Inheritance>;
  /** Schemas pushes carry that read differently there (text as numbers): each gets a push variant. */
  readonly pushVariants: readonly string[];
  /** Schemas sent and received whose type differs in requests (readOnly left out, JSON strings encoded). */
  readonly requestTypeVariants: readonly string[];
  /** Schemas sent and received whose validation differs in requests. */
  readonly requestSchemaVariants: readonly string[];
  private readonly byName: Map<string, NamedSchema>;
  private readonly component: Map<string, number>;
  private readonly componentSizes = new Map<number, number>();
  private readonly inputs = new Map<Operation, InputShape | undefined>();
  /** Named schemas that only requests use: declared in their request form. */
  private readonly sentOnly = new Set<string>();

  constructor(private readonly model: ApiModel) {
    this.byName = new Map(model.schemas.map((s) => [s.name, s]));
    this.component = componentsOf(model.schemas);
    for (const id of this.component.values()) this.componentSizes.set(id, (this.componentSizes.get(id) ?? 0) + 1);
    this.inheritanceBases = this.findInheritanceBases();
    const pushed = this.reachable(model.webhooks.map((w) => w.schema));
    this.pushVariants = [...this.directional("push")].filter((name) => pushed.has(name));
    const sent = this.sentSchemas();
    const received = this.receivedSchemas();
    // A schema only ever sent is declared in its request form alone; one sent and received gets a request variant.
    for (const name of sent) if (!received.has(name)) this.sentOnly.add(name);
    const both = (name: string) => sent.has(name) && received.has(name);
    this.requestTypeVariants = [...this.directional("types")].filter(both);
    this.requestSchemaVariants = [...this.directional("validation")].filter(both);
  }

  named(name: string): NamedSchema {
    return this.byName.get(name)!;
  }

  /** The schema object behind plain `$ref` chains. */
  resolve = (schema: Schema): SchemaObject | undefined => followRefs(schema, (name) => this.named(name).schema);

  /** What the caller passes to an operation. */
  input(op: Operation): InputShape | undefined {
    if (!this.inputs.has(op)) this.inputs.set(op, inputShape(op, this.resolve, this.model.securitySchemes));
    return this.inputs.get(op);
  }

  /** The direction a named schema's own declaration is written for: requests, for a schema only requests use. */
  declaredDirection(name: string): "request" | "response" {
    return this.sentOnly.has(name) ? "request" : "response";
  }

  /** Whether a webhook's payload is inline (not a named schema), so types.ts declares a type for it. */
  inlinePayload(webhook: Webhook): boolean {
    return plainRef(webhook.schema) === undefined;
  }

  /** Whether a webhook documents a reply that is inline (not a named schema), so types.ts declares a type for it. */
  inlineReply(webhook: Webhook): boolean {
    return webhook.reply !== undefined && plainRef(webhook.reply.schema) === undefined;
  }

  /**
   * Whether a reference from `from` to `to` may close a cycle, so it must be lazy. A schema that
   * refers to itself only through another (allOf members are merged in) is in a cycle too.
   */
  cyclic(from: string, to: string): boolean {
    const component = this.component.get(from)!;
    return component === this.component.get(to) && (from !== to || this.componentSizes.get(component)! > 1 || refsOf(this.named(from).schema).has(from));
  }

  /**
   * Schemas with a discriminator and no oneOf/anyOf, and the schemas that extend them through
   * `allOf: [{ $ref: base }, …]`: a value is validated as the subtype its discriminator names.
   */
  private findInheritanceBases(): Map<string, Inheritance> {
    const bases = new Map<string, Inheritance>();
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

  /** Named schemas that requests use: parameters and bodies, and what they refer to. */
  private sentSchemas(): Set<string> {
    const requests = this.model.operations.flatMap((op) => {
      const inlined = this.input(op)?.bodyProperties;
      const body = inlined ? Object.values(inlined.properties) : op.body ? [op.body.schema] : [];
      return [...op.params.map((p) => p.schema), ...body];
    });
    // A push's passive reply is sent too: its type is exact, as a request's is.
    const replies = this.model.webhooks.flatMap((w) => (w.reply ? [w.reply.schema] : []));
    return this.reachable([...requests, ...replies]);
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

  /** Named schemas whose form differs in this direction, directly or through the schemas they refer to. */
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
}
