import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * JSON-Schema-Test-Suite files as OpenAPI documents, following ../shared/jsts/README.md: group N's
 * schema becomes `components.schemas.SN`, its top-level `$defs` become `SN_<name>`, local refs are
 * retargeted, and `ref.json` groups that need `$id`/`$anchor`/`$dynamicRef` or remote refs are left out.
 */

export interface SuiteTest {
  description: string;
  data: unknown;
  valid: boolean;
}

export interface SuiteGroup {
  /** Component name of the group's schema. */
  name: string;
  description: string;
  tests: SuiteTest[];
}

export interface SuiteFile {
  /** Path relative to the suite's `tests/` folder, e.g. `draft2020-12/type.json`. */
  path: string;
  document: Record<string, unknown>;
  groups: SuiteGroup[];
  /** Groups (and their tests) left out of scope. */
  skipped: { groups: number; tests: number };
}

interface RawGroup {
  description: string;
  schema: unknown;
  tests: SuiteTest[];
}

const dataKeywords = new Set(["enum", "const", "default", "examples"]);
const componentName = /^[a-zA-Z0-9._-]+$/;

export function suiteFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".json")) files.push(relative(root, path));
    }
  };
  if (existsSync(root)) walk(root);
  return files;
}

export function loadSuiteFile(root: string, path: string): SuiteFile {
  const raw = JSON.parse(readFileSync(join(root, path), "utf8")) as RawGroup[];
  const schemas: Record<string, unknown> = {};
  const groups: SuiteGroup[] = [];
  const skipped = { groups: 0, tests: 0 };
  raw.forEach((group, n) => {
    if (path.endsWith("ref.json") && !inScope(group.schema)) {
      skipped.groups++;
      skipped.tests += group.tests.length;
      return;
    }
    const name = `S${n}`;
    const defNames = new Map<string, string>();
    let schema = group.schema;
    if (schema !== null && typeof schema === "object") {
      const { $schema: _, $defs, ...rest } = schema as Record<string, unknown>;
      schema = rest;
      Object.keys(($defs ?? {}) as object).forEach((key, k) => defNames.set(key, componentName.test(`${name}_${key}`) ? `${name}_${key}` : `${name}_def${k}`));
      for (const [key, target] of defNames) schemas[target] = retarget(($defs as Record<string, unknown>)[key], name, defNames);
    }
    schemas[name] = retarget(schema, name, defNames);
    groups.push({ name, description: group.description, tests: group.tests });
  });
  const openapi = path.startsWith("draft4/") ? "3.0.3" : "3.1.0";
  return { path, groups, skipped, document: { openapi, info: { title: path, version: "1" }, paths: {}, components: { schemas } } };
}

/** Only `"#"` and `"#/json/pointer"` refs, and no `$id`, `$anchor` or `$dynamicRef` anywhere (outside data). */
function inScope(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(inScope);
  if (schema === null || typeof schema !== "object") return true;
  return Object.entries(schema).every(([key, value]) => {
    if (dataKeywords.has(key)) return true;
    if (key === "$id" || key === "$anchor" || key === "$dynamicRef" || key === "$dynamicAnchor") return false;
    // A `$ref` key holding a schema is a property named "$ref" (inside `properties`), not a reference.
    if (key === "$ref" && typeof value === "string") return value === "#" || value.startsWith("#/");
    return inScope(value);
  });
}

function retarget(schema: unknown, name: string, defs: Map<string, string>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => retarget(s, name, defs));
  if (schema === null || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (dataKeywords.has(key)) return [key, value];
      if (key === "$ref" && typeof value === "string") return [key, retargetRef(value, name, defs)];
      return [key, retarget(value, name, defs)];
    }),
  );
}

function retargetRef(ref: string, name: string, defs: Map<string, string>): string {
  if (ref === "#") return `#/components/schemas/${name}`;
  const def = /^#\/\$defs\/([^/]*)(.*)$/.exec(ref);
  if (def && defs.has(decodeURIComponent(def[1]!.replace(/~1/g, "/").replace(/~0/g, "~")))) {
    return `#/components/schemas/${defs.get(decodeURIComponent(def[1]!.replace(/~1/g, "/").replace(/~0/g, "~")))}${def[2]}`;
  }
  return ref.startsWith("#/") ? `#/components/schemas/${name}${ref.slice(1)}` : ref;
}
