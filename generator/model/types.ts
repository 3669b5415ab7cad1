/**
 * The intermediate model: what the emitters need to know about an API, and nothing about YAML.
 * Schemas stay JSON Schema (2020-12 semantics, OpenAPI 3.0 idioms normalised away), with every
 * `$ref` turned into the name of a `NamedSchema`.
 */

export type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

export type Schema = boolean | SchemaObject;

export interface SchemaObject {
  /** Name of a NamedSchema this schema refers to (plus any sibling keywords, applied too). */
  ref?: string;
  type?: JsonType[];
  enum?: unknown[];
  const?: { value: unknown };
  format?: string;
  /** A string that holds a document of this media type (a JSON string inside JSON)… */
  contentMediaType?: string;
  /** …whose decoded value has this schema. */
  contentSchema?: Schema;
  // strings
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  // numbers
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  // arrays
  items?: Schema;
  prefixItems?: Schema[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  contains?: Schema;
  minContains?: number;
  maxContains?: number;
  // objects
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema;
  patternProperties?: Record<string, Schema>;
  propertyNames?: Schema;
  minProperties?: number;
  maxProperties?: number;
  dependentRequired?: Record<string, string[]>;
  // composition
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  discriminator?: Discriminator;
  // annotations
  title?: string;
  description?: string;
  deprecated?: boolean;
  default?: { value: unknown };
  readOnly?: boolean;
  writeOnly?: boolean;
  /** `x-wxgen-guaranteed`: why the API always sends this property (a required one in what it sends). */
  guaranteed?: string;
}

export interface Discriminator {
  propertyName: string;
  /** Discriminator value → NamedSchema name. */
  mapping: Record<string, string>;
}

export interface NamedSchema {
  /** Legal, unique TypeScript identifier. */
  name: string;
  /** Key under `components.schemas`, when the schema is one. */
  componentKey?: string;
  schema: Schema;
}

export type ParameterLocation = "query" | "path" | "header" | "cookie";

export interface Parameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema: Schema;
  description?: string;
  deprecated?: boolean;
  style: string;
  explode: boolean;
  example?: { value: unknown };
  /** `x-wxgen-derived`: computed by the client from a secret the caller passes instead. */
  derived?: DerivedParameter;
}

/** A parameter computed as HMAC(key = the caller's `from` input, `message`). */
export interface DerivedParameter {
  from: string;
  hmac: "sha1" | "sha256" | "sha512";
  message: string;
  encoding: "hex" | "base64";
  description?: string;
}

/** How a request body goes on the wire. */
export type BodyEncoding = "json" | "multipart" | "form" | "binary" | "text";

/** A documented example value. */
export interface Example {
  name: string;
  summary?: string;
  value: unknown;
}

export interface RequestBody {
  contentType: string;
  encoding: BodyEncoding;
  required: boolean;
  schema: Schema;
  description?: string;
  /** Top-level properties the client fills itself (constants, credentials): not part of the caller's input. */
  omit?: string[];
  /** The body's properties are spread among the call's arguments (else they go under `body`). */
  flatten: boolean;
  examples: Example[];
}

export type ResponseKind = "json" | "binary" | "text" | "empty";

export interface ResponseShape {
  /** HTTP status code, `2XX`-style range or `default`. */
  status: string;
  kind: ResponseKind;
  contentType?: string;
  schema?: Schema;
  description?: string;
  examples: Example[];
}

/** A value the client supplies itself: a `const` parameter or body property. */
export interface Fill {
  in: ParameterLocation | "body";
  name: string;
  value: unknown;
}

/** Declared by `x-wxgen-in-band-error`: errors reported inside a successful response body. */
export interface InBandErrorRule {
  code: string;
  message: string;
  success: number[];
  requestId?: { name: string; field: string; pattern: string };
  schema?: Schema;
  codes: Record<string, string>;
  /** Codes meaning "try again later", for every operation under the rule. */
  retryable: number[];
}

export interface SecurityScheme {
  key: string;
  type: "apiKey" | "http" | "oauth2" | "openIdConnect" | "mutualTLS";
  /** apiKey: where the value goes and under which name. */
  in?: "query" | "header" | "cookie";
  paramName?: string;
  /** http: `bearer`, `basic`, … */
  scheme?: string;
  description?: string;
  /** `x-wxgen-option`: filled from this client option. */
  option?: string;
  /** `x-wxgen-token`: a token the client obtains and refreshes itself. */
  token?: TokenRule;
  /** `x-wxgen-signature`: a MAC over the request path and body bytes. */
  signature?: SignatureRuleSpec;
}

export interface SignatureRuleSpec {
  algorithm: "hmac-sha256";
  /** What is signed: `{path}`, `{body}` and literal text. */
  message: string;
  /** The key is this client option … */
  keyOption?: string;
  /** … or this per-call argument. */
  keyArgument?: string;
  /** What the key is, for the option's or argument's documentation. */
  keyDescription?: string;
}

