import type { ApiModel, Operation, Schema, SchemaObject } from "./model/types.js";
import { inputShape } from "./model/inputs.js";
import { followRefs, listedValues, plainRef } from "./model/walk.js";

/**
 * What changed between two versions of a description, operation by operation, and which changes
 * break existing callers: a removed operation or field, a new required argument, a narrowed
 * argument type, a response field that is gone, optional or of another type, a changed enum.
 */

export interface Change {
  /** Where: `auth.code2Session › arguments.js_code`. */
  where: string;
  what: string;
  breaking: boolean;
}

export interface DiffReport {
  added: Operation[];
  removed: Operation[];
  changes: Change[];
}

type Direction = "request" | "response";

export function diffModels(before: ApiModel, after: ApiModel): DiffReport {
  const byId = (model: ApiModel) => new Map(model.operations.map((op) => [op.id, op]));
  const [old, next] = [byId(before), byId(after)];
  const report: DiffReport = { added: [], removed: [], changes: [] };
  for (const [id, op] of next) if (!old.has(id)) report.added.push(op);
  for (const [id, op] of old) {
    const now = next.get(id);
    if (!now) {
      report.removed.push(op);
      report.changes.push({ where: id, what: `operation removed (${op.httpMethod} ${op.path})`, breaking: true });
    } else compareOperation(op, now, new Comparer(before, after, report.changes));
  }
  return report;
}

function compareOperation(before: Operation, after: Operation, c: Comparer): void {
  const at = before.id;
  if (before.httpMethod !== after.httpMethod || before.path !== after.path) {
    c.add(at, `now ${after.httpMethod} ${after.path} (was ${before.httpMethod} ${before.path})`, false);
  }
  c.compare(argumentsOf(before, c.before), argumentsOf(after, c.after), "request", `${at} › arguments`);
  c.compare(before.success.schema ?? true, after.success.schema ?? true, "response", `${at} › response`);
  if (before.success.kind !== after.success.kind) c.add(`${at} › response`, `now ${after.success.kind} (was ${before.success.kind})`, true);
}

/** What a caller passes, as one object: parameters, and the body spread among them or under `body`, as the call is written. */
function argumentsOf(op: Operation, model: ApiModel): SchemaObject {
  const named = new Map(model.schemas.map((s) => [s.name, s.schema]));
  const resolve = (schema: Schema) => followRefs(schema, (name) => named.get(name)!);
  const shape = inputShape(op, resolve, model.securitySchemes);
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const p of shape?.params ?? []) {
    properties[p.name] = p.schema;
    if (p.required) required.push(p.name);
  }
  // A signing key argument is an argument like any other: a new required one breaks callers.
  for (const key of shape?.keys ?? []) {
    properties[key.name] = { type: ["string"] };
    if (key.required) required.push(key.name);
  }
  const spread = shape?.bodyProperties ?? (shape?.bodyWhole !== undefined ? plainObjectOf(resolve(shape.bodyWhole)) : undefined);
  if (spread) {
    Object.assign(properties, spread.properties);
    if (shape!.bodyRequired) required.push(...spread.required);
  } else if (op.body) {
    properties.body = op.body.schema;
    if (op.body.required) required.push("body");
  }
  return { type: ["object"], properties, required };
}

/** The properties of a body used whole, when it is a plain object. */
function plainObjectOf(object: SchemaObject | undefined): { properties: Record<string, Schema>; required: string[] } | undefined {
  if (!object?.properties || object.allOf || object.anyOf || object.oneOf) return undefined;
  return { properties: object.properties, required: object.required ?? [] };
}

class Comparer {
  private readonly seen = new Set<string>();
  constructor(
    readonly before: ApiModel,
    readonly after: ApiModel,
    private readonly changes: Change[],
  ) {}

  add(where: string, what: string, breaking: boolean): void {
    this.changes.push({ where, what, breaking });
  }

  compare(oldSchema: Schema, newSchema: Schema, direction: Direction, where: string): void {
    const [a, b] = [this.resolve(oldSchema, this.before), this.resolve(newSchema, this.after)];
    const key = `${direction}:${JSON.stringify(a.ref ?? a)}:${JSON.stringify(b.ref ?? b)}:${where}`;
    if (this.seen.has(key) || where.split(".").length > 12) return;
    this.seen.add(key);
    this.types(a.schema, b.schema, direction, where);
    this.values(a.schema, b.schema, direction, where);
    this.properties(a.schema, b.schema, direction, where);
    const [oldItems, newItems] = [typeof a.schema === "object" ? a.schema.items : undefined, typeof b.schema === "object" ? b.schema.items : undefined];
    if (oldItems !== undefined && newItems !== undefined) this.compare(oldItems, newItems, direction, `${where}[]`);
  }

