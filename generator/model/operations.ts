import type { Documents, Location } from "../load/documents.js";
import { locate, specError } from "../load/source.js";
import { readApiSecurityMark, readCallback, readDerived, readInBandError, readOperationExtensions, readPathOverride, readXmlUnwrap } from "./extensions.js";
import { camelCase, NameSet, objectMemberNames, pascalCase } from "./naming.js";
import type { SchemaConverter } from "./schemas.js";
import { followRefs, pinnedValue } from "./walk.js";
import type {
  BodyEncoding, Example, Fill, InBandErrorRule, Operation, Webhook, Parameter, ParameterLocation, RequestBody, ResponseShape, Schema,
  SchemaObject, SecurityScheme,
} from "./types.js";

type Raw = Record<string, unknown>;

const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const locations = new Set<ParameterLocation>(["query", "path", "header", "cookie"]);

export interface OperationContext {
  docs: Documents;
  schemas: SchemaConverter;
  schemes: SecurityScheme[];
  rootSecurity: string[][];
  rootInBandError: InBandErrorRule | undefined;
  /** The root `x-wxgen-api-security` rule, which operations may opt into. */
  apiSecurity: boolean;
  /** Problems that do not stop generation, as file:line:col messages. */
  warnings: string[];
}

/** Every operation under `paths`, in file order, with unique namespaced names. */
export function buildOperations(paths: Location, ctx: OperationContext): Operation[] {
  const operations: Operation[] = [];
  const typeNames = new NameSet();
  const operationIds = new Map<string, Location>();
  for (const path of Object.keys((paths.value ?? {}) as Raw)) {
    const item = ctx.docs.follow(ctx.docs.child(paths, path));
    for (const method of httpMethods) {
      const at = ctx.docs.child(item, method);
      if (at.value === undefined) continue;
      const httpPath = readPathOverride(item, ctx.docs) ?? path;
      const op = buildOperation(httpPath, method, at, item, ctx);
      if (op.operationId !== undefined) claimOperationId(op, at, operationIds);
      op.typeName = typeNames.claim(op.typeName);
      operations.push(op);
    }
  }
  claimMembers(operations, [...clientOwnMembers, ...tokenMembers(ctx.schemes).values()]);
  return operations;
}

/** Members of the client class itself besides its namespaces and methods: `close()`, and what every object has. */
const clientOwnMembers = ["close", ...objectMemberNames];

/** The client member holding each token scheme's TokenAccess (`accessToken`), in scheme order. */
export function tokenMembers(schemes: SecurityScheme[]): Map<SecurityScheme, string> {
  const names = new NameSet(clientOwnMembers);
  return new Map(schemes.filter((s) => s.token).map((s) => [s, names.claim(camelCase(s.key))]));
}

/**
 * Client members: in each class (the client, each namespace) the namespaces under it and its
 * methods share one set of names, never what JavaScript gives meaning to (`then`, `constructor`).
 * Claimed once here, namespaces first, then methods, each in description order, so that
 * client.ts, API.md and the operation ids (`then2.get`) agree.
 */
function claimMembers(operations: Operation[], rootTaken: readonly string[]): void {
  const scopes = new Map<string, { names: NameSet; children: Map<string, string> }>();
  const scope = (key: string) => {
    let found = scopes.get(key);
    if (!found) scopes.set(key, (found = { names: new NameSet(key === "" ? rootTaken : objectMemberNames), children: new Map() }));
    return found;
  };
  for (const op of operations) {
    const path: string[] = [];
    for (const segment of op.namespace) {
      const parent = scope(path.join("."));
      let name = parent.children.get(segment);
      if (name === undefined) parent.children.set(segment, (name = parent.names.claim(segment)));
      path.push(name);
    }
    op.namespace = path;
  }
  for (const op of operations) {
    op.method = scope(op.namespace.join(".")).names.claim(op.method);
    op.id = [...op.namespace, op.method].join(".");
  }
}

/**
 * Two operationIds that name the same method (equal ignoring case, or after camelCase) are an error,
 * not a silent `get2`: which one got the plain name would depend on their order in the file.
 */
function claimOperationId(op: Operation, at: Location, seen: Map<string, Location>): void {
  const key = op.id.toLowerCase();
  const first = seen.get(key);
  if (first) {
    const { line, col } = locate(first.source, first.pointer);
    throw specError(at.source, [...at.pointer, "operationId"], `operationId "${op.operationId}" names the same method (${op.id}) as the operation at ${first.source.display}:${line}:${col}`);
  }
  seen.set(key, at);
}

