import type { Documents, Location } from "../load/documents.js";
import { specError } from "../load/source.js";
import { closestWord } from "../suggestion.js";
import type { SchemaConverter } from "./schemas.js";
import type { ApiSecurityRule, CallbackRule, DerivedParameter, GatewayMode, InBandErrorRule, SecurityScheme, SignatureRuleSpec, TokenRule } from "./types.js";

/**
 * Readers for the `x-wxgen-*` extensions documented in spec/README.md. Every extension is read and
 * checked here and nowhere else: a wrong value, an unknown field or an unknown extension is a
 * positioned error, never silently ignored.
 */

type Raw = Record<string, unknown>;

/** Every extension wxgen reads (spec/README.md has a section for each, saying where it goes). */
const extensionNames: readonly string[] = [
  // root
  "x-wxgen-client", "x-wxgen-in-band-error", "x-wxgen-tolerant", "x-wxgen-push", "x-wxgen-open-data", "x-wxgen-api-security",
  // path item, operation, webhook operation (xml-unwrap, callback), parameter
  "x-wxgen-path", "x-wxgen-error-codes", "x-wxgen-retryable", "x-wxgen-idempotent", "x-wxgen-credentials-in", "x-wxgen-english-name", "x-wxgen-xml-unwrap", "x-wxgen-callback", "x-wxgen-derived",
  // security scheme, property schema
  "x-wxgen-option", "x-wxgen-token", "x-wxgen-signature", "x-wxgen-guaranteed",
];

/** An `x-wxgen-*` key wxgen does not read is a typo or an extension of another version: an error, with the closest name. */
export function checkExtensionNames(docs: Documents): void {
  for (const { source, pointer, name } of docs.extensionKeys) {
    if (extensionNames.includes(name)) continue;
    const near = closestWord(name, extensionNames);
    throw specError(source, pointer, `unknown extension ${name}${near ? `; did you mean ${near}?` : " (spec/README.md lists the x-wxgen-* extensions)"}`, "key");
  }
}

/** The object at `at`, or a positioned error saying what `name` must be. */
function objectAt(at: Location, name: string, shape: string): Raw {
  if (at.value === null || typeof at.value !== "object" || Array.isArray(at.value)) throw specError(at.source, at.pointer, `${name} must be an object (${shape})`);
  return at.value as Raw;
}

/** Fields of an extension's object beyond `fields` are typos: an error naming the closest one. */
function onlyFields(at: Location, name: string, fields: readonly string[]): void {
  for (const key of Object.keys(at.value as Raw)) {
    if (fields.includes(key)) continue;
    const near = closestWord(key, fields);
    throw specError(at.source, [...at.pointer, key], `${name} has no field "${key}"${near ? `; did you mean "${near}"?` : ` (it has ${fields.join(", ")})`}`, "key");
  }
}

/** A non-empty string, or undefined when absent. */
function stringAt(at: Location, name: string): string | undefined {
  if (at.value === undefined) return undefined;
  if (typeof at.value !== "string" || at.value === "") throw specError(at.source, at.pointer, `${name} must be a non-empty string`);
  return at.value;
}

/** true or false, or undefined when absent. */
function booleanAt(at: Location, name: string): boolean | undefined {
  if (at.value === undefined || typeof at.value === "boolean") return at.value;
  throw specError(at.source, at.pointer, `${name} must be true or false`);
}

/** A list of strings (empty when absent). */
function stringsAt(at: Location, name: string): string[] {
  if (at.value === undefined) return [];
  if (!Array.isArray(at.value) || at.value.some((item) => typeof item !== "string")) throw specError(at.source, at.pointer, `${name} must be a list of strings`);
  return at.value as string[];
}

/** The one value a protocol extension may take today: the protocol the runtime implements. */
function protocolAt(at: Location, name: string, what: string): "wechat" | undefined {
  if (at.value === undefined) return undefined;
  if (at.value !== "wechat") throw specError(at.source, at.pointer, `${name} must be \`wechat\` (the only ${what} the runtime implements)`);
  return "wechat";
}

/** What the root's extensions say besides security and in-band errors. */
export interface RootExtensions {
  name?: string;
  baseUrl?: string;
  tolerant: boolean;
  push?: "wechat";
  openData?: "wechat";
}

