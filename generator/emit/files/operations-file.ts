import { groupBy } from "../../group-by.js";
import { objectKey } from "../../model/naming.js";
import { validatedErrors } from "../../model/operations.js";
import type { InBandErrorRule, Operation, ResponseShape, Schema, SchemaObject } from "../../model/types.js";
import { passwordProperties } from "../../model/walk.js";
import type { EmitContext } from "../context.js";
import { FileImports } from "../imports.js";
import { SchemaImports } from "../schema-imports.js";
import { docText, inlineDoc } from "../jsdoc.js";
import { Code, literalOf, printFile } from "../print.js";
import { zodOf, type ZodContext } from "../zod.js";

/**
 * operations/<namespace>.ts: what the core needs to know about each operation, as plain data plus
 * lazy schemas; one module per namespace, loaded on the namespace's first call.
 */
export function operationModules(ctx: EmitContext): [string, string][] {
  const modules = groupBy(ctx.model.operations, (op) => ctx.operationModule(op));
  const files: [string, string][] = [...modules].map(([module, operations]) => {
    const imports = new FileImports("../");
    const schemas = new SchemaImports(ctx, imports, "../schemas/");
    const zod = { request: schemas.zod("request"), response: schemas.zod("response") };
    const statements = operations.map((op) => {
      const spec = literalOf(operationSpec(op, ctx, imports, zod));
      return constant(ctx.constName(op), imports.runtime("OperationSpec"), spec, docText([op.summary ? `${op.id}: ${op.summary}` : op.id]));
    });
    return [`operations/${module}.ts`, printFile(ctx.model.source, imports.specs(), [statements.join("\n")], { skipCheck: true })];
  });
  const rules = ctx.names.inBandErrorRules();
  if (rules.size > 0) {
    const imports = new FileImports("../");
    const statements = [...rules].map(([rule, name]) => constant(name, imports.runtime("InBandErrorSpec"), literalOf(inBandSpec(rule)), "`x-wxgen-in-band-error`: errors reported inside successful responses."));
    files.push(["operations/in-band-errors.ts", printFile(ctx.model.source, imports.specs(), [statements.join("\n")])]);
  }
  return files;
}

/** Written as text: ts-morph would hang-indent a multi-line initializer. */
function constant(name: string, type: string, initializer: string, doc: string | undefined): string {
  return `${inlineDoc(doc)}export const ${name}: ${type} = ${initializer};\n`;
}

function inBandSpec(rule: InBandErrorRule): object {
  return {
    code: rule.code,
    message: rule.message,
    success: rule.success,
    requestId: rule.requestId && { field: rule.requestId.field, pattern: rule.requestId.pattern },
    codes: Object.keys(rule.codes).length > 0 ? rule.codes : undefined,
  };
}

interface Contexts {
  request: ZodContext;
  response: ZodContext;
}

function operationSpec(op: Operation, ctx: EmitContext, imports: FileImports, zod: Contexts): object {
  const shape = ctx.input(op);
  const params = op.params.map((p) => ({
    name: p.name,
    in: p.in,
    style: p.style === (p.in === "query" || p.in === "cookie" ? "form" : "simple") ? undefined : p.style,
    explode: p.explode === (p.style === "form") ? undefined : p.explode,
  }));
  return {
    id: op.id,
    method: op.httpMethod,
    path: op.path,
    params: params.length > 0 ? params : undefined,
    paramsSchema: op.params.length > 0 ? lazyCode(paramsZod(op, zod.request), zod.request) : undefined,
    body: op.body && {
      encoding: op.body.encoding,
      contentType: op.body.contentType,
      required: op.body.required,
      flatten: op.body.flatten,
      schema: schemaThunk(shape?.bodyProperties ? bodyPropertiesZod(shape.bodyProperties, zod.request) : zodOf(op.body.schema, zod.request), zod.request),
    },
    fills: op.fills.length > 0 ? op.fills : undefined,
    security: op.security.length > 0 ? op.security : undefined,
    credentialsIn: op.credentialsIn,
    response: responseSpec(op.success, zod.response),
    errors: errorSchemas(op, zod.response),
    inBandError: op.inBandError && new Code(imports.local("./in-band-errors.js", ctx.names.inBandErrorName(op.inBandError))),
    errorCodes: Object.keys(op.errorCodes).length > 0 ? op.errorCodes : undefined,
    retryableCodes: op.inBandError && op.retryableCodes.length > 0 ? op.retryableCodes : undefined,
    idempotent: op.idempotent,
    secretFields: secretFields(op, ctx),
    derived: derivedSpecs(op),
    apiSecurity: op.apiSecurity || undefined,
  };
}

function paramsZod(op: Operation, zod: ZodContext): string {
  const entries = op.params.map((p) => `${objectKey(p.name)}: ${zodOf(p.schema, zod)}${p.required ? "" : ".optional()"}`);
  return `${zod.helper("z")}.object({ ${entries.join(", ")} })`;
}

function bodyPropertiesZod(body: { properties: Record<string, Schema>; required: string[]; source: SchemaObject }, zod: ZodContext): string {
  const object: SchemaObject = { type: ["object"], properties: body.properties, required: body.required };
  if (body.source.additionalProperties !== undefined) object.additionalProperties = body.source.additionalProperties;
  return zodOf(object, zod);
}

/** A direct reference to a named schema's builder, or a lazy inline schema. */
export function schemaThunk(expression: string, zod: ZodContext): Code {
  const direct = /^([\p{L}_$][\p{L}\p{N}_$]*)\(\)$/u.exec(expression);
  return direct ? new Code(direct[1]!) : lazyCode(expression, zod);
}

function lazyCode(expression: string, zod: ZodContext): Code {
  return new Code(`${zod.helper("lazy")}(() => ${expression})`);
}

function responseSpec(response: ResponseShape, zod: ZodContext): object {
  return { kind: response.kind, schema: response.schema === undefined ? undefined : schemaThunk(zodOf(response.schema, zod), zod) };
}

function errorSchemas(op: Operation, zod: ZodContext): object | undefined {
  const documented = validatedErrors(op);
  if (documented.length === 0) return undefined;
  return Object.fromEntries(documented.map((e) => [e.status, schemaThunk(zodOf(e.schema!, zod), zod)]));
}

/** Secrets in the answer, kept out of error reports: the token a token issuer returns, `format: password` properties. */
function secretFields(op: Operation, ctx: EmitContext): string[] | undefined {
  const tokens = ctx.model.securitySchemes.filter((s) => s.token && Object.values(s.token.modes).includes(op.id)).map((s) => s.token!.tokenField);
  const passwords = op.success.schema === undefined ? [] : [...passwordProperties(op.success.schema, (name) => ctx.graph.named(name).schema)].sort();
  const fields = [...new Set([...tokens, ...passwords])];
  return fields.length > 0 ? fields : undefined;
}

function derivedSpecs(op: Operation): object[] | undefined {
  const specs = op.params.flatMap((p) => (p.derived ? [{ name: p.name, from: p.derived.from, hmac: p.derived.hmac, message: p.derived.message, encoding: p.derived.encoding }] : []));
  return specs.length > 0 ? specs : undefined;
}
