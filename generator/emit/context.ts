import { identifier, NameSet, pascalCase } from "../model/naming.js";
import type { ApiModel, NamedSchema, Operation, Schema, SchemaObject } from "../model/types.js";
import { refsOf } from "../model/walk.js";
import { componentsOf } from "./graph.js";
import { inputShape, type InputShape } from "./inputs.js";

/** Facts every file emitter needs, computed once per generation. */
export class EmitContext {
  readonly clientClass: string;
  readonly errorClass: string | undefined;
  private readonly byName: Map<string, NamedSchema>;
  private readonly component: Map<string, number>;
  private readonly inputs = new Map<Operation, InputShape | undefined>();
  private readonly constNames = new Map<Operation, string>();
  private readonly typeNames = new Map<Operation, { input: string; response: string }>();

  constructor(readonly model: ApiModel) {
    this.byName = new Map(model.schemas.map((s) => [s.name, s]));
    this.component = componentsOf(model.schemas);
    this.clientClass = `${model.clientName}Client`;
    const hasInBand = model.operations.some((op) => op.inBandError);
    this.errorClass = hasInBand ? `${model.clientName}ApiError` : undefined;
    const consts = new NameSet(["inBandError", "z", "lazy", "discriminated", "binaryInput", "s"]);
    const types = new NameSet([...model.schemas.map((s) => s.name), "BinaryInput", "BinaryResponse"]);
    for (const op of model.operations) {
      this.constNames.set(op, consts.claim(identifier(op.typeName)));
      this.typeNames.set(op, { input: types.claim(`${op.typeName}Input`), response: types.claim(`${op.typeName}Response`) });
    }
  }

  named(name: string): NamedSchema {
    return this.byName.get(name)!;
  }

  /** Whether a reference from `from` to `to` closes a cycle, so it must be lazy. */
  cyclic(from: string, to: string): boolean {
    return this.component.get(from) === this.component.get(to) && (from !== to || this.selfReferencing(from));
  }

  private selfReferencing(name: string): boolean {
    return refsOf(this.named(name).schema).has(name);
  }

  /** The schema object behind plain `$ref` chains. */
  resolve = (schema: Schema): SchemaObject | undefined => {
    let current = schema;
    for (let hops = 0; typeof current === "object" && current.ref !== undefined && Object.keys(current).length === 1 && hops < 64; hops++) {
      current = this.named(current.ref).schema;
    }
    return typeof current === "object" ? current : undefined;
  };

  input(op: Operation): InputShape | undefined {
    if (!this.inputs.has(op)) this.inputs.set(op, inputShape(op, this.resolve));
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
    const schema = success.schema;
    return typeof schema === "object" && schema.ref !== undefined && Object.keys(schema).length === 1 ? `t.${schema.ref}` : `t.${this.responseType(op)}`;
  }

  /** Whether the success schema is inline and gets its own declaration in types.ts. */
  hasInlineResponse(op: Operation): boolean {
    return this.resultType(op) === `t.${this.responseType(op)}`;
  }

  namespaceClass(path: string[]): string {
    return `${pascalCase(path.join(" "))}Api`;
  }
}