function buildOperation(path: string, httpMethod: string, at: Location, item: Location, ctx: OperationContext): Operation {
  const raw = at.value as Raw;
  const { namespace, method } = operationName(raw, httpMethod, path);
  const security = readSecurity(ctx.docs.child(at, "security"), ctx.schemes, ctx.warnings) ?? ctx.rootSecurity;
  const extensions = readOperationExtensions(at, ctx.docs);
  const { credentialsIn } = extensions;
  const credentialNames = new Set(
    security.flat().map((key) => ctx.schemes.find((s) => s.key === key)).filter((s) => s?.type === "apiKey").map((s) => s!.paramName!),
  );
  const allParams = readParameters(item, at, ctx).filter((p) => !(p.in === "query" && credentialNames.has(p.name)));
  checkPathParameters(path, allParams, at);
  const fills: Fill[] = [];
  const params = allParams.filter((p) => {
    const constant = constantOf(p.schema, ctx);
    if (constant) fills.push({ in: p.in, name: p.name, value: constant.value });
    return !constant;
  });
  const body = readBody(ctx.docs.child(at, "requestBody"), ctx);
  if (body) {
    const omit = bodyFills(body, credentialsIn ? credentialNames : new Set(), ctx, fills);
    if (omit.length > 0) body.omit = omit;
    body.flatten = canFlatten(body, params, ctx);
  }
  checkSignedBody(security, body, at, ctx);
  const { success, errors } = readResponses(ctx.docs.child(at, "responses"), ctx);
  const inBand = readInBandError(at, ctx.docs, ctx.schemas);
  const op: Operation = {
    id: [...namespace, method].join("."),
    namespace,
    method,
    typeName: pascalCase([...namespace, method].join(" ")),
    source: at.source.display,
    tags: Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === "string") : [],
    httpMethod: httpMethod.toUpperCase(),
    path,
    deprecated: raw.deprecated === true,
    params,
    success,
    errors,
    security,
    errorCodes: extensions.errorCodes,
    retryableCodes: [],
    fills,
  };
  if (typeof raw.operationId === "string") op.operationId = raw.operationId;
  if (extensions.englishName !== undefined) op.englishName = extensions.englishName;
  Object.assign(op, documentation(raw));
  if (body) op.body = body;
  if (credentialsIn) op.credentialsIn = credentialsIn;
  if (readApiSecurityMark(at, ctx.docs, ctx.apiSecurity, body && body.encoding !== "json" ? body.contentType : undefined)) op.apiSecurity = true;
  checkDerived(op, at);
  const rule = inBand === undefined ? ctx.rootInBandError : inBand || undefined;
  if (rule) op.inBandError = rule;
  op.retryableCodes = [...new Set([...(rule?.retryable ?? []), ...extensions.retryable])];
  if (extensions.idempotent !== undefined) op.idempotent = extensions.idempotent;
  return op;
}

/** A derived parameter's input must not collide with what the caller passes anyway. */
function checkDerived(op: Operation, at: Location): void {
  const names = new Set(op.params.map((p) => p.name));
  for (const param of op.params) {
    if (param.derived && names.has(param.derived.from)) {
      throw specError(at.source, at.pointer, `x-wxgen-derived on "${param.name}": its input "${param.derived.from}" is also a parameter`);
    }
  }
}

/** A signature (`x-wxgen-signature`) covers JSON bytes; its key argument must not shadow a body property. */
function checkSignedBody(security: string[][], body: RequestBody | undefined, at: Location, ctx: OperationContext): void {
  const signed = security.flat().map((key) => ctx.schemes.find((s) => s.key === key)?.signature).filter((rule) => rule !== undefined);
  if (signed.length === 0 || !body) return;
  if (body.encoding !== "json") throw specError(at.source, [...at.pointer, "requestBody"], "a signed operation (x-wxgen-signature) needs a JSON body");
  const properties = resolveObject(body.schema, ctx)?.properties;
  for (const rule of signed) {
    if (rule.keyArgument && properties && rule.keyArgument in properties) {
      throw specError(at.source, [...at.pointer, "requestBody"], `body property "${rule.keyArgument}" would shadow the signing key argument of the same name`);
    }
  }
}

