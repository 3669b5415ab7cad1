import { jsonBody, type SimRequest } from "./http.js";

/** What the simulator knows of an operation: the id the generated client reports, and where it is sent. */
export interface SimOperation {
  /** The namespaced id in the client's errors and hooks: `auth.code2Session`. */
  readonly id: string;
  readonly method: string;
  readonly path: string;
  /** Constants the client fills, which tell operations sharing a path apart (`action: apply`). */
  readonly fills?: readonly { readonly in: string; readonly name: string; readonly value: unknown }[];
}

/**
 * How a test names an operation: its id (`"auth.code2Session"`) or the route it is sent to
 * (`"GET /sns/jscode2session"`).
 */
export type OperationRef = string;

/** A reference made definite: the route always, the operation when the ref or the route names one. */
export interface ResolvedRef {
  readonly route: string;
  /** Set when the ref is an operation id: only requests identified as that operation match. */
  readonly id?: string;
}

const ROUTE = /^[A-Z]+ \/\S*$/;

const routeOf = (request: { method: string; path: string }): string => `${request.method} ${request.path}`;

/** Operations by route and by id: which operation a request is for, and what a test's ref names. */
export class OperationIndex<T extends SimOperation = SimOperation> {
  private readonly byRoute = new Map<string, T[]>();
  private readonly byId = new Map<string, T>();

  constructor(operations: Iterable<T>) {
    for (const operation of operations) {
      if (this.byId.has(operation.id)) continue;
      this.byId.set(operation.id, operation);
      const route = routeOf(operation);
      this.byRoute.set(route, [...(this.byRoute.get(route) ?? []), operation]);
    }
  }

  /** Every operation, once each. */
  get all(): T[] {
    return [...this.byId.values()];
  }

  /** The operation a request is for: by route, then (for a shared path) by the constants it carries. */
  identify(request: SimRequest): T | undefined {
    const candidates = this.byRoute.get(routeOf(request));
    if (!candidates || candidates.length === 1) return candidates?.[0];
    return candidates.find((operation) => carriesFills(request, operation)) ?? candidates[0];
  }

  /** Throws on an id the simulator does not know, so that a typo fails the test instead of never matching. */
  resolve(ref: OperationRef): ResolvedRef {
    if (ROUTE.test(ref)) return { route: ref };
    const operation = this.byId.get(ref);
    if (!operation) throw new TypeError(`the simulator knows no operation "${ref}": give its id (auth.code2Session) or its route ("GET /sns/jscode2session")`);
    return { route: routeOf(operation), id: operation.id };
  }

  /** Whether a request (and the operation it was identified as, if any) is one the ref names. */
  static matches(ref: ResolvedRef, request: { method: string; path: string; operation?: string | undefined }): boolean {
    return ref.id ? request.operation === ref.id : routeOf(request) === ref.route;
  }
}

function carriesFills(request: SimRequest, operation: SimOperation): boolean {
  const body = jsonBody(request) ?? {};
  return (operation.fills ?? []).every((fill) => (fill.in === "body" ? body[fill.name] === fill.value : request.query.get(fill.name) === String(fill.value)));
}