  private types(a: Schema, b: Schema, direction: Direction, where: string): void {
    const [oldTypes, newTypes] = [typesOf(a), typesOf(b)];
    if (oldTypes === undefined || newTypes === undefined || sameSet(oldTypes, newTypes)) return;
    // Requests break when a type is no longer accepted; responses when a new one may arrive.
    const narrowed = [...oldTypes].some((t) => !newTypes.has(t) && !(t === "integer" && newTypes.has("number")));
    const widened = [...newTypes].some((t) => !oldTypes.has(t) && !(t === "integer" && oldTypes.has("number")));
    const breaking = direction === "request" ? narrowed : widened;
    this.add(where, `type ${[...oldTypes].join("|")} → ${[...newTypes].join("|")}`, breaking);
  }

  private values(a: Schema, b: Schema, direction: Direction, where: string): void {
    const [oldValues, newValues] = [valuesOf(a), valuesOf(b)];
    if (!oldValues && !newValues) return;
    if (!oldValues || !newValues) return this.add(where, newValues ? "now restricted to listed values" : "no longer restricted to listed values", direction === "request" ? !oldValues : !newValues);
    const removed = oldValues.filter((v) => !newValues.includes(v));
    const added = newValues.filter((v) => !oldValues.includes(v));
    if (removed.length === 0 && added.length === 0) return;
    const text = [added.length ? `added ${added.join(", ")}` : "", removed.length ? `removed ${removed.join(", ")}` : ""].filter(Boolean).join("; ");
    this.add(where, `enum changed: ${text}`, direction === "request" ? removed.length > 0 : added.length > 0);
  }

  private properties(a: Schema, b: Schema, direction: Direction, where: string): void {
    if (typeof a !== "object" || typeof b !== "object" || !a.properties || !b.properties) return;
    const [oldRequired, newRequired] = [new Set(a.required ?? []), new Set(b.required ?? [])];
    for (const [name, schema] of Object.entries(b.properties)) {
      const old = a.properties[name];
      if (old === undefined) {
        const required = newRequired.has(name);
        this.add(`${where}.${name}`, required ? "added, required" : "added", direction === "request" && required);
        continue;
      }
      if (oldRequired.has(name) !== newRequired.has(name)) {
        const nowRequired = newRequired.has(name);
        // A caller must now pass it; a reader can no longer count on it.
        this.add(`${where}.${name}`, nowRequired ? "now required" : "now optional", direction === "request" ? nowRequired : !nowRequired);
      }
      this.compare(old, schema, direction, `${where}.${name}`);
    }
    for (const name of Object.keys(a.properties)) {
      if (!(name in b.properties)) this.add(`${where}.${name}`, "removed", true);
    }
  }

  private resolve(schema: Schema, model: ApiModel): { schema: Schema; ref?: string } {
    let current = schema;
    let ref: string | undefined;
    for (let hops = 0, next = plainRef(current); next !== undefined && hops < 64; hops++, next = plainRef(current)) {
      ref = next;
      current = model.schemas.find((s) => s.name === next)?.schema ?? true;
    }
    return ref === undefined ? { schema: current } : { schema: current, ref };
  }
}

function typesOf(schema: Schema): Set<string> | undefined {
  return typeof schema === "object" && schema.type ? new Set(schema.type) : undefined;
}

function valuesOf(schema: Schema): string[] | undefined {
  return typeof schema === "object" ? listedValues(schema)?.map((v) => JSON.stringify(v)) : undefined;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

export function diffReport(report: DiffReport, before: string, after: string): string {
  const breaking = report.changes.filter((c) => c.breaking);
  const lines = [`${before} → ${after}: ${report.added.length} operations added, ${report.removed.length} removed, ${report.changes.length} changes (${breaking.length} breaking)`];
  for (const op of report.added) lines.push(`  + ${op.id}  ${op.httpMethod} ${op.path}`);
  for (const change of report.changes) lines.push(`  ${change.breaking ? "BREAKING" : "        "} ${change.where}: ${change.what}`);
  return lines.join("\n");
}
