#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startSimulator } from "./index.js";

const usage = "Usage: wxgen-wechat-simulator [--port N] [--appid wx…] [--secret …]   a local WeChat API on 127.0.0.1";

function options() {
  try {
    return parseArgs({ options: { port: { type: "string", short: "p" }, appid: { type: "string" }, secret: { type: "string" }, help: { type: "boolean", short: "h" } } }).values;
  } catch (error) {
    console.error(`wxgen-wechat-simulator: ${(error as Error).message.split("\n")[0]}\n${usage}`);
    process.exit(2);
  }
}

const values = options();
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const port = Number(values.port ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`wxgen-wechat-simulator: --port must be a port number, not "${values.port}"\n${usage}`);
  process.exit(2);
}
const sim = await startSimulator({ port, ...(values.appid ? { appid: values.appid } : {}), ...(values.secret ? { secret: values.secret } : {}) });
console.log(`WeChat simulator on ${sim.url} (appid ${sim.state.appid}, secret ${sim.state.secret}); Ctrl-C to stop`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void sim.close().then(() => process.exit(0)));