/** `x-wxgen-client` (name, baseUrl; modes: readGatewayModes), `x-wxgen-tolerant`, `x-wxgen-push`, `x-wxgen-open-data`. */
export function readRootExtensions(root: Location, docs: Documents): RootExtensions {
  const out: RootExtensions = { tolerant: booleanAt(docs.child(root, "x-wxgen-tolerant"), "x-wxgen-tolerant") === true };
  const client = docs.child(root, "x-wxgen-client");
  if (client.value !== undefined) {
    objectAt(client, "x-wxgen-client", "name, baseUrl, modes");
    onlyFields(client, "x-wxgen-client", ["name", "baseUrl", "modes"]);
    const name = stringAt(docs.child(client, "name"), "x-wxgen-client.name");
    const baseUrl = stringAt(docs.child(client, "baseUrl"), "x-wxgen-client.baseUrl");
    if (name !== undefined) out.name = name;
    if (baseUrl !== undefined) out.baseUrl = baseUrl;
  }
  const push = protocolAt(docs.child(root, "x-wxgen-push"), "x-wxgen-push", "push delivery");
  if (push) out.push = push;
  const openData = protocolAt(docs.child(root, "x-wxgen-open-data"), "x-wxgen-open-data", "set of open-data helpers");
  if (openData) out.openData = openData;
  return out;
}

/** `x-wxgen-path` on a path item: the path sent, when the key differs (`/wxa/plugin#apply`). */
export function readPathOverride(item: Location, docs: Documents): string | undefined {
  const at = docs.child(item, "x-wxgen-path");
  const path = stringAt(at, "x-wxgen-path");
  if (path !== undefined && !path.startsWith("/")) throw specError(at.source, at.pointer, "x-wxgen-path must be a path starting with /");
  return path;
}

/** What an operation's own extensions say (in-band errors and API 安全 are read with their rules). */
export interface OperationExtensions {
  errorCodes: Record<string, string>;
  retryable: number[];
  idempotent?: boolean;
  credentialsIn?: "body";
  englishName?: string;
}

/** `x-wxgen-error-codes`, `x-wxgen-retryable`, `x-wxgen-idempotent`, `x-wxgen-credentials-in`, `x-wxgen-english-name`. */
export function readOperationExtensions(at: Location, docs: Documents): OperationExtensions {
  const out: OperationExtensions = {
    errorCodes: readCodes(docs.child(at, "x-wxgen-error-codes")),
    retryable: readCodeList(docs.child(at, "x-wxgen-retryable")),
  };
  const idempotent = booleanAt(docs.child(at, "x-wxgen-idempotent"), "x-wxgen-idempotent");
  if (idempotent !== undefined) out.idempotent = idempotent;
  const credentialsIn = docs.child(at, "x-wxgen-credentials-in");
  if (credentialsIn.value !== undefined) {
    if (credentialsIn.value !== "body") throw specError(credentialsIn.source, credentialsIn.pointer, "x-wxgen-credentials-in must be `body` (query credentials go in the body too)");
    out.credentialsIn = "body";
  }
  const englishName = stringAt(docs.child(at, "x-wxgen-english-name"), "x-wxgen-english-name");
  if (englishName !== undefined) out.englishName = englishName;
  return out;
}

/**
 * `x-wxgen-api-security: true` on an operation: only with the root rule, and only for JSON bodies
 * (`otherBodyType`: the content type of a body that is not JSON).
 */
export function readApiSecurityMark(at: Location, docs: Documents, hasRule: boolean, otherBodyType: string | undefined): boolean {
  const mark = docs.child(at, "x-wxgen-api-security");
  if (booleanAt(mark, "x-wxgen-api-security on an operation") !== true) return false;
  if (!hasRule) throw specError(mark.source, mark.pointer, "x-wxgen-api-security on an operation needs the root x-wxgen-api-security rule");
  if (otherBodyType !== undefined) throw specError(mark.source, mark.pointer, `x-wxgen-api-security needs a JSON request body (this one is ${otherBodyType})`);
  return true;
}

