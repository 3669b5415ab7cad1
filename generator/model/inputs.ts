import type { Operation, Parameter, Schema, SchemaObject } from "./types.js";

/**
 * What a caller passes to an operation: its parameters and its body, in one object. An
 * object-shaped body is spread among the parameters; any other body goes under `body`.
 */
export interface InputShape {
  params: Parameter[];
  /** Flattened body whose properties are listed one by one (a plain object, minus what the client fills). */
  bodyProperties?: { properties: Record<string, Schema>; required: string[]; source: SchemaObject };
  /** Flattened body used whole (a named or union type). */
  bodyWhole?: Schema;
  /** Body passed as `body`. */
  bodyKey?: Schema;
  bodyRequired: boolean;
  /** Whether the caller must pass an input object at all. */
  required: boolean;
}

export function inputShape(op: Operation, resolve: (schema: Schema) => SchemaObject | undefined): InputShape | undefined {
  const body = op.body;
  if (op.params.length === 0 && !body) return undefined;
  const shape: InputShape = { params: op.params.map(callerParameter), bodyRequired: body?.required ?? false, required: op.params.some((p) => p.required) };
  if (!body) return shape;
  if (!body.flatten) {
    shape.bodyKey = body.schema;
    shape.required ||= body.required;
    return shape;
  }
  const object = resolve(body.schema);
  const omit = new Set(body.omit ?? []);
  const plain = object?.properties && !object.ref && !object.allOf && !object.anyOf && !object.oneOf;
  if (plain && (omit.size > 0 || (typeof body.schema === "object" && body.schema.ref === undefined))) {
    const properties = Object.fromEntries(Object.entries(object!.properties!).filter(([name]) => !omit.has(name)));
    const required = (object.required ?? []).filter((name) => !omit.has(name) && name in properties);
    shape.bodyProperties = { properties, required, source: object! };
    shape.required ||= body.required && required.length > 0;
  } else {
    shape.bodyWhole = body.schema;
    shape.required ||= body.required;
  }
  return shape;
}

/** A derived parameter is asked of the caller as its secret input: `signature` becomes `sessionKey`. */
function callerParameter(param: Parameter): Parameter {
  if (!param.derived) return param;
  const derived = param.derived;
  const description = derived.description ?? `The client sends ${param.name} = hmac_${derived.hmac}(${derived.from}, ${JSON.stringify(derived.message)}) instead; ${derived.from} itself never leaves the process.`;
  return { name: derived.from, in: param.in, required: param.required, style: param.style, explode: param.explode, schema: { type: ["string"], minLength: 1 }, description };
}
