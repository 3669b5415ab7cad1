import { propertyKey } from "../../model/naming.js";
import type { NamedSchema } from "../../model/types.js";
import type { Direction, EmitContext } from "../context.js";
import { printFile, type Statement } from "../print.js";
import { zodHelpers, zodOf, type ZodContext } from "../zod.js";


/**
 * schemas.ts: one lazily built zod schema per named schema, typed by its interface in types.ts,
 * and `schemas`, the components by their names in the description.
 */
export function schemasFile(ctx: EmitContext): string {
  // Written as text: ts-morph would hang-indent multi-line initializers.
  const builder = (named: NamedSchema, direction: Direction): string => {
    const zod: ZodContext = {
      ref: (name) => {
        const target = ctx.schemaName(name, direction);
        return ctx.cyclic(named.name, name) ? `z.lazy(() => ${target}())` : `${target}()`;
      },
      builder: (name) => ctx.schemaName(name, direction),
      direction,
      resolve: (name) => ctx.named(name).schema,
      base: (name) => (ctx.inheritanceOf(name) && direction === "response" ? `${ctx.inheritanceOf(name)!.base}()` : undefined),
    };
    // Spelled-out types keep recursive schemas typed (TypeScript cannot infer a self-reference).
    const name = ctx.schemaName(named.name, direction);
    const type = `Lazy<t.${ctx.typeName(named.name, direction)}>`;
    const inheritance = direction === "response" ? ctx.inheritanceOf(named.name) : undefined;
    if (!inheritance) return `export const ${name}: ${type} = lazy(() => ${zodOf(named.schema, zod)});`;
    const variants = Object.entries(inheritance.mapping).map(([value, child]) => `${propertyKey(value)}: ${child}`);
    return [
      `/** \`${named.name}\` itself; \`${name}\` validates each value as the subtype its \`${inheritance.propertyName}\` names. */`,
      `export const ${inheritance.base}: ${type} = lazy(() => ${zodOf(named.schema, zod)});`,
      `export const ${name}: ${type} = lazy(() => discriminated(${JSON.stringify(inheritance.propertyName)}, { ${variants.join(", ")} }, ${inheritance.base}));`,
    ].join("\n");
  };
  const statements: Statement[] = [
    ...ctx.model.schemas.map((named) => builder(named, "response")),
    ...ctx.variants("request schemas").map(([named]) => builder(named, "request")),
    ...ctx.variants("push schemas").map(([named]) => builder(named, "push")),
  ];
  const components = ctx.model.schemas.filter((s) => s.componentKey !== undefined);
  const members = components.map((s) => `  readonly ${propertyKey(s.componentKey!)}: ZodType<t.${s.name}>;`);
  const entries = components.map((s) => (s.componentKey === s.name ? `  ${s.name},` : `  ${propertyKey(s.componentKey!)}: ${s.name},`));
  statements.push(
    `/** zod schemas of \`components.schemas\`, by their names in the description. */\nexport interface Schemas {\n${members.join("\n")}\n}`,
    `/** Each schema is built on first use. */\nexport const schemas: Schemas = exposeAll({\n${entries.join("\n")}\n});`,
  );
  return printFile(ctx.model.source, [
    { from: "zod", names: ["ZodType"], typeOnly: true },
    { from: "./runtime/schema.js", names: [...zodHelpers, "exposeAll"] },
    { from: "./runtime/schema.js", names: ["Lazy"], typeOnly: true },
    { from: "./types.js", namespace: "t", typeOnly: true },
  ], statements, { skipCheck: true });
}
