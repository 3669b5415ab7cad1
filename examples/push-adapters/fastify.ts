import type { FastifyInstance } from "fastify";
import type { PushReceiver } from "../../generated/wechat/index.js";

/** Fastify 5. A scope of its own, where every body arrives as text (the rest of the app keeps its parsers). */
export function routePushes(app: FastifyInstance, push: PushReceiver, path = "/wechat/push"): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));
    scope.all<{ Querystring: Record<string, unknown>; Body: string }>(path, async (request, reply) => {
      const answer = await push.handle({ method: request.method, query: request.query, body: request.body });
      return reply.code(answer.status).type(answer.contentType).send(answer.body);
    });
  });
}