export interface TokenRule {
  /** Mode name → operation id; the first is the default. */
  modes: Record<string, string>;
  tokenField: string;
  expiresInField: string;
  /** In-band codes meaning "this token is bad": refresh once, replay once. */
  invalidCodes: number[];
  /** A forced renewal: in which mode, with which input, how often at most. */
  force?: { mode: string; input: Record<string, unknown>; minIntervalSeconds: number };
  /** Modes in which a per-process token is safe when the shared store fails. */
  fallbackModes: string[];
  /** `examples`: the API's own examples of a shared store and of a token provider, shown in the options' docs. */
  examples: { store?: string; provider?: string };
}

export interface Operation {
  /** The namespaced name users see: `auth.code2Session`. */
  id: string;
  /** `operationId` as written in the description. */
  operationId?: string;
  /** `x-wxgen-english-name`: the API's current English name, when it differs. */
  englishName?: string;
  /** The file that declares the operation, relative to the working directory. */
  source: string;
  tags: string[];
  namespace: string[];
  /** Method name inside its namespace. */
  method: string;
  /** Prefix for the operation's generated type names. */
  typeName: string;
  httpMethod: string;
  path: string;
  summary?: string;
  description?: string;
  docsUrl?: string;
  deprecated: boolean;
  params: Parameter[];
  body?: RequestBody;
  /** Successful responses (2xx), the first is the one returned. */
  success: ResponseShape;
  /** Documented non-2xx responses. */
  errors: ResponseShape[];
  /** Alternatives of security scheme keys; [] means none needed. */
  security: string[][];
  credentialsIn?: "body";
  inBandError?: InBandErrorRule;
  errorCodes: Record<string, string>;
  /** In-band codes the client retries: the rule's `retryable` plus the operation's `x-wxgen-retryable`. */
  retryableCodes: number[];
  /** `x-wxgen-idempotent`: safe to send twice whatever the HTTP method. */
  idempotent?: boolean;
  fills: Fill[];
  /** `x-wxgen-api-security: true`: the operation can be called signed and encrypted. */
  apiSecurity?: boolean;
}

/** An OpenAPI 3.1 webhook: a request the API makes to us (WeChat's message push). */
export interface Webhook {
  /** The key under `webhooks`: the handler's name. */
  name: string;
  operationId?: string;
  summary?: string;
  description?: string;
  docsUrl?: string;
  /** The payload, in its JSON layout. */
  schema: Schema;
  /** `x-wxgen-xml-unwrap`: XML elements whose children the JSON layout has at the top level. */
  xmlUnwrap: string[];
  /** Examples by media type (`application/json`, `application/xml`). */
  examples: Record<string, Example[]>;
  /** The passive reply (`responses.200`, JSON layout) a sync-mode handler returns, where the push documents one. */
  reply?: { schema: Schema; examples: Example[] };
  /** `x-wxgen-callback`: a signed callback to a URL the caller gave, with its own receiver, not a routed push. */
  callback?: CallbackRule;
}

/** `x-wxgen-callback` on a webhook's `post`; what a handler may answer instead of the acknowledgement is the webhook's `reply`. */
export interface CallbackRule {
  signature: { field: string; hash: "md5" | "sha1" | "sha256"; append: string };
  /** A payload field holding the sending time (Unix seconds). */
  timestampField?: string;
  /** The answer that tells the sender the callback was received. */
  acknowledgement: unknown;
}

export interface ApiSecurityRule {
  /** The only one the runtime implements: `wechat` (服务端 API 签名 / 加密). */
  protocol: "wechat";
  /** The client option holding the app id the protocol signs with. */
  appIdOption: string;
  /** Query parameters that stay in the URL; the others travel inside the envelope. */
  keepInQuery: string[];
  /** What the `apiSecurity` option holds, in the API's words (where its keys come from). */
  description?: string;
}

export interface Tag {
  name: string;
  description?: string;
}

export interface ApiModel {
  /** File name of the description, for the generated header. */
  source: string;
  /** Absolute paths of every file the description spans (for --watch). */
  files: string[];
  title: string;
  version: string;
  description?: string;
  clientName: string;
  baseUrl?: string;
  /** `x-wxgen-client.modes`: deployments where a gateway adds some credentials itself. */
  gatewayModes: GatewayMode[];
  schemas: NamedSchema[];
  operations: Operation[];
  securitySchemes: SecurityScheme[];
  tags: Tag[];
  webhooks: Webhook[];
  /** `x-wxgen-push`: how webhooks are delivered, when a receiver should be generated (`wechat`). */
  pushProtocol?: "wechat";
  /**
   * `x-wxgen-tolerant`: what the API sends (responses, pushes) is read leniently — enums of several
   * values are open and numbers may arrive as numeric strings. What the client sends stays exact.
   */
  tolerant: boolean;
  /** `x-wxgen-api-security` (root): the protocol of signed and encrypted calls. */
  apiSecurity?: ApiSecurityRule;
  /** `x-wxgen-open-data`: the client also exports these open-data helpers (`wechat`). */
  openData?: "wechat";
  /** Problems that did not stop generation, as file:line:col messages. */
  warnings: string[];
}

/** A deployment behind a gateway that adds credentials (WeChat Cloud Hosting's 开放接口服务). */
export interface GatewayMode {
  name: string;
  /** The base URL in that mode. */
  baseUrl: string;
  /** Security schemes the gateway supplies: the client sends nothing for them and needs no options. */
  supplies: string[];
  description?: string;
}