/** `x-wxgen-xml-unwrap` on a webhook's post: XML elements whose children the JSON layout has at the top level. */
export function readXmlUnwrap(at: Location, docs: Documents): string[] {
  return stringsAt(docs.child(at, "x-wxgen-xml-unwrap"), "x-wxgen-xml-unwrap");
}

/** `x-wxgen-guaranteed` on a schema: why the API always sends the property. Read only where the key is present (schemas are many). */
export function readGuaranteed(schema: Location, docs: Documents): string | undefined {
  return stringAt(docs.child(schema, "x-wxgen-guaranteed"), "x-wxgen-guaranteed");
}

/** `x-wxgen-client.modes`: each needs a base URL and the security schemes its gateway supplies. */
export function readGatewayModes(root: Location, docs: Documents, schemes: readonly SecurityScheme[]): GatewayMode[] {
  const at = docs.child(docs.child(root, "x-wxgen-client"), "modes");
  if (at.value === undefined) return [];
  const raw = objectAt(at, "x-wxgen-client.modes", "mode names to { baseUrl, supplies }");
  return Object.keys(raw).map((name) => {
    const here = docs.child(at, name);
    if (name === "direct") throw specError(here.source, here.pointer, `"direct" is the mode without a gateway; name the gateway's mode otherwise`);
    objectAt(here, `mode "${name}"`, "baseUrl, supplies, description");
    onlyFields(here, `mode "${name}"`, ["baseUrl", "supplies", "description"]);
    const baseUrl = stringAt(docs.child(here, "baseUrl"), "a mode's baseUrl");
    if (baseUrl === undefined) throw specError(here.source, here.pointer, "a mode needs baseUrl");
    const suppliesAt = docs.child(here, "supplies");
    const supplies = stringsAt(suppliesAt, "supplies");
    const unknown = supplies.find((key) => !schemes.some((s) => s.key === key));
    if (unknown !== undefined) throw specError(suppliesAt.source, suppliesAt.pointer, `no security scheme "${unknown}"`);
    const description = stringAt(docs.child(here, "description"), "a mode's description");
    return { name, baseUrl, supplies, ...(description === undefined ? {} : { description }) };
  });
}

/** `x-wxgen-in-band-error` at `at`; `false` switches an inherited rule off. */
export function readInBandError(at: Location, docs: Documents, schemas: SchemaConverter): InBandErrorRule | false | undefined {
  const here = docs.child(at, "x-wxgen-in-band-error");
  const raw = here.value;
  if (raw === undefined) return undefined;
  if (raw === false) return false;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw specError(here.source, here.pointer, "x-wxgen-in-band-error must be an object or false");
  const rule = raw as Raw;
  onlyFields(here, "x-wxgen-in-band-error", ["code", "message", "success", "codes", "retryable", "requestId", "schema"]);
  for (const key of ["code", "message"]) {
    if (typeof rule[key] !== "string") throw specError(here.source, here.pointer, `x-wxgen-in-band-error.${key} must name the body property`);
  }
  const out: InBandErrorRule = {
    code: rule.code as string,
    message: rule.message as string,
    success: rule.success === undefined ? [0] : readCodeList(docs.child(here, "success")),
    codes: readCodes(docs.child(here, "codes")),
    retryable: readCodeList(docs.child(here, "retryable")),
  };
  const requestId = rule.requestId as Raw | undefined;
  if (requestId !== undefined) {
    if (typeof requestId !== "object" || requestId === null || typeof requestId.name !== "string" || typeof requestId.field !== "string" || typeof requestId.pattern !== "string") {
      throw specError(here.source, [...here.pointer, "requestId"], "requestId needs name, field and pattern");
    }
    out.requestId = { name: requestId.name, field: requestId.field, pattern: requestId.pattern };
  }
  if (rule.schema !== undefined) out.schema = schemas.convert(docs.child(here, "schema"));
  return out;
}

/** A list of integer codes (`retryable`, `x-wxgen-retryable`). */
export function readCodeList(at: Location): number[] {
  if (at.value === undefined) return [];
  if (!Array.isArray(at.value) || at.value.some((code) => !Number.isInteger(code))) throw specError(at.source, at.pointer, "expected a list of integer error codes");
  return at.value as number[];
}

