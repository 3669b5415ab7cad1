export { ApiPromise, type RawResponse, type WithResponse } from "./api-promise.js";
export { Core, type ClientOptions, type CoreConfig, type RequestOptions, type ResponseMismatch } from "./core.js";
export {
  AbortError, ApiClientError, ConnectionError, CredentialError, HttpError, InBandApiError, RequestValidationError, ResponseTooLargeError,
  ResponseValidationError, TimeoutError, TokenStoreError,
} from "./errors.js";
export type { ErrorEvent, Hooks, RequestEvent, ResponseEvent, RetryHookEvent } from "./observe.js";
export type { ApiRequest, ApiResponse, Middleware, Next, ExchangedResponse, WireExchange } from "./middleware.js";
export { withDerived, type DerivedSpec } from "./derive.js";
export { bindMethods, bindNamespaces, operationModule, type BodySpec, type FillSpec, type InBandErrorSpec, type MethodRef, type MethodTable, type NamespaceTables, type OperationModule, type OperationRef, type OperationSpec, type ParamSpec, type ResponseSpec } from "./operation.js";
export { discriminated } from "./json-schema.js";
export { binaryInput, exposeAll, fromText, int64, int64Input, jsonDecoded, jsonEncoded, lazy, oneOrMany, z, type BinaryInput, type BinaryResponse, type Lazy, type Schema } from "./schema.js";
export { credential, withCredential, type CredentialValue, type SchemeSpec } from "./security.js";
export { TokenAccess, type TokenRule, type TokenSettings } from "./token-access.js";
export type { RedisLike, RedisTokenStoreOptions } from "./redis-store.js";
export {
  MemoryTokenStore, redisTokenStore, TokenManager, tokenMiddleware, type IssuedToken, type StoredToken, type TokenLock, type TokenProvider, type TokenStore,
} from "./token.js";
