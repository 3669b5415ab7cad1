import type { Documents, Location } from "../load/documents.js";
import { specError } from "../load/source.js";
import type { SchemaConverter } from "./schemas.js";
import type { ApiSecurityRule, CallbackRule, DerivedParameter, GatewayMode, InBandErrorRule, SecurityScheme, SignatureRuleSpec, TokenRule } from "./types.js";

/** Readers for the `x-wxgen-*` extensions documented in spec/README.md. */

type Raw = Record<string, unknown>;

export function readClient(root: Raw): { name?: string; baseUrl?: string } {
  const raw = (root["x-wxgen-client"] ?? {}) as Raw;
  return {
    ...(typeof raw.name === "string" ? { name: raw.name } : {}),
    ...(typeof raw.baseUrl === "string" ? { baseUrl: raw.baseUrl } : {}),
  };
}

/** `x-wxgen-client.modes`: each needs a base URL and the security schemes its gateway supplies. */
export function readGatewayModes(at: Location, schemes: readonly SecurityScheme[]): GatewayMode[] {
  const raw = at.value;
  if (raw === undefined) return [];
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw specError(at.source, at.pointer, "x-wxgen-client.modes must map mode names to { baseUrl, supplies }");
  return Object.entries(raw as Record<string, Raw>).map(([name, mode]) => {
    const pointer = [...at.pointer, name];
    if (name === "direct") throw specError(at.source, pointer, `"direct" is the mode without a gateway; name the gateway's mode otherwise`);
    if (typeof mode?.baseUrl !== "string") throw specError(at.source, pointer, "a mode needs baseUrl");
    const supplies = Array.isArray(mode.supplies) ? mode.supplies.map(String) : [];
    const unknown = supplies.find((key) => !schemes.some((s) => s.key === key));
    if (unknown !== undefined) throw specError(at.source, [...pointer, "supplies"], `no security scheme "${unknown}"`);
    return { name, baseUrl: mode.baseUrl, supplies, ...(typeof mode.description === "string" ? { description: mode.description } : {}) };
  });
}

/** `x-wxgen-tolerant` (root): `true` reads what the API sends leniently. */
export function readTolerant(root: Location): boolean {
  const raw = (root.value as Raw)["x-wxgen-tolerant"];
  if (raw === undefined || typeof raw === "boolean") return raw === true;
  throw specError(root.source, [...root.pointer, "x-wxgen-tolerant"], "x-wxgen-tolerant must be true or false");
}

