import { pointerText, type Documents, type Location } from "../load/documents.js";
import { specError } from "../load/source.js";
import safeRegex from "safe-regex2";
import { patternFlags } from "../runtime/formats.js";
import { readGuaranteed } from "./extensions.js";
import { NameSet, pascalCase } from "./naming.js";
import { plainRef } from "./walk.js";
import type { JsonType, NamedSchema, Schema, SchemaObject } from "./types.js";

export type SpecVersion = "3.0" | "3.1";

const jsonTypes = new Set<JsonType>(["string", "number", "integer", "boolean", "object", "array", "null"]);

/**
 * Turns JSON Schema found in a description into model schemas. Every `$ref` target becomes a
 * NamedSchema, converted once, so shared and recursive schemas keep their identity.
 */
export class SchemaConverter {
  readonly named: NamedSchema[] = [];
  private readonly byLocation = new Map<string, NamedSchema>();
  private readonly byName = new Map<string, NamedSchema>();
  private readonly componentKeys = new Set<string>();
  private readonly names: NameSet;
  private readonly pending: { named: NamedSchema; at: Location }[] = [];

  constructor(
    private readonly docs: Documents,
    private readonly version: SpecVersion,
    reservedNames: Iterable<string>,
    /** Problems that do not stop generation, as file:line:col messages. */
    private readonly warnings: string[],
  ) {
    this.names = new NameSet(reservedNames);
  }

  get(name: string): NamedSchema {
    return this.byName.get(name)!;
  }

  /** Registers `components.schemas` first, so they keep their own names. */
  registerComponents(components: Location): void {
    const map = components.value as Record<string, unknown>;
    for (const key of Object.keys(map)) {
      this.register(this.docs.child(components, key), pascalCase(key), key);
    }
    this.drain();
  }

  /** Converts a schema that lives outside `components.schemas` (parameters, bodies, responses). */
  convert(at: Location): Schema {
    const schema = this.schema(at);
    this.drain();
    return schema;
  }

  /** The NamedSchema a location refers to, registering it if new. */
  private register(at: Location, wanted: string, componentKey?: string): NamedSchema {
    const key = locationKey(at);
    const existing = this.byLocation.get(key);
    if (existing) return existing;
    const named: NamedSchema = { name: this.names.claim(wanted), schema: true };
    if (componentKey !== undefined) {
      named.componentKey = componentKey;
      this.componentKeys.add(componentKey);
    }
    this.byLocation.set(key, named);
    this.named.push(named);
    this.byName.set(named.name, named);
    this.pending.push({ named, at });
    return named;
  }

  private drain(): void {
    const drained: { named: NamedSchema; at: Location }[] = [];
    for (let next = this.pending.shift(); next; next = this.pending.shift()) {
      next.named.schema = this.schema(next.at);
      drained.push(next);
    }
    for (const { named, at } of drained) this.refuseRefLoop(named, at);
  }

  /** A schema that is only a `$ref` to itself (directly or through other bare refs) describes nothing. */
  private refuseRefLoop(named: NamedSchema, at: Location): void {
    const chain = [named.name];
    for (let ref = plainRef(named.schema); ref !== undefined; ref = plainRef(this.get(ref).schema)) {
      if (ref === named.name) throw specError(at.source, at.pointer, `schema is only a $ref to itself (${[...chain, ref].join(" → ")}): it describes no value`);
      if (chain.includes(ref)) return; // a loop that does not pass through this schema: reported for its own members
      chain.push(ref);
    }
  }

