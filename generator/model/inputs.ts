import type { Operation, Parameter, Schema, SchemaObject, SecurityScheme } from "./types.js";

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
  /** Signing keys passed per call (`x-wxgen-signature` with `key.argument`); required when every security alternative signs with them. */
  keys: { name: string; description?: string; required: boolean }[];
  /** Whether the caller must pass an input object at all. */
  required: boolean;
}

export function inputShape(op: Operation, resolve: (schema: Schema) => SchemaObject | undefined, schemes: SecurityScheme[]): InputShape | undefined {
  const body = op.body;
  const keys = keyArguments(op, schemes);
  if (op.params.length === 0 && !body && keys.length === 0) return undefined;
  const shape: InputShape = { params: op.params.map(callerParameter), bodyRequired: body?.required ?? false, keys, required: op.params.some((p) => p.required) || keys.some((k) => k.required) };
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

function keyArguments(op: Operation, schemes: SecurityScheme[]): InputShape["keys"] {
  const signing = (alternative: string[]) => alternative.map((key) => schemes.find((s) => s.key === key)?.signature).filter((rule) => rule?.keyArgument);
  const keys = new Map<string, InputShape["keys"][number]>();
  for (const rule of op.security.flatMap(signing)) {
    const name = rule!.keyArgument!;
    const required = op.security.every((alternative) => signing(alternative).some((r) => r!.keyArgument === name));
    keys.set(name, { name, required, ...(rule!.keyDescription ? { description: rule!.keyDescription } : {}) });
  }
  return [...keys.values()];
}
