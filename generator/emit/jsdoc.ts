import type { Operation, SchemaObject, SecurityScheme } from "../model/types.js";

/** JSDoc text (without the comment delimiters) from descriptions and annotations. */
export function docText(lines: (string | undefined)[]): string | undefined {
  const text = lines
    .filter((line): line is string => line !== undefined && line.trim() !== "")
    .join("\n")
    .replace(/\*\//g, "*\\/")
    .trim();
  return text === "" ? undefined : text;
}

export function schemaDoc(schema: SchemaObject | boolean, extra: (string | undefined)[] = []): string | undefined {
  if (typeof schema !== "object") return docText(extra);
  return docText([
    schema.title && schema.description ? `${schema.title}: ${schema.description}` : (schema.description ?? schema.title),
    ...extra,
    schema.default ? `@default ${JSON.stringify(schema.default.value)}` : undefined,
    schema.deprecated ? "@deprecated" : undefined,
  ]);
}

/** A JSDoc block for inline use, one line when short. */
export function inlineDoc(text: string | undefined, indent = ""): string {
  if (!text) return "";
  if (!text.includes("\n") && text.length < 100) return `${indent}/** ${text} */\n`;
  return `${indent}/**\n${text.split("\n").map((line) => `${indent} * ${line}`.trimEnd()).join("\n")}\n${indent} */\n`;
}

/** What an operation's method doc needs besides the operation: names from the emitter. */
export interface MethodDocNames {
  /** The API's in-band error class (`WeChatApiError`), when the operation has the rule. */
  inBandClass: string | undefined;
  /** The type to link for the operation's HttpError (`t.ItemsGetHttpError`), when it documents error responses. */
  httpErrorType: string | undefined;
  /** Whether the method takes arguments (which are validated before anything is sent). */
  hasInput: boolean;
}

/**
 * A method's JSDoc: the description's words, `METHOD /path · namespace.id`, its doc page, and
 * `@throws` for each error the call can raise, as far as the description says which.
 */
export function operationDoc(op: Operation, schemes: readonly SecurityScheme[], names: MethodDocNames): string | undefined {
  return docText([
    op.summary,
    op.description && `\n${op.description}`,
    op.englishName && `\nEnglish name: ${op.englishName}`,
    `\n\`${op.httpMethod} ${op.path}\` · \`${op.id}\``,
    op.docsUrl && `@see ${op.docsUrl}`,
    ...throwsLines(op, schemes, names),
    op.deprecated ? "@deprecated" : undefined,
  ]);
}

/**
 * The API's own errors get a line each; the client's are listed on one, in the order a call meets
 * them: a WeChat client has hundreds of methods, and each class's doc says when it is thrown.
 */
function throwsLines(op: Operation, schemes: readonly SecurityScheme[], names: MethodDocNames): string[] {
  const used = op.security.flat().map((key) => schemes.find((s) => s.key === key));
  const tokens = used.some((s) => s?.token);
  const rule = op.inBandError;
  const client = [
    ...(names.hasInput ? ["RequestValidationError"] : []),
    ...(tokens || used.some((s) => s?.signature) ? ["CredentialError"] : []),
    ...(tokens ? ["TokenStoreError"] : []),
    ...(op.apiSecurity ? ["ApiSecurityError"] : []),
    "TimeoutError", "AbortError", "ConnectionError", "ResponseTooLargeError",
    ...(op.success.kind === "json" ? ["ResponseValidationError"] : []),
  ];
  return [
    ...(rule && names.inBandClass ? [`@throws {${names.inBandClass}} an error in a 2xx response (\`${rule.code}\` not ${rule.success.join(" or ")})`] : []),
    `@throws {HttpError} a non-2xx status${names.httpErrorType ? `, typed by {@link ${names.httpErrorType}}` : ""}`,
    `@throws {${client.join(" | ")}}`,
  ];
}