  private schema(at: Location): Schema {
    const raw = at.value;
    if (typeof raw === "boolean") return raw;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      throw specError(at.source, at.pointer, "a schema must be an object" + (this.version === "3.1" ? " or a boolean" : ""));
    }
    const node = raw as Record<string, unknown>;
    const out: SchemaObject = {};
    if (typeof node.$ref === "string") {
      out.ref = this.refName(node.$ref, at);
      // In OpenAPI 3.0 a $ref replaces its siblings; in 3.1 they apply as well.
      if (this.version === "3.0") return out;
    }
    this.types(node, at, out);
    this.values(node, at, out);
    this.numbers(node, out);
    this.strings(node, at, out);
    this.arrays(node, at, out);
    this.objects(node, at, out);
    this.composition(node, at, out);
    this.annotations(node, at, out);
    return this.version === "3.0" && node.nullable === true && !out.type ? { anyOf: [out, { type: ["null"] }] } : out;
  }

  private refName(ref: string, at: Location): string {
    const target = this.docs.resolve(ref, { ...at, pointer: [...at.pointer, "$ref"] });
    const last = target.pointer[target.pointer.length - 1];
    const wanted = last === undefined ? fileStem(target.source.uri) : String(last);
    // A component of another file of the description is a component too (descriptions split by topic).
    const isComponent = target.pointer.length === 3 && target.pointer[0] === "components" && target.pointer[1] === "schemas";
    const componentKey = isComponent && !this.componentKeys.has(wanted) ? wanted : undefined;
    return this.register(target, pascalCase(wanted), componentKey).name;
  }

  private sub(at: Location, ...path: (string | number)[]): Schema {
    let here = at;
    for (const segment of path) here = this.docs.child(here, segment);
    return this.schema(here);
  }

  private types(node: Record<string, unknown>, at: Location, out: SchemaObject): void {
    if (node.type === undefined) return;
    const list = Array.isArray(node.type) ? node.type : [node.type];
    for (const t of list) {
      if (!jsonTypes.has(t as JsonType)) {
        throw specError(at.source, [...at.pointer, "type"], `unknown type ${JSON.stringify(t)}; expected one of ${[...jsonTypes].join(", ")}`);
      }
    }
    out.type = [...new Set(list as JsonType[])];
    if (this.version === "3.0" && node.nullable === true && !out.type.includes("null")) out.type.push("null");
  }

  private values(node: Record<string, unknown>, at: Location, out: SchemaObject): void {
    if ("const" in node) out.const = { value: node.const };
    if (node.enum !== undefined) {
      if (!Array.isArray(node.enum)) throw specError(at.source, [...at.pointer, "enum"], "enum must be an array");
      // 3.0: `nullable: true` admits null even when the enum does not list it.
      out.enum = this.version === "3.0" && node.nullable === true && !node.enum.includes(null) ? [...node.enum, null] : node.enum;
    }
    if (typeof node.format === "string") out.format = node.format;
    if (typeof node.contentMediaType === "string") out.contentMediaType = node.contentMediaType;
    if (node.contentSchema !== undefined) out.contentSchema = this.sub(at, "contentSchema");
  }

  private numbers(node: Record<string, unknown>, out: SchemaObject): void {
    const num = (key: string) => (typeof node[key] === "number" ? (node[key] as number) : undefined);
    const minimum = num("minimum");
    const maximum = num("maximum");
    // Boolean exclusive bounds are OpenAPI 3.0 / draft 4: they turn minimum/maximum exclusive.
    if (node.exclusiveMinimum === true && minimum !== undefined) out.exclusiveMinimum = minimum;
    else if (minimum !== undefined) out.minimum = minimum;
    if (node.exclusiveMaximum === true && maximum !== undefined) out.exclusiveMaximum = maximum;
    else if (maximum !== undefined) out.maximum = maximum;
    if (num("exclusiveMinimum") !== undefined) out.exclusiveMinimum = num("exclusiveMinimum");
    if (num("exclusiveMaximum") !== undefined) out.exclusiveMaximum = num("exclusiveMaximum");
    if (num("multipleOf") !== undefined) out.multipleOf = num("multipleOf");
  }

  private strings(node: Record<string, unknown>, at: Location, out: SchemaObject): void {
    if (typeof node.minLength === "number") out.minLength = node.minLength;
    if (typeof node.maxLength === "number") out.maxLength = node.maxLength;
    if (typeof node.pattern === "string") out.pattern = this.pattern(node.pattern, at, ["pattern"]);
  }

  /** A regular expression as the runtime will run it: it must compile, and should not backtrack catastrophically. */
  private pattern(pattern: string, at: Location, path: string[]): string {
    const where = [...at.pointer, ...path];
    try {
      new RegExp(pattern, patternFlags);
    } catch (error) {
      throw specError(at.source, where, `invalid regular expression ${JSON.stringify(pattern)} (read with the "${patternFlags}" flag, as the client runs it): ${(error as Error).message}`);
    }
    if (!safeRegex(pattern)) {
      this.warnings.push(specError(at.source, where, `the regular expression ${JSON.stringify(pattern)} nests quantifiers: a crafted value may make it backtrack catastrophically`).message);
    }
    return pattern;
  }

  private arrays(node: Record<string, unknown>, at: Location, out: SchemaObject): void {
    if (Array.isArray(node.items)) {
      out.prefixItems = node.items.map((_, i) => this.sub(at, "items", i));
      if (node.additionalItems !== undefined) out.items = this.sub(at, "additionalItems");
    } else if (node.items !== undefined) {
      out.items = this.sub(at, "items");
    }
    if (Array.isArray(node.prefixItems)) out.prefixItems = node.prefixItems.map((_, i) => this.sub(at, "prefixItems", i));
    if (node.contains !== undefined) out.contains = this.sub(at, "contains");
    for (const key of ["minItems", "maxItems", "minContains", "maxContains"] as const) {
      if (typeof node[key] === "number") out[key] = node[key] as number;
    }
    if (node.uniqueItems === true) out.uniqueItems = true;
  }

  private objects(node: Record<string, unknown>, at: Location, out: SchemaObject): void {
    if (node.properties !== undefined) {
      if (typeof node.properties !== "object" || node.properties === null || Array.isArray(node.properties)) {
        throw specError(at.source, [...at.pointer, "properties"], "properties must be an object of schemas");
      }
      // fromEntries defines own properties: a property named `__proto__` stays a property.
      out.properties = Object.fromEntries(Object.keys(node.properties).map((key) => [key, this.sub(at, "properties", key)]));
    }
    if (node.required !== undefined) {
      if (!Array.isArray(node.required) || node.required.some((r) => typeof r !== "string")) {
        throw specError(at.source, [...at.pointer, "required"], "required must be an array of property names");
      }
      out.required = [...new Set(node.required as string[])];
    }
    if (node.additionalProperties !== undefined) out.additionalProperties = this.sub(at, "additionalProperties");
    if (node.patternProperties && typeof node.patternProperties === "object") {
      const keys = Object.keys(node.patternProperties).map((key) => this.pattern(key, at, ["patternProperties", key]));
      out.patternProperties = Object.fromEntries(keys.map((key) => [key, this.sub(at, "patternProperties", key)]));
    }
    if (node.propertyNames !== undefined) out.propertyNames = this.sub(at, "propertyNames");
    if (typeof node.minProperties === "number") out.minProperties = node.minProperties;
    if (typeof node.maxProperties === "number") out.maxProperties = node.maxProperties;
    const dependent = node.dependentRequired ?? node.dependencies;
    if (dependent && typeof dependent === "object") {
      const entries = Object.entries(dependent as Record<string, unknown>).filter((e): e is [string, string[]] => Array.isArray(e[1]));
      if (entries.length > 0) out.dependentRequired = Object.fromEntries(entries);
    }
  }

  private composition(node: Record<string, unknown>, at: Location, out: SchemaObject): void {
    for (const key of ["allOf", "anyOf", "oneOf"] as const) {
      const list = node[key];
      if (list === undefined) continue;
      if (!Array.isArray(list) || list.length === 0) throw specError(at.source, [...at.pointer, key], `${key} must be a non-empty array of schemas`);
      out[key] = list.map((_, i) => this.sub(at, key, i));
    }
    if (node.not !== undefined) out.not = this.sub(at, "not");
    const discriminator = node.discriminator as { propertyName?: unknown; mapping?: Record<string, unknown> } | undefined;
    if (discriminator && typeof discriminator.propertyName === "string") {
      const explicit = this.mapping(discriminator.mapping, at);
      const mapping = { ...this.implicitMapping(out, new Set(Object.values(explicit))), ...explicit };
      out.discriminator = { propertyName: discriminator.propertyName, mapping };
    }
  }

  /** A `oneOf`/`anyOf` member referred to by `$ref` and not mapped explicitly is selected by its component name. */
  private implicitMapping(out: SchemaObject, mapped: Set<string>): Record<string, string> {
    const mapping: Record<string, string> = {};
    for (const member of out.oneOf ?? out.anyOf ?? []) {
      if (typeof member !== "object" || member.ref === undefined || mapped.has(member.ref)) continue;
      const named = this.get(member.ref);
      mapping[named.componentKey ?? named.name] = named.name;
    }
    return mapping;
  }

  /** Explicit mapping values are refs or bare component names; both become NamedSchema names. */
  private mapping(raw: Record<string, unknown> | undefined, at: Location): Record<string, string> {
    const mapping: Record<string, string> = {};
    for (const [value, target] of Object.entries(raw ?? {})) {
      if (typeof target !== "string") continue;
      const ref = target.includes("#") || target.includes("/") || target.includes(".") ? target : `#/components/schemas/${target}`;
      mapping[value] = this.refName(ref, { ...at, pointer: [...at.pointer, "discriminator", "mapping", value] });
    }
    return mapping;
  }

  private annotations(node: Record<string, unknown>, at: Location, out: SchemaObject): void {
    if (typeof node.title === "string") out.title = node.title;
    if (typeof node.description === "string") out.description = node.description;
    if (node.deprecated === true) out.deprecated = true;
    if ("default" in node) out.default = { value: node.default };
    if (node.readOnly === true) out.readOnly = true;
    if (node.writeOnly === true) out.writeOnly = true;
    // Looked up only where present: descriptions have tens of thousands of schemas.
    if ("x-wxgen-guaranteed" in node) out.guaranteed = readGuaranteed(at, this.docs)!;
  }
}

function locationKey(at: Location): string {
  return `${at.source.uri}${pointerText(at.pointer)}`;
}

function fileStem(uri: string): string {
  const file = uri.slice(uri.lastIndexOf("/") + 1);
  return file.replace(/\.(ya?ml|json)$/i, "");
}
