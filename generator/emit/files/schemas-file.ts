import { propertyKey } from "../../model/naming.js";
import type { EmitContext } from "../context.js";
import { printFile, type Statement } from "../print.js";
import { zodOf, type ZodContext } from "../zod.js";

export const runtimeSchemaHelpers = ["binaryInput", "discriminated", "lazy"];

/**
 * schemas.ts: one lazily built zod schema per named schema, typed by its interface in types.ts,
 * and `schemas`, the components by their names in the description.
 */
export function schemasFile(ctx: EmitContext): string {
  // Written as text: ts-morph would hang-indent multi-line initializers.
  const statements: Statement[] = ctx.model.schemas.map((named) => {
    const zod: ZodContext = {
      ref: (name) => (ctx.cyclic(named.name, name) ? `z.lazy(() => ${name}())` : `${name}()`),
      builder: (name) => name,
    };
    const expression = zodOf(named.schema, zod);
    // A schema in a reference cycle gets its type spelled out: TypeScript cannot infer it.
    return ctx.inCycle(named.name)
      ? `export const ${named.name}: () => z.ZodType<t.${named.name}> = lazy(() => ${expression});`
      : `export const ${named.name} = lazy<t.${named.name}>(() => ${expression});`;
  });
  const components = ctx.model.schemas.filter((s) => s.componentKey !== undefined);
  const getters = components.map((s) => `  get ${propertyKey(s.componentKey!)}() {\n    return ${s.name}();\n  },`);
  statements.push(`/** zod schemas of \`components.schemas\`, by their names in the description. Each is built on first use. */\nexport const schemas = {\n${getters.join("\n")}\n};`);
  return printFile(ctx.model.source, [
    { from: "zod", names: ["z"] },
    { from: "./runtime/index.js", names: runtimeSchemaHelpers },
    { from: "./types.js", namespace: "t", typeOnly: true },
  ], statements);
}
