import { describe, expect, it } from "vitest";
import { compose, type ApiRequest, type ApiResponse, type Middleware } from "../../generator/runtime/middleware.js";

describe("compose", () => {
  it("runs the first middleware outermost: it sees the request first and the response last", async () => {
    const trace: string[] = [];
    const named = (name: string): Middleware => async (request, next) => {
      trace.push(`${name} >`);
      const response = await next({ ...request, path: `${request.path}/${name}` });
      trace.push(`< ${name}`);
      return response;
    };
    const send = async (request: ApiRequest) => (trace.push(`send ${request.path}`), { status: 200, data: request.path } as ApiResponse);
    const response = await compose([named("a"), named("b")], send)({ path: "" } as ApiRequest);
    expect(trace).toEqual(["a >", "b >", "send /a/b", "< b", "< a"]);
    expect(response.data).toBe("/a/b");
  });

  it("lets a middleware call next again (a retry) or answer without sending", async () => {
    let sent = 0;
    const send = async () => ({ status: ++sent } as ApiResponse);
    const twice: Middleware = async (request, next) => (await next(request), next(request));
    expect((await compose([twice], send)({} as ApiRequest)).status).toBe(2);
    const cached: Middleware = async () => ({ status: 304 } as ApiResponse);
    expect((await compose([cached, twice], send)({} as ApiRequest)).status).toBe(304);
    expect(sent).toBe(2);
  });
});
