// Type-level tests of HttpError typed by the documented error responses (test/fixtures/shop.yaml), checked by
// `tsc -p .`: every `@ts-expect-error` line must fail to compile, every other line must compile. Nothing here runs.
import { createShopClient, isHttpError, type HttpErrorOf, type HttpErrors, type ItemsCreateHttpError, type Problem } from "../golden/shop/index.js";

const shop = createShopClient({ baseUrl: "http://127.0.0.1", credentials: { bearer: "t" } });

export async function guarded(): Promise<void> {
  try {
    await shop.items.create({ name: "pen", price: 1 });
  } catch (error) {
    if (isHttpError(error, "items.create")) {
      // Before `documented` is checked the body is what the server sent: nothing is known of it.
      // @ts-expect-error body is unknown until documented says which response it is
      void error.body.existing;
      if (error.documented === "409") {
        const existing: number = error.body.existing;
        const status: 409 = error.status;
        void [existing, status];
        // @ts-expect-error the 409 body has no `code`
        void error.body.code;
      }
      // @ts-expect-error items.create documents 409 only
      if (error.documented === "404") void error;
      const issues = error.issues;
      void issues;
    }
    // @ts-expect-error no operation has this id
    if (isHttpError(error, "items.remove")) void error;
  }
}

export function ranges(error: HttpErrorOf<"items.list">, fallback: HttpErrorOf<"items.get">): void {
  if (error.documented === "4XX") {
    const problem: Problem = error.body;
    // A range keeps the status a number.
    const status: number = error.status;
    void [problem, status];
    // @ts-expect-error a 4XX status is not one literal
    const exact: 404 = error.status;
    void exact;
  }
  if (fallback.documented === "default") void (fallback.body.code satisfies string);
  // @ts-expect-error HttpErrorOf takes operation ids only
  type Unknown = HttpErrorOf<"items.remove">;
}

// The per-operation alias and the map agree; an operation without documented errors has no typed body.
export const same: HttpErrors["items.create"] extends ItemsCreateHttpError ? true : false = true;
export function undocumented(error: HttpErrorOf<"items.replaceTags">): undefined {
  // @ts-expect-error items.replaceTags documents no error response
  const documented: "409" = error.documented;
  void documented;
  return error.documented;
}
