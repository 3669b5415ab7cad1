import { startSimulator as startBare, type SimulatorOptions, type WeChatSimulator } from "./server.js";
import { wechatExamples } from "./wechat-examples.js";

// Everything the simulator exports; startSimulator below replaces the bare one.
export * from "./server.js";

/**
 * Starts the local stand-in for api.weixin.qq.com on 127.0.0.1 (`sim.url` is the client's `baseUrl`):
 * tokens, login codes and media behave as WeChat's do; every other operation answers from its
 * official examples.
 */
export function startSimulator(options: SimulatorOptions = {}): Promise<WeChatSimulator> {
  return startBare({ fallbackExamples: wechatExamples(), ...options });
}
