import { StructureKind, type ClassDeclarationStructure } from "ts-morph";
import type { EmitContext } from "../context.js";
import { FileImports } from "../imports.js";
import { httpErrorNames } from "../names.js";
import { printFile, type Statement } from "../print.js";

/**
 * errors.ts: the guard that types HttpError by operation and, for APIs with in-band errors, the
 * API's error class, with the API's own names for code, message and request id.
 */
export function errorsFile(ctx: EmitContext): string {
  const imports = new FileImports("./");
  const statements: Statement[] = [httpErrorGuard(imports)];
  const errorClass = inBandErrorClass(ctx, imports);
  if (errorClass) statements.push(errorClass);
  return printFile(ctx.model.source, imports.specs(), statements);
}

function httpErrorGuard(imports: FileImports): string {
  const { map, guard } = httpErrorNames;
  const types = `${imports.types()}.${map}`;
  return `/**
 * Whether \`error\` is an HttpError of \`operation\`, typed by the error responses the description
 * documents for it: after \`error.documented === "404"\`, \`error.body\` has that response's type.
 */
export function ${guard}<Id extends keyof ${types}>(error: unknown, operation: Id): error is ${types}[Id] {
  return error instanceof ${imports.runtime("HttpError")} && error.operation === operation;
}`;
}

function inBandErrorClass(ctx: EmitContext, imports: FileImports): ClassDeclarationStructure | undefined {
  const rule = ctx.model.operations.find((op) => op.inBandError)?.inBandError;
  if (!ctx.errorClass || !rule) return undefined;
  const getters = [
    { name: rule.code, returnType: "number", doc: "The error code.", body: "this.code" },
    { name: rule.message, returnType: "string", doc: "The error message as the API sent it.", body: "this.detail" },
    ...(rule.requestId ? [{ name: rule.requestId.name, returnType: "string | undefined", doc: `Request id parsed from \`${rule.requestId.field}\`, to quote to support.`, body: "this.requestId" }] : []),
  ].filter((g) => !["code", "detail", "requestId", "meaning", "body", "operation", "message", "name"].includes(g.name));
  return {
    kind: StructureKind.Class,
    name: ctx.errorClass,
    isExported: true,
    extends: imports.runtime("InBandApiError"),
    docs: [`An error the API reported inside a successful HTTP response (\`{ ${rule.code}, ${rule.message} }\`).`],
    properties: [{ name: "name", hasOverrideKeyword: true, initializer: JSON.stringify(ctx.errorClass) }],
    getAccessors: getters.map((g) => ({ name: g.name, returnType: g.returnType, docs: [g.doc], statements: [`return ${g.body};`] })),
  };
}
