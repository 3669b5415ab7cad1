import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { describe, expect, it, vi } from "vitest";
import { Observer } from "../../generator/runtime/observe.js";

const event = { operation: "op", attempt: 0, method: "GET", url: "https://x/" };

describe("Observer", () => {
  it("wants an event only when a hook or a channel subscriber listens", () => {
    const observer = new Observer({ onRequest: () => undefined });
    expect(observer.wants("onRequest")).toBe(true);
    expect(observer.wants("onResponse")).toBe(false);
    const listener = () => undefined;
    subscribe("wxgen:response", listener);
    try {
      expect(observer.wants("onResponse")).toBe(true);
    } finally {
      unsubscribe("wxgen:response", listener);
    }
    expect(observer.wants("onResponse")).toBe(false);
  });

  it("sends each event to its hook and to its diagnostics channel", () => {
    const hooked: unknown[] = [];
    const published: unknown[] = [];
    const listener = (message: unknown) => published.push(message);
    subscribe("wxgen:request", listener);
    try {
      new Observer({ onRequest: (e) => hooked.push(e) }).emit("onRequest", event);
    } finally {
      unsubscribe("wxgen:request", listener);
    }
    expect(hooked).toEqual([event]);
    expect(published).toEqual([event]);
  });

  it("turns a throwing hook into a warning instead of failing the call", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      expect(() => new Observer({ onRequest: () => { throw new Error("hook bug"); } }).emit("onRequest", event)).not.toThrow();
      expect(warn).toHaveBeenCalledWith("wxgen: onRequest hook threw: hook bug");
    } finally {
      warn.mockRestore();
    }
  });
});