/** What an operation or webhook says of itself: summary, description and its doc page. */
function documentation(raw: Raw): { summary?: string; description?: string; docsUrl?: string } {
  const docsUrl = (raw.externalDocs as Raw | undefined)?.url;
  return {
    ...(typeof raw.summary === "string" ? { summary: raw.summary } : {}),
    ...(typeof raw.description === "string" ? { description: raw.description } : {}),
    ...(typeof docsUrl === "string" ? { docsUrl } : {}),
  };
}

/** `auth.code2Session` and `repos/get` name their namespace; plain ids go under the first tag. */
function operationName(raw: Raw, httpMethod: string, path: string): { namespace: string[]; method: string } {
  const id = typeof raw.operationId === "string" ? raw.operationId : `${httpMethod} ${path.replace(/[{}]/g, "")}`;
  const segments = id.split(/[./]/).filter(Boolean);
  if (segments.length > 1) return { namespace: segments.slice(0, -1).map(camelCase), method: camelCase(segments.at(-1)!) };
  const tag = Array.isArray(raw.tags) && typeof raw.tags[0] === "string" ? raw.tags[0] : undefined;
  return { namespace: tag ? [camelCase(tag)] : [], method: camelCase(id) };
}

/**
 * Security requirements: alternatives of scheme keys. A key no scheme declares cannot be applied:
 * it is left out with a warning (real descriptions have such typos; silence would hide them).
 */
export function readSecurity(at: Location, schemes: SecurityScheme[], warnings: string[]): string[][] | undefined {
  if (at.value === undefined) return undefined;
  if (!Array.isArray(at.value)) throw specError(at.source, at.pointer, "security must be an array of requirement objects");
  return (at.value as Raw[]).map((requirement, i) =>
    Object.keys(requirement ?? {}).filter((key) => {
      const known = schemes.some((s) => s.key === key);
      if (!known) warnings.push(specError(at.source, [...at.pointer, i, key], `no security scheme "${key}" in components.securitySchemes: ignored`).message);
      return known;
    }),
  );
}

/** Path-level parameters, overridden by operation-level ones with the same name and location. */
function readParameters(item: Location, at: Location, ctx: OperationContext): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const owner of [item, at]) {
    const list = ctx.docs.child(owner, "parameters");
    if (list.value === undefined) continue;
    if (!Array.isArray(list.value)) throw specError(list.source, list.pointer, "parameters must be an array");
    list.value.forEach((_, i) => {
      const p = readParameter(ctx.docs.child(list, i), ctx);
      byKey.set(`${p.in}:${p.name}`, p);
    });
  }
  return [...byKey.values()];
}

function readParameter(at: Location, ctx: OperationContext): Parameter {
  const here = ctx.docs.follow(at);
  const raw = here.value as Raw;
  if (typeof raw?.name !== "string" || !locations.has(raw.in as ParameterLocation)) {
    throw specError(here.source, here.pointer, "a parameter needs `name` and `in` (query, path, header or cookie)");
  }
  const location = raw.in as ParameterLocation;
  const schemaAt = raw.schema !== undefined ? ctx.docs.child(here, "schema") : firstMediaSchema(ctx.docs.child(here, "content"), ctx);
  const style = typeof raw.style === "string" ? raw.style : location === "query" || location === "cookie" ? "form" : "simple";
  const param: Parameter = {
    name: raw.name,
    in: location,
    required: location === "path" || raw.required === true,
    schema: schemaAt ? ctx.schemas.convert(schemaAt) : true,
    style,
    explode: typeof raw.explode === "boolean" ? raw.explode : style === "form",
  };
  if ("example" in raw) param.example = { value: raw.example };
  if (typeof raw.description === "string") param.description = raw.description;
  if (raw.deprecated === true) param.deprecated = true;
  const derived = readDerived(here, ctx.docs);
  if (derived) param.derived = derived;
  return param;
}

function firstMediaSchema(content: Location, ctx: OperationContext): Location | undefined {
  const first = Object.keys((content.value ?? {}) as Raw)[0];
  return first === undefined ? undefined : ctx.docs.child(ctx.docs.child(content, first), "schema");
}

/** The path template and the path parameters must name the same values: one without the other is never sent. */
function checkPathParameters(path: string, params: Parameter[], at: Location): void {
  const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => name!);
  for (const name of inTemplate) {
    if (!params.some((p) => p.in === "path" && p.name === name)) {
      throw specError(at.source, at.pointer, `path ${path} has {${name}} but no path parameter "${name}"`);
    }
  }
  for (const param of params.filter((p) => p.in === "path" && !inTemplate.includes(p.name))) {
    throw specError(at.source, at.pointer, `path parameter "${param.name}" does not appear in the path ${path}`);
  }
}

