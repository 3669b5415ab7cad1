/** What `.withResponse()` gives besides the data. */
export interface RawResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface WithResponse<T> {
  readonly data: T;
  readonly response: RawResponse;
}

/**
 * The promise every operation returns: awaits to the data, and `.withResponse()` gives the data
 * with the HTTP status and headers of the same response (no second request).
 */
export class ApiPromise<T> extends Promise<T> {
  // then/catch/finally build plain promises, never another ApiPromise.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #result: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  constructor(result: Promise<WithResponse<T>>) {
    super((resolve) => resolve(undefined as T));
    this.#result = result;
  }

  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  /** Made on first use, so a caller who only wants `.withResponse()` leaves no unhandled rejection behind. */
  #dataPromise(): Promise<T> {
    return (this.#data ??= this.#result.then((result) => result.data));
  }

  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#dataPromise().then(onFulfilled, onRejected);
  }

  override catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#dataPromise().catch(onRejected);
  }

  override finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#dataPromise().finally(onFinally);
  }
}
