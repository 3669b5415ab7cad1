// Type-level tests of signed callbacks (x-wxgen-callback: 同城配送's order-status callback), checked by `tsc -p .`:
// every `@ts-expect-error` line must fail to compile, every other line must compile. Nothing here runs.
import { createIntracityOrderStatusReceiver, type PushHandlers } from "../../generated/wechat/index.js";

export const receiver = createIntracityOrderStatusReceiver({
  secret: "token",
  handler(message) {
    const status: number | undefined = message.order_status;
    const order: string | undefined = message.wx_order_id;
    const sign: string = message.sign;
    return status === 70000 && order !== undefined && sign !== "" ? { return_code: 0, return_msg: "OK" } : undefined;
  },
});

// @ts-expect-error the receiver needs the secret the callback is signed with
createIntracityOrderStatusReceiver({ handler: () => undefined });
// @ts-expect-error the reply is { return_code, return_msg }
createIntracityOrderStatusReceiver({ secret: "token", handler: () => ({ errcode: 0 }) });
// @ts-expect-error return_code is a number
createIntracityOrderStatusReceiver({ secret: "token", handler: () => ({ return_code: "0" }) });
createIntracityOrderStatusReceiver({
  secret: "token",
  // @ts-expect-error the payload has no MsgType: it is not a message push
  handler: (message) => void message.MsgType,
});

// @ts-expect-error a signed callback is not a route of the message push receiver
export const notAPush: PushHandlers = { intracityOrderStatus: () => undefined };
