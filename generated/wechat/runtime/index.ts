export { Core, type ClientOptions, type CoreConfig, type RequestOptions, type ResponseMismatch } from "./core.js";
export {
  ApiClientError, ConnectionError, CredentialError, HttpError, InBandApiError, RequestValidationError, ResponseValidationError,
  TimeoutError, TokenStoreError,
} from "./errors.js";
export type { ApiRequest, ApiResponse, Middleware, Next, RawResponse, WireExchange } from "./middleware.js";
export { withDerived, type DerivedSpec } from "./derive.js";
export type { BodySpec, FillSpec, InBandErrorSpec, OperationSpec, ParamSpec, ResponseSpec } from "./operation.js";
export { binaryInput, discriminated, exposeAll, fromText, int64, int64Input, jsonDecoded, jsonEncoded, lazy, oneOrMany, z, type BinaryInput, type BinaryResponse, type Lazy, type Schema } from "./schema.js";
export { credential, withCredential, type CredentialValue, type SchemeSpec } from "./security.js";
export { TokenAccess, type TokenRule, type TokenSettings } from "./token-access.js";
export { redisTokenStore, type RedisLike, type RedisTokenStoreOptions } from "./redis-store.js";
export {
  MemoryTokenStore, TokenManager, tokenMiddleware, type IssuedToken, type StoredToken, type TokenLock, type TokenProvider, type TokenStore,
} from "./token.js";
