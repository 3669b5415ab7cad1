import { StructureKind, type ClassDeclarationStructure } from "ts-morph";
import type { EmitContext } from "../context.js";
import { FileImports } from "../imports.js";
import { printFile } from "../print.js";

/** errors.ts: the API's in-band error class, with the API's own names for code, message and request id. */
export function errorsFile(ctx: EmitContext): string | undefined {
  const rule = ctx.model.operations.find((op) => op.inBandError)?.inBandError;
  if (!ctx.errorClass || !rule) return undefined;
  const getters = [
    { name: rule.code, returnType: "number", doc: "The error code.", body: "this.code" },
    { name: rule.message, returnType: "string", doc: "The error message as the API sent it.", body: "this.detail" },
    ...(rule.requestId ? [{ name: rule.requestId.name, returnType: "string | undefined", doc: `Request id parsed from \`${rule.requestId.field}\`, to quote to support.`, body: "this.requestId" }] : []),
  ].filter((g) => !["code", "detail", "requestId", "meaning", "body", "operation", "message", "name"].includes(g.name));
  const imports = new FileImports("./");
  const errorClass: ClassDeclarationStructure = {
    kind: StructureKind.Class,
    name: ctx.errorClass,
    isExported: true,
    extends: imports.runtime("InBandApiError"),
    docs: [`An error the API reported inside a successful HTTP response (\`{ ${rule.code}, ${rule.message} }\`).`],
    properties: [{ name: "name", hasOverrideKeyword: true, initializer: JSON.stringify(ctx.errorClass) }],
    getAccessors: getters.map((g) => ({ name: g.name, returnType: g.returnType, docs: [g.doc], statements: [`return ${g.body};`] })),
  };
  return printFile(ctx.model.source, imports.specs(), [errorClass]);
}
