import { propertyKey } from "../../model/naming.js";
import type { NamedSchema } from "../../model/types.js";
import type { Direction, EmitContext } from "../context.js";
import { printFile } from "../print.js";
import { SchemaImports } from "../schema-imports.js";
import { zodHelpers, zodOf } from "../zod.js";

/**
 * schemas/<Name>.ts: one lazily built zod schema per module, typed by its interface in types.ts,
 * so that a call loads only the schemas it needs; and schemas.ts, `schemas`: the components by
 * their names in the description.
 */
export function schemaModules(ctx: EmitContext): [string, string][] {
  return [
    ...ctx.model.schemas.map((named) => builderModule(ctx, named, ctx.declaredDirection(named.name))),
    ...ctx.variants("request schemas").map(([named]) => builderModule(ctx, named, "request")),
    ...ctx.variants("push schemas").map(([named]) => builderModule(ctx, named, "push")),
  ];
}

function builderModule(ctx: EmitContext, named: NamedSchema, direction: Direction): [string, string] {
  const imports = new SchemaImports(ctx, "./");
  const zod = imports.zod(direction, named);
  const name = ctx.schemaName(named.name, direction);
  // Spelled-out types keep recursive schemas typed (TypeScript cannot infer a self-reference).
  const type = `Lazy<t.${ctx.typeName(named.name, direction)}>`;
  const inheritance = direction === "response" ? ctx.inheritanceOf(named.name) : undefined;
  // Written as text: ts-morph would hang-indent multi-line initializers.
  let text: string;
  if (!inheritance) text = `export const ${name}: ${type} = lazy(() => ${zodOf(named.schema, zod)});`;
  else {
    const variants = Object.entries(inheritance.mapping).map(([value, child]) => `${propertyKey(value)}: ${imports.use(child)}`);
    text = [
      `/** \`${named.name}\` itself; \`${name}\` validates each value as the subtype its \`${inheritance.propertyName}\` names. */`,
      `export const ${inheritance.base}: ${type} = lazy(() => ${zodOf(named.schema, zod)});`,
      `export const ${name}: ${type} = lazy(() => discriminated(${JSON.stringify(inheritance.propertyName)}, { ${variants.join(", ")} }, ${inheritance.base}));`,
    ].join("\n");
  }
  const own = [name, ...(inheritance ? [inheritance.base] : [])];
  const file = printFile(ctx.model.source, [
    { from: "../runtime/schema.js", names: zodHelpers },
    { from: "../runtime/schema.js", names: ["Lazy"], typeOnly: true },
    { from: "../types.js", namespace: "t", typeOnly: true },
    ...imports.imports(own),
  ], [text], { skipCheck: true });
  return [`schemas/${ctx.schemaModule(name)}.ts`, file];
}

/** schemas.ts: every component's zod schema, each built on first use. */
export function schemasFile(ctx: EmitContext): string {
  const imports = new SchemaImports(ctx, "./schemas/");
  const components = ctx.model.schemas.filter((s) => s.componentKey !== undefined);
  const members = components.map((s) => `  readonly ${propertyKey(s.componentKey!)}: ZodType<t.${s.name}>;`);
  const entries = components.map((s) => (s.componentKey === imports.use(s.name) ? `  ${s.name},` : `  ${propertyKey(s.componentKey!)}: ${s.name},`));
  return printFile(ctx.model.source, [
    { from: "zod", names: ["ZodType"], typeOnly: true },
    { from: "./runtime/schema.js", names: ["exposeAll"] },
    { from: "./types.js", namespace: "t", typeOnly: true },
    ...imports.imports(),
  ], [
    `/** zod schemas of \`components.schemas\`, by their names in the description. */\nexport interface Schemas {\n${members.join("\n")}\n}`,
    `/** Each schema is built on first use. */\nexport const schemas: Schemas = exposeAll({\n${entries.join("\n")}\n});`,
  ], { skipCheck: true });
}
