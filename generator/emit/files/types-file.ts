import { validatedErrors } from "../../model/operations.js";
import type { Operation, Parameter } from "../../model/types.js";
import type { EmitContext } from "../context.js";
import { FileImports } from "../imports.js";
import { httpErrorNames } from "../names.js";
import { docText, inlineDoc, schemaDoc } from "../jsdoc.js";
import { printFile } from "../print.js";
import { aliasText, declarationOf, interfaceText, typeOf, type Member, type TypeContext } from "../typescript.js";
import { propertyKey } from "../../model/naming.js";

/** types.ts: an interface or type alias per schema, and the input/response types of each operation. */
export function typesFile(ctx: EmitContext): string {
  const tolerant = ctx.model.tolerant;
  const imports = new FileImports("./");
  const binaryInput = () => imports.runtime("BinaryInput");
  const response: TypeContext = { ref: (name) => ctx.names.typeName(name, "response"), direction: "response", tolerant, binaryInput };
  const request: TypeContext = { ref: (name) => ctx.names.typeName(name, "request"), direction: "request", tolerant, binaryInput };
  const declarations: string[] = ctx.model.schemas.map((s) =>
    declarationOf(s.name, s.schema, ctx.graph.declaredDirection(s.name) === "request" ? request : response, [s.componentKey !== undefined && s.componentKey !== s.name ? `Schema \`${s.componentKey}\`.` : undefined]),
  );
  const requestTypes = ctx.names.variants("request types");
  for (const schema of ctx.model.schemas.filter((s) => requestTypes.has(s.name))) {
    declarations.push(declarationOf(requestTypes.get(schema.name)!, schema.schema, request, [`\`${schema.name}\` as sent in requests (no readOnly properties).`]));
  }
  for (const webhook of ctx.model.webhooks.filter((w) => ctx.graph.inlinePayload(w))) {
    declarations.push(declarationOf(ctx.webhookType(webhook), webhook.schema, response, [`Payload of the \`${webhook.name}\` push.`]));
  }
  for (const webhook of ctx.model.webhooks.filter((w) => ctx.graph.inlineReply(w))) {
    declarations.push(declarationOf(ctx.replyType(webhook)!, webhook.reply!.schema, request, [`Reply to the \`${webhook.name}\` push (sync mode).`]));
  }
  for (const op of ctx.model.operations) {
    const input = inputDeclaration(op, ctx, request);
    if (input) declarations.push(input);
    if (ctx.hasInlineResponse(op)) {
      declarations.push(declarationOf(ctx.responseType(op), op.success.schema!, response, [`Response of \`${op.id}\`.`]));
    }
  }
  declarations.push(...httpErrorDeclarations(ctx, response, imports));
  return printFile(ctx.model.source, imports.specs(), [declarations.join("\n")]);
}

/**
 * `<Op>HttpError` for each operation that documents JSON error responses: one member per response,
 * told apart by `documented` (the runtime sets it to the response the body matched), and the
 * undocumented rest; then the map by operation id that `HttpErrorOf` and errors.ts's guard read.
 */
function httpErrorDeclarations(ctx: EmitContext, response: TypeContext, imports: FileImports): string[] {
  const http = imports.errorTypes();
  const undocumented = `${http}.UndocumentedHttpError`;
  const declarations = ctx.model.operations.flatMap((op) => {
    const name = ctx.names.httpErrorType(op);
    if (name === undefined) return [];
    const members = validatedErrors(op).map((e) => {
      const status = /^\d+$/.test(e.status) ? ` readonly status: ${e.status};` : "";
      return `(${http}.HttpError & { readonly documented: ${JSON.stringify(e.status)};${status} readonly body: ${typeOf(e.schema!, response).replace(/\n/g, "\n  ")} })`;
    });
    const doc = `An HttpError of \`${op.id}\`: \`documented\` tells which of its documented error responses (${validatedErrors(op).map((e) => e.status).join(", ")}) \`body\` is.`;
    return [`${inlineDoc(doc)}export type ${name} =\n${[...members, undocumented].map((m) => `  | ${m}`).join("\n")};\n`];
  });
  const entries = ctx.model.operations.map((op) => `  ${JSON.stringify(op.id)}: ${ctx.names.httpErrorType(op) ?? undocumented};`);
  const { map, lookup } = httpErrorNames;
  return [
    ...declarations,
    `/** Each operation's HttpError, by operation id (read with \`${lookup}<"${ctx.model.operations[0]?.id ?? "id"}">\`). */\nexport interface ${map} {\n${entries.join("\n")}\n}\n`,
    `/** The HttpError an operation throws, typed by the error responses the description documents for it. */\nexport type ${lookup}<Id extends keyof ${map}> = ${map}[Id];\n`,
  ];
}

function inputDeclaration(op: Operation, ctx: EmitContext, types: TypeContext): string | undefined {
  const shape = ctx.input(op);
  if (!shape) return undefined;
  const name = ctx.inputType(op);
  const doc = docText([`Arguments of \`${op.id}\`${op.summary ? ` (${op.summary})` : ""}.`]);
  const members: Member[] = shape.params.map((p) => paramMember(p, types));
  if (shape.bodyProperties) {
    const required = new Set(shape.bodyProperties.required);
    for (const [key, schema] of Object.entries(shape.bodyProperties.properties)) {
      members.push({ name: propertyKey(key), type: typeOf(schema, types), hasQuestionToken: !required.has(key), docs: schemaDoc(schema) });
    }
  }
  for (const key of shape.keys) {
    members.push({ name: propertyKey(key.name), type: "string", hasQuestionToken: !key.required, docs: docText([key.description, "Signing key: never sent, only used to sign the request."]) });
  }
  if (shape.bodyKey !== undefined) {
    members.push({ name: "body", type: typeOf(shape.bodyKey, types), hasQuestionToken: !shape.bodyRequired, docs: op.body?.description });
  }
  if (shape.bodyWhole === undefined) return interfaceText(name, doc, members);
  const whole = typeOf(shape.bodyWhole, types);
  if (members.length === 0) return aliasText(name, doc, whole);
  return aliasText(name, doc, `${inlineMembers(members)} & (${whole})`);
}

function paramMember(param: Parameter, types: TypeContext): Member {
  return {
    name: propertyKey(param.name),
    type: typeOf(param.schema, types),
    hasQuestionToken: !param.required,
    docs: docText([param.description, param.deprecated ? "@deprecated" : undefined]),
  };
}

function inlineMembers(members: Member[]): string {
  return `{ ${members.map((m) => `${m.name}${m.hasQuestionToken ? "?" : ""}: ${m.type};`).join(" ")} }`;
}
