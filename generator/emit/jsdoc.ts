import type { SchemaObject } from "../model/types.js";

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