/** A code → meaning map (`x-wxgen-error-codes`, `codes`). */
export function readCodes(at: Location): Record<string, string> {
  if (at.value === undefined) return {};
  if (at.value === null || typeof at.value !== "object") throw specError(at.source, at.pointer, "expected a map of error code → meaning");
  const codes: Record<string, string> = {};
  for (const [code, meaning] of Object.entries(at.value as Raw)) {
    if (!/^-?\d+$/.test(code)) throw specError(at.source, [...at.pointer, code], `error code "${code}" is not an integer`);
    codes[code] = String(meaning);
  }
  return codes;
}

export function readSecuritySchemes(at: Location, docs: Documents): SecurityScheme[] {
  const raw = (at.value ?? {}) as Raw;
  return Object.keys(raw).map((key) => {
    return readScheme(key, docs.follow(docs.child(at, key)), docs);
  });
}

function readScheme(key: string, at: Location, docs: Documents): SecurityScheme {
  const raw = at.value as Raw;
  const type = raw.type as SecurityScheme["type"];
  if (!["apiKey", "http", "oauth2", "openIdConnect", "mutualTLS"].includes(type)) {
    throw specError(at.source, [...at.pointer, "type"], `unknown security scheme type ${JSON.stringify(raw.type)}`);
  }
  const scheme: SecurityScheme = { key, type };
  if (type === "apiKey") {
    if (!["query", "header", "cookie"].includes(raw.in as string) || typeof raw.name !== "string") {
      throw specError(at.source, at.pointer, "an apiKey scheme needs `in` (query, header or cookie) and `name`");
    }
    scheme.in = raw.in as "query" | "header" | "cookie";
    scheme.paramName = raw.name;
  }
  if (typeof raw.scheme === "string") scheme.scheme = raw.scheme.toLowerCase();
  if (typeof raw.description === "string") scheme.description = raw.description;
  const option = docs.child(at, "x-wxgen-option");
  if (option.value !== undefined) {
    if (type !== "apiKey" || typeof option.value !== "string" || !identifier.test(option.value)) {
      throw specError(option.source, option.pointer, "x-wxgen-option must name a client option (an identifier), on an apiKey scheme");
    }
    scheme.option = option.value;
  }
  const token = docs.child(at, "x-wxgen-token");
  if (token.value !== undefined) scheme.token = readToken(token, docs);
  const signature = docs.child(at, "x-wxgen-signature");
  if (signature.value !== undefined) scheme.signature = readSignature(signature, scheme, docs);
  return scheme;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function readSignature(at: Location, scheme: SecurityScheme, docs: Documents): SignatureRuleSpec {
  const raw = objectAt(at, "x-wxgen-signature", "algorithm, message, key");
  onlyFields(at, "x-wxgen-signature", ["algorithm", "message", "key"]);
  if (scheme.type !== "apiKey" || scheme.in === "cookie") throw specError(at.source, at.pointer, "x-wxgen-signature needs an apiKey scheme in query or header");
  if (raw.algorithm !== "hmac-sha256") throw specError(at.source, [...at.pointer, "algorithm"], 'x-wxgen-signature.algorithm must be "hmac-sha256"');
  if (typeof raw.message !== "string" || !raw.message.includes("{body}")) {
    throw specError(at.source, [...at.pointer, "message"], "x-wxgen-signature.message must be a string that contains {body}");
  }
  const keyAt = docs.child(at, "key");
  const key = objectAt(keyAt, "x-wxgen-signature.key", "option or argument, description");
  onlyFields(keyAt, "x-wxgen-signature.key", ["option", "argument", "description"]);
  const { option, argument } = key;
  if ((option === undefined) === (argument === undefined) || ![option, argument].some((name) => typeof name === "string" && identifier.test(name))) {
    throw specError(keyAt.source, keyAt.pointer, "x-wxgen-signature.key needs exactly one of `option` or `argument`, an identifier");
  }
  const keyDescription = stringAt(docs.child(keyAt, "description"), "x-wxgen-signature.key.description");
  return {
    algorithm: "hmac-sha256",
    message: raw.message,
    ...(typeof option === "string" ? { keyOption: option } : { keyArgument: argument as string }),
    ...(keyDescription === undefined ? {} : { keyDescription }),
  };
}

const tokenFields = ["modes", "token", "expiresIn", "invalidCodes", "fallbackModes", "force", "examples"];

function readToken(at: Location, docs: Documents): TokenRule {
  const raw = objectAt(at, "x-wxgen-token", tokenFields.join(", "));
  onlyFields(at, "x-wxgen-token", tokenFields);
  const modes = raw.modes as Record<string, unknown> | undefined;
  if (!modes || typeof modes !== "object" || Object.keys(modes).length === 0 || Object.values(modes).some((v) => typeof v !== "string")) {
    throw specError(at.source, [...at.pointer, "modes"], "x-wxgen-token.modes must map mode names to operationIds");
  }
  for (const key of ["token", "expiresIn"]) {
    if (typeof raw[key] !== "string") throw specError(at.source, at.pointer, `x-wxgen-token.${key} must name a response property`);
  }
  const fallbackAt = docs.child(at, "fallbackModes");
  const fallbackModes = stringsAt(fallbackAt, "x-wxgen-token.fallbackModes");
  const stray = fallbackModes.find((mode) => !(mode in modes));
  if (stray !== undefined) throw specError(fallbackAt.source, fallbackAt.pointer, `x-wxgen-token.fallbackModes: "${stray}" is not one of the modes`);
  const rule: TokenRule = {
    modes: modes as Record<string, string>,
    tokenField: raw.token as string,
    expiresInField: raw.expiresIn as string,
    invalidCodes: readCodeList(docs.child(at, "invalidCodes")),
    fallbackModes,
    examples: readTokenExamples(docs.child(at, "examples"), docs),
  };
  const force = raw.force as Raw | undefined;
  if (force !== undefined) {
    if (typeof force !== "object" || force === null || typeof force.mode !== "string" || !(force.mode in modes) || typeof force.input !== "object" || force.input === null) {
      throw specError(at.source, [...at.pointer, "force"], "x-wxgen-token.force needs `mode` (one of the modes) and an `input` object");
    }
    const interval = force.minIntervalSeconds ?? 0;
    if (typeof interval !== "number" || !(interval >= 0)) throw specError(at.source, [...at.pointer, "force", "minIntervalSeconds"], "x-wxgen-token.force.minIntervalSeconds must be a number of seconds, 0 or more");
    rule.force = { mode: force.mode, input: force.input as Record<string, unknown>, minIntervalSeconds: interval };
  }
  return rule;
}

/** `x-wxgen-token.examples`: the API's own examples of a shared store and of a token provider, for the options' docs. */
function readTokenExamples(at: Location, docs: Documents): TokenRule["examples"] {
  if (at.value === undefined) return {};
  objectAt(at, "x-wxgen-token.examples", "store, provider");
  onlyFields(at, "x-wxgen-token.examples", ["store", "provider"]);
  const store = stringAt(docs.child(at, "store"), "x-wxgen-token.examples.store");
  const provider = stringAt(docs.child(at, "provider"), "x-wxgen-token.examples.provider");
  return { ...(store === undefined ? {} : { store }), ...(provider === undefined ? {} : { provider }) };
}

/** `x-wxgen-api-security` at the root: the protocol of signed and encrypted calls; the app id comes from a scheme's client option. */
export function readApiSecurity(root: Location, docs: Documents, schemes: readonly SecurityScheme[]): ApiSecurityRule | undefined {
  const at = docs.child(root, "x-wxgen-api-security");
  if (at.value === undefined) return undefined;
  const raw = objectAt(at, "x-wxgen-api-security at the root", "protocol, appIdOption, keepInQuery, description");
  onlyFields(at, "x-wxgen-api-security", ["protocol", "appIdOption", "keepInQuery", "description"]);
  const protocol = protocolAt(docs.child(at, "protocol"), "x-wxgen-api-security.protocol", "protocol");
  if (protocol === undefined) throw specError(at.source, at.pointer, "x-wxgen-api-security needs protocol: wechat");
  if (typeof raw.appIdOption !== "string") throw specError(at.source, at.pointer, "x-wxgen-api-security.appIdOption must name the client option holding the app id");
  if (!schemes.some((s) => s.option === raw.appIdOption)) throw specError(at.source, [...at.pointer, "appIdOption"], `no security scheme has x-wxgen-option: ${raw.appIdOption}`);
  const keepInQuery = stringsAt(docs.child(at, "keepInQuery"), "x-wxgen-api-security.keepInQuery (query parameter names)");
  const description = stringAt(docs.child(at, "description"), "x-wxgen-api-security.description");
  return { protocol, appIdOption: raw.appIdOption, keepInQuery, ...(description === undefined ? {} : { description }) };
}

const hmacs = ["sha1", "sha256", "sha512"];

/** `x-wxgen-derived` on a parameter. */
export function readDerived(parameter: Location, docs: Documents): DerivedParameter | undefined {
  const at = docs.child(parameter, "x-wxgen-derived");
  if (at.value === undefined) return undefined;
  const raw = objectAt(at, "x-wxgen-derived", "from, hmac, message, encoding, description");
  onlyFields(at, "x-wxgen-derived", ["from", "hmac", "message", "encoding", "description"]);
  if (typeof raw.from !== "string" || !identifier.test(raw.from)) throw specError(at.source, [...at.pointer, "from"], "x-wxgen-derived.from must name the input the caller passes (an identifier)");
  if (!hmacs.includes(raw.hmac as string)) throw specError(at.source, [...at.pointer, "hmac"], `x-wxgen-derived.hmac must be one of ${hmacs.join(", ")}`);
  if (typeof raw.message !== "string") throw specError(at.source, [...at.pointer, "message"], "x-wxgen-derived.message must be the string to sign (\"\" for none)");
  const encoding = raw.encoding ?? "hex";
  if (encoding !== "hex" && encoding !== "base64") throw specError(at.source, [...at.pointer, "encoding"], "x-wxgen-derived.encoding must be hex or base64");
  const derived: DerivedParameter = { from: raw.from, hmac: raw.hmac as DerivedParameter["hmac"], message: raw.message, encoding };
  const description = stringAt(docs.child(at, "description"), "x-wxgen-derived.description");
  if (description !== undefined) derived.description = description;
  return derived;
}

const callbackHashes = ["md5", "sha1", "sha256"];

/** `x-wxgen-callback` on a webhook's `post`: how the sender signs the body, and the acknowledgement. */
export function readCallback(post: Location, docs: Documents): CallbackRule | undefined {
  const at = docs.child(post, "x-wxgen-callback");
  if (at.value === undefined) return undefined;
  const raw = objectAt(at, "x-wxgen-callback", "signature, timestamp, acknowledgement");
  onlyFields(at, "x-wxgen-callback", ["signature", "timestamp", "acknowledgement"]);
  const signatureLocation = docs.child(at, "signature");
  const signature = objectAt(signatureLocation, "x-wxgen-callback.signature", "field, hash, append");
  onlyFields(signatureLocation, "x-wxgen-callback.signature", ["field", "hash", "append"]);
  const { source, pointer: signatureAt } = signatureLocation;
  if (typeof signature.field !== "string") throw specError(source, signatureAt, "x-wxgen-callback.signature.field must name the body field carrying the signature");
  if (!callbackHashes.includes(signature.hash as string)) throw specError(source, [...signatureAt, "hash"], `x-wxgen-callback.signature.hash must be one of ${callbackHashes.join(", ")}`);
  if (typeof signature.append !== "string") throw specError(source, [...signatureAt, "append"], "x-wxgen-callback.signature.append must be the text between the sorted fields and the secret (\"\" for none)");
  if (!("acknowledgement" in raw)) throw specError(at.source, at.pointer, "x-wxgen-callback needs the acknowledgement the sender expects");
  const timestampField = stringAt(docs.child(at, "timestamp"), "x-wxgen-callback.timestamp (a body field's name)");
  return {
    signature: { field: signature.field, hash: signature.hash as CallbackRule["signature"]["hash"], append: signature.append },
    acknowledgement: raw.acknowledgement,
    ...(timestampField === undefined ? {} : { timestampField }),
  };
}
