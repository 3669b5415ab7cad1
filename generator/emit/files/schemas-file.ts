import { objectKey, propertyKey } from "../../model/naming.js";
import type { NamedSchema } from "../../model/types.js";
import type { Direction, EmitContext } from "../context.js";
import { FileImports } from "../imports.js";
import { printFile } from "../print.js";
import { SchemaImports } from "../schema-imports.js";
import { zodOf } from "../zod.js";

/**
 * schemas/<Name>.ts: one lazily built zod schema per module, typed by its interface in types.ts,
 * so that a call loads only the schemas it needs; and schemas.ts, `schemas`: the components by
 * their names in the description.
 */
export function schemaModules(ctx: EmitContext): [string, string][] {
  const variants = (kind: "request schemas" | "push schemas") => ctx.model.schemas.filter((s) => ctx.names.variants(kind).has(s.name));
  return [
    ...ctx.model.schemas.map((named) => builderModule(ctx, named, ctx.graph.declaredDirection(named.name))),
    ...variants("request schemas").map((named) => builderModule(ctx, named, "request")),
    ...variants("push schemas").map((named) => builderModule(ctx, named, "push")),
  ];
}

function builderModule(ctx: EmitContext, named: NamedSchema, direction: Direction): [string, string] {
  const imports = new FileImports("../");
  const schemas = new SchemaImports(ctx, imports, "./");
  const zod = schemas.zod(direction, named);
  const lazy = () => imports.runtime("lazy");
  const name = ctx.names.builderOf(named.name, direction);
  // Spelled-out types keep recursive schemas typed (TypeScript cannot infer a self-reference).
  const type = `${imports.runtime("Lazy")}<${imports.types()}.${ctx.names.typeName(named.name, direction)}>`;
  const inheritance = direction === "response" ? ctx.graph.inheritanceBases.get(named.name) : undefined;
  const base = direction === "response" ? ctx.names.baseBuilderOf(named.name) : undefined;
  // Written as text: ts-morph would hang-indent multi-line initializers.
  let text: string;
  if (!inheritance || !base) text = `export const ${name}: ${type} = ${lazy()}(() => ${zodOf(named.schema, zod)});`;
  else {
    const variants = Object.entries(inheritance.mapping).map(([value, child]) => `${objectKey(value)}: ${schemas.use(ctx.names.builderOf(child, direction))}`);
    text = [
      `/** \`${named.name}\` itself; \`${name}\` validates each value as the subtype its \`${inheritance.propertyName}\` names. */`,
      `export const ${base}: ${type} = ${lazy()}(() => ${zodOf(named.schema, zod)});`,
      `export const ${name}: ${type} = ${lazy()}(() => ${imports.runtime("discriminated")}(${JSON.stringify(inheritance.propertyName)}, { ${variants.join(", ")} }, ${base}));`,
    ].join("\n");
  }
  const file = printFile(ctx.model.source, imports.specs([name, ...(base ? [base] : [])]), [text], { skipCheck: true });
  return [`schemas/${ctx.names.schemaModule(name)}.ts`, file];
}

/** schemas.ts: every component's zod schema, each built on first use. */
export function schemasFile(ctx: EmitContext): string {
  const imports = new FileImports("./");
  const schemas = new SchemaImports(ctx, imports, "./schemas/");
  const components = ctx.model.schemas.filter((s) => s.componentKey !== undefined);
  const zodType = components.length > 0 ? imports.packageType("zod", "ZodType") : "";
  const t = components.length > 0 ? imports.types() : "";
  const members = components.map((s) => `  readonly ${propertyKey(s.componentKey!)}: ${zodType}<${t}.${s.name}>;`);
  const entries = components.map((s) => {
    const builder = schemas.use(ctx.names.builderOf(s.name, "response"));
    return s.componentKey === builder ? `  ${builder},` : `  ${objectKey(s.componentKey!)}: ${builder},`;
  });
  const statements = [
    `/** zod schemas of \`components.schemas\`, by their names in the description. */\nexport interface Schemas {\n${members.join("\n")}\n}`,
    `/** Each schema is built on first use. */\nexport const schemas: Schemas = ${imports.runtime("exposeAll")}({\n${entries.join("\n")}\n});`,
  ];
  return printFile(ctx.model.source, imports.specs(), statements, { skipCheck: true });
}
