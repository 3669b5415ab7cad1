import type { Webhook } from "../generator/model/types.js";
import { callbackSignature } from "../generator/runtime/push-callback.js";
import { createIntracityOrderStatusReceiver, type CallbackReceiverOptions, type PushReceiver } from "../generated/wechat/index.js";

/** The receiver factory of each signed callback (`x-wxgen-callback`) of the WeChat description, by webhook name. */
// Each factory takes its own message type; the deliveries here hand the handler whatever it validated.
const receivers: Record<string, (options: CallbackReceiverOptions<any, any>) => PushReceiver> = {
  intracityOrderStatus: createIntracityOrderStatusReceiver,
};

const secret = "callback-test-secret";
const quiet = { warn: () => undefined, error: () => undefined };

/**
 * Delivers `payload` to a fresh receiver of the callback `webhook`, signed by the callback's rule
 * (its timestamp left as it is: the receiver takes any); returns the answer and what the handler got.
 */
export async function deliverCallback(webhook: Webhook, payload: Record<string, unknown>) {
  const create = receivers[webhook.name];
  if (!create) throw new Error(`test/callbacks.ts has no receiver for the callback "${webhook.name}"`);
  const { signature } = webhook.callback!;
  const body: Record<string, unknown> = { ...payload };
  delete body[signature.field];
  body[signature.field] = callbackSignature(body, signature, secret);
  const got: unknown[] = [];
  const receiver = create({ secret, handler: (message) => void got.push(message), logger: quiet, timestampToleranceSeconds: Infinity });
  const answer = await receiver.handle({ method: "POST", query: {}, body: JSON.stringify(body) });
  return { answer, got, sent: body };
}