const isJson = (type: string) => /^application\/([\w.+-]*\+)?json\b|^text\/json\b|^\*\/\*$/i.test(type);

/** Picks the media type the client sends: JSON first, then forms, then raw bytes or text. */
function readBody(at: Location, ctx: OperationContext): RequestBody | undefined {
  const here = ctx.docs.follow(at);
  const raw = here.value as Raw | undefined;
  if (!raw) return undefined;
  const content = ctx.docs.child(here, "content");
  const types = Object.keys((content.value ?? {}) as Raw);
  const rank = (type: string): [number, BodyEncoding] =>
    isJson(type) ? [0, "json"]
    : /^multipart\/form-data/i.test(type) ? [1, "multipart"]
    : /^application\/x-www-form-urlencoded/i.test(type) ? [2, "form"]
    : /^text\//i.test(type) ? [4, "text"]
    : [3, "binary"];
  const chosen = [...types].sort((a, b) => rank(a)[0] - rank(b)[0])[0];
  if (chosen === undefined) return undefined;
  const media = ctx.docs.child(content, chosen);
  const schemaAt = ctx.docs.child(media, "schema");
  const body: RequestBody = {
    contentType: chosen,
    encoding: rank(chosen)[1],
    required: raw.required === true,
    schema: schemaAt.value === undefined ? true : ctx.schemas.convert(schemaAt),
    flatten: false,
    examples: readExamples(media, ctx),
  };
  if (typeof raw.description === "string") body.description = raw.description;
  return body;
}

/** The error responses whose bodies the client validates (and types): JSON ones with a schema. */
export function validatedErrors(op: Operation): ResponseShape[] {
  return op.errors.filter((e) => e.kind === "json" && e.schema !== undefined);
}

function readResponses(at: Location, ctx: OperationContext): { success: ResponseShape; errors: ResponseShape[] } {
  const shapes: ResponseShape[] = Object.keys((at.value ?? {}) as Raw).map((status) => readResponse(status, ctx.docs.child(at, status), ctx));
  const isSuccess = (s: ResponseShape) => /^2/.test(s.status);
  const success = shapes.find(isSuccess) ?? shapes.find((s) => s.status === "default") ?? { status: "200", kind: "empty" as const, examples: [] };
  return { success, errors: shapes.filter((s) => s !== success && !isSuccess(s)) };
}

function readResponse(status: string, at: Location, ctx: OperationContext): ResponseShape {
  const here = ctx.docs.follow(at);
  const raw = (here.value ?? {}) as Raw;
  const content = ctx.docs.child(here, "content");
  const types = Object.keys((content.value ?? {}) as Raw);
  const shape: ResponseShape = { status: status.toUpperCase() === "DEFAULT" ? "default" : status.toUpperCase(), kind: "empty", examples: [] };
  if (typeof raw.description === "string") shape.description = raw.description;
  const json = types.find(isJson);
  const chosen = json ?? types[0];
  if (chosen === undefined) return shape;
  shape.contentType = chosen;
  const media = ctx.docs.child(content, chosen);
  shape.examples = readExamples(media, ctx);
  const schemaAt = ctx.docs.child(media, "schema");
  const schema = schemaAt.value === undefined ? undefined : ctx.schemas.convert(schemaAt);
  const binary = typeof schema === "object" && schema.format === "binary" && schema.type?.includes("string");
  shape.kind = json && !binary ? "json" : /^text\//i.test(chosen) && !binary ? "text" : "binary";
  if (schema !== undefined && shape.kind === "json") shape.schema = schema;
  return shape;
}