/** `x-wxgen-in-band-error` at `at`; `false` switches an inherited rule off. */
export function readInBandError(at: Location, docs: Documents, schemas: SchemaConverter): InBandErrorRule | false | undefined {
  const here = docs.child(at, "x-wxgen-in-band-error");
  const raw = here.value;
  if (raw === undefined) return undefined;
  if (raw === false) return false;
  if (raw === null || typeof raw !== "object") throw specError(here.source, here.pointer, "x-wxgen-in-band-error must be an object or false");
  const rule = raw as Raw;
  for (const key of ["code", "message"]) {
    if (typeof rule[key] !== "string") throw specError(here.source, here.pointer, `x-wxgen-in-band-error.${key} must name the body property`);
  }
  const out: InBandErrorRule = {
    code: rule.code as string,
    message: rule.message as string,
    success: Array.isArray(rule.success) ? rule.success.map(Number) : [0],
    codes: readCodes(docs.child(here, "codes")),
    retryable: readCodeList(docs.child(here, "retryable")),
  };
  const requestId = rule.requestId as Raw | undefined;
  if (requestId) {
    if (typeof requestId.name !== "string" || typeof requestId.field !== "string" || typeof requestId.pattern !== "string") {
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
  if (typeof raw["x-wxgen-option"] === "string") scheme.option = raw["x-wxgen-option"];
  const token = docs.child(at, "x-wxgen-token");
  if (token.value !== undefined) scheme.token = readToken(token);
  const signature = docs.child(at, "x-wxgen-signature");
  if (signature.value !== undefined) scheme.signature = readSignature(signature, scheme);
  return scheme;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function readSignature(at: Location, scheme: SecurityScheme): SignatureRuleSpec {
  const raw = at.value as Raw;
  if (scheme.type !== "apiKey" || scheme.in === "cookie") throw specError(at.source, at.pointer, "x-wxgen-signature needs an apiKey scheme in query or header");
  if (raw.algorithm !== "hmac-sha256") throw specError(at.source, [...at.pointer, "algorithm"], 'x-wxgen-signature.algorithm must be "hmac-sha256"');
  if (typeof raw.message !== "string" || !raw.message.includes("{body}")) {
    throw specError(at.source, [...at.pointer, "message"], "x-wxgen-signature.message must be a string that contains {body}");
  }
  const key = (raw.key ?? {}) as Raw;
  const option = key.option;
  const argument = key.argument;
  if ((option === undefined) === (argument === undefined) || ![option, argument].some((name) => typeof name === "string" && identifier.test(name))) {
    throw specError(at.source, [...at.pointer, "key"], "x-wxgen-signature.key needs exactly one of `option` or `argument`, an identifier");
  }
  return {
    algorithm: "hmac-sha256",
    message: raw.message,
    ...(typeof option === "string" ? { keyOption: option } : { keyArgument: argument as string }),
    ...(typeof key.description === "string" ? { keyDescription: key.description } : {}),
  };
}

function readToken(at: Location): TokenRule {
  const raw = at.value as Raw;
  const modes = raw.modes as Record<string, unknown> | undefined;
  if (!modes || typeof modes !== "object" || Object.keys(modes).length === 0 || Object.values(modes).some((v) => typeof v !== "string")) {
    throw specError(at.source, [...at.pointer, "modes"], "x-wxgen-token.modes must map mode names to operationIds");
  }
  for (const key of ["token", "expiresIn"]) {
    if (typeof raw[key] !== "string") throw specError(at.source, at.pointer, `x-wxgen-token.${key} must name a response property`);
  }
  const rule: TokenRule = {
    modes: modes as Record<string, string>,
    tokenField: raw.token as string,
    expiresInField: raw.expiresIn as string,
    invalidCodes: numbers(raw.invalidCodes),
    fallbackModes: Array.isArray(raw.fallbackModes) ? raw.fallbackModes.map(String) : [],
  };
  const force = raw.force as Raw | undefined;
  if (force !== undefined) {
    if (typeof force.mode !== "string" || !(force.mode in modes) || typeof force.input !== "object" || force.input === null) {
      throw specError(at.source, [...at.pointer, "force"], "x-wxgen-token.force needs `mode` (one of the modes) and an `input` object");
    }
    rule.force = { mode: force.mode, input: force.input as Record<string, unknown>, minIntervalSeconds: Number(force.minIntervalSeconds ?? 0) };
  }
  return rule;
}

function numbers(raw: unknown): number[] {
  return Array.isArray(raw) ? raw.map(Number) : [];
}

/** `x-wxgen-api-security` at the root: the protocol of signed and encrypted calls. */
export function readApiSecurity(root: Location, docs: Documents): ApiSecurityRule | undefined {
  const at = docs.child(root, "x-wxgen-api-security");
  if (at.value === undefined) return undefined;
  const raw = (at.value ?? {}) as Raw;
  if (raw.protocol !== "wechat") throw specError(at.source, [...at.pointer, "protocol"], "x-wxgen-api-security.protocol must be `wechat` (the only protocol the runtime implements)");
  if (typeof raw.appIdOption !== "string") throw specError(at.source, at.pointer, "x-wxgen-api-security.appIdOption must name the client option holding the app id");
  const keep = raw.keepInQuery ?? [];
  if (!Array.isArray(keep) || keep.some((name) => typeof name !== "string")) throw specError(at.source, [...at.pointer, "keepInQuery"], "keepInQuery must be a list of query parameter names");
  return { protocol: "wechat", appIdOption: raw.appIdOption, keepInQuery: keep as string[] };
}

const hmacs = ["sha1", "sha256", "sha512"];

/** `x-wxgen-derived` on a parameter. */
export function readDerived(parameter: Location, docs: Documents): DerivedParameter | undefined {
  const at = docs.child(parameter, "x-wxgen-derived");
  if (at.value === undefined) return undefined;
  const raw = (at.value ?? {}) as Raw;
  if (typeof raw.from !== "string" || !/^[A-Za-z_$][\w$]*$/.test(raw.from)) throw specError(at.source, [...at.pointer, "from"], "x-wxgen-derived.from must name the input the caller passes (an identifier)");
  if (!hmacs.includes(raw.hmac as string)) throw specError(at.source, [...at.pointer, "hmac"], `x-wxgen-derived.hmac must be one of ${hmacs.join(", ")}`);
  if (typeof raw.message !== "string") throw specError(at.source, [...at.pointer, "message"], "x-wxgen-derived.message must be the string to sign (\"\" for none)");
  const encoding = raw.encoding ?? "hex";
  if (encoding !== "hex" && encoding !== "base64") throw specError(at.source, [...at.pointer, "encoding"], "x-wxgen-derived.encoding must be hex or base64");
  const derived: DerivedParameter = { from: raw.from, hmac: raw.hmac as DerivedParameter["hmac"], message: raw.message, encoding };
  if (typeof raw.description === "string") derived.description = raw.description;
  return derived;
}

const callbackHashes = ["md5", "sha1", "sha256"];

/** `x-wxgen-callback` on a webhook's `post`: how the sender signs the body, and the acknowledgement. */
export function readCallback(post: Location, docs: Documents): CallbackRule | undefined {
  const at = docs.child(post, "x-wxgen-callback");
  if (at.value === undefined) return undefined;
  const raw = at.value as Raw;
  if (raw === null || typeof raw !== "object") throw specError(at.source, at.pointer, "x-wxgen-callback must be an object { signature, acknowledgement }");
  const signature = (raw.signature ?? {}) as Raw;
  const signatureAt = [...at.pointer, "signature"];
  if (typeof signature.field !== "string") throw specError(at.source, signatureAt, "x-wxgen-callback.signature.field must name the body field carrying the signature");
  if (!callbackHashes.includes(signature.hash as string)) throw specError(at.source, [...signatureAt, "hash"], `x-wxgen-callback.signature.hash must be one of ${callbackHashes.join(", ")}`);
  if (typeof signature.append !== "string") throw specError(at.source, [...signatureAt, "append"], "x-wxgen-callback.signature.append must be the text between the sorted fields and the secret (\"\" for none)");
  if (!("acknowledgement" in raw)) throw specError(at.source, at.pointer, "x-wxgen-callback needs the acknowledgement the sender expects");
  if (raw.timestamp !== undefined && typeof raw.timestamp !== "string") throw specError(at.source, [...at.pointer, "timestamp"], "x-wxgen-callback.timestamp must name a body field");
  return {
    signature: { field: signature.field, hash: signature.hash as CallbackRule["signature"]["hash"], append: signature.append },
    acknowledgement: raw.acknowledgement,
    ...(typeof raw.timestamp === "string" ? { timestampField: raw.timestamp } : {}),
  };
}
