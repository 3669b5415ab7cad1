import type { ApiModel, Schema, SchemaObject } from "../../generator/model/types.js";
import { followRefs, subschemas } from "../../generator/model/walk.js";

/** A schema the API sends, and where a reader finds it (`auth.code2Session response`, `push text`). */
export interface Received {
  where: string;
  schema: Schema;
}

/** What the WeChat description says WeChat sends: success and error responses, and pushes. */
export function receivedSchemas(model: ApiModel): Received[] {
  return [
    ...model.operations.flatMap((op) => [op.success, ...op.errors].filter((r) => r.schema !== undefined).map((r) => ({ where: `${op.id} response`, schema: r.schema! }))),
    ...model.webhooks.map((w) => ({ where: `push ${w.name}`, schema: w.schema })),
  ];
}

/** What the client sends: parameters and request bodies. */
export function sentSchemas(model: ApiModel): Received[] {
  return model.operations.flatMap((op) => [
    ...op.params.map((p) => ({ where: `${op.id} ${p.name}`, schema: p.schema })),
    ...(op.body ? [{ where: `${op.id} body`, schema: op.body.schema }] : []),
  ]);
}

/**
 * Every object schema reachable from the roots, each named schema once, with a label: the
 * schema's name where it has one, else the root's `where` and the path to it.
 */
export function objectSchemas(model: ApiModel, roots: Received[]): { label: string; schema: SchemaObject }[] {
  const named = new Map(model.schemas.map((s) => [s.name, s.schema]));
  const seen = new Set<string>();
  const out: { label: string; schema: SchemaObject }[] = [];
  const visit = (schema: Schema, label: string) => {
    if (typeof schema !== "object") return;
    if (schema.ref !== undefined && !seen.has(schema.ref)) {
      seen.add(schema.ref);
      visit(named.get(schema.ref)!, schema.ref);
    }
    if (schema.properties || schema.required) out.push({ label, schema });
    for (const [key, property] of Object.entries(schema.properties ?? {})) visit(property, `${label}.${key}`);
    for (const sub of subschemas(schema)) if (!Object.values(schema.properties ?? {}).includes(sub)) visit(sub, `${label}[]`);
  };
  for (const root of roots) visit(root.schema, root.where);
  return out;
}

/** The schema object behind a property (through plain `$ref`s). */
export function resolver(model: ApiModel): (schema: Schema) => SchemaObject | undefined {
  const named = new Map(model.schemas.map((s) => [s.name, s.schema]));
  return (schema) => followRefs(schema, (name) => named.get(name)!);
}