/** `webhooks` (OpenAPI 3.1): each entry's `post` request body is a payload the API sends us. */
export function buildWebhooks(webhooks: Location, ctx: OperationContext): Webhook[] {
  return Object.keys((webhooks.value ?? {}) as Raw).flatMap((name) => {
    const item = ctx.docs.follow(ctx.docs.child(webhooks, name));
    const at = ctx.docs.child(item, "post");
    const raw = at.value as Raw | undefined;
    if (!raw) throw specError(item.source, item.pointer, `webhook "${name}" needs a post operation`);
    const body = ctx.docs.follow(ctx.docs.child(at, "requestBody"));
    const content = ctx.docs.child(body, "content");
    const types = Object.keys((content.value ?? {}) as Raw);
    const main = types.find(isJson) ?? types[0];
    if (main === undefined) throw specError(at.source, at.pointer, `webhook "${name}" needs a request body schema`);
    const webhook: Webhook = {
      name,
      schema: ctx.schemas.convert(ctx.docs.child(ctx.docs.child(content, main), "schema")),
      xmlUnwrap: readXmlUnwrap(at, ctx.docs),
      examples: Object.fromEntries(types.map((type) => [type, readExamples(ctx.docs.child(content, type), ctx)])),
    };
    if (typeof raw.operationId === "string") webhook.operationId = raw.operationId;
    const reply = readResponses(ctx.docs.child(at, "responses"), ctx).success;
    if (reply.kind === "json" && reply.schema !== undefined) webhook.reply = { schema: reply.schema, examples: reply.examples };
    Object.assign(webhook, documentation(raw));
    const callback = readCallback(at, ctx.docs);
    if (callback) webhook.callback = callback;
    return [webhook];
  });
}

/** A media type's `examples` (following `$ref`s to components) or its single `example`. */
function readExamples(media: Location, ctx: OperationContext): Example[] {
  const raw = media.value as Raw | undefined;
  if (!raw) return [];
  if ("example" in raw) return [{ name: "example", value: raw.example }];
  const examples = ctx.docs.child(media, "examples");
  return Object.keys((examples.value ?? {}) as Raw).flatMap((name) => {
    const example = ctx.docs.follow(ctx.docs.child(examples, name)).value as Raw;
    if (!example || !("value" in example)) return [];
    return [{ name, value: example.value, ...(typeof example.summary === "string" ? { summary: example.summary } : {}) }];
  });
}

/** The value a `const` (or one-value `enum`) schema pins, following refs. */
function constantOf(schema: Schema, ctx: OperationContext): { value: unknown } | undefined {
  return pinnedValue(resolveObject(schema, ctx));
}

function resolveObject(schema: Schema, ctx: OperationContext): SchemaObject | undefined {
  return followRefs(schema, (name) => ctx.schemas.get(name).schema);
}

/** Top-level body properties the client fills: constants and credentials. Returns their names. */
function bodyFills(body: RequestBody, credentials: Set<string>, ctx: OperationContext, fills: Fill[]): string[] {
  const object = resolveObject(body.schema, ctx);
  if (!object?.properties) return [];
  const omit: string[] = [];
  for (const [name, property] of Object.entries(object.properties)) {
    const constant = constantOf(property, ctx);
    if (constant) fills.push({ in: "body", name, value: constant.value });
    if (constant || credentials.has(name)) omit.push(name);
  }
  return omit;
}

/**
 * A body is spread into the call's arguments when it is object-shaped and no name clashes with a
 * parameter. An optional body that has required properties stays under `body`: "no body at all"
 * could not be told apart from "a body missing its required properties".
 */
function canFlatten(body: RequestBody, params: Parameter[], ctx: OperationContext): boolean {
  if (body.encoding === "binary" || body.encoding === "text") return false;
  const names = propertyNames(body.schema, ctx, 0);
  if (names === undefined || params.some((p) => names.has(p.name))) return false;
  const object = resolveObject(body.schema, ctx);
  const plain = object && !object.oneOf && !object.anyOf && !object.allOf;
  return body.required || (plain === true && (object.required ?? []).length === 0);
}

/** Property names of an object-shaped schema (object, or union/intersection of objects); undefined otherwise. */
function propertyNames(schema: Schema, ctx: OperationContext, depth: number): Set<string> | undefined {
  const object = resolveObject(schema, ctx);
  if (!object || depth > 16) return undefined;
  const members = object.oneOf ?? object.anyOf ?? object.allOf;
  if (members) {
    const all = new Set<string>();
    for (const member of members) {
      const names = propertyNames(member, ctx, depth + 1);
      if (!names) return undefined;
      names.forEach((n) => all.add(n));
    }
    return all;
  }
  const objectTyped = object.type ? object.type.length === 1 && object.type[0] === "object" : object.properties !== undefined;
  const isMap = typeof object.additionalProperties === "object" || object.patternProperties !== undefined;
  return objectTyped && !isMap ? new Set(Object.keys(object.properties ?? {})) : undefined;
}
