import { describe, expect, it } from "vitest";
import { checkTimestamp, Rejection } from "../../generator/runtime/push-http.js";

describe("checkTimestamp", () => {
  const now = Math.floor(Date.now() / 1000);
  const refusal = (value: unknown) => {
    try {
      checkTimestamp(value, 300);
    } catch (error) {
      expect(error).toBeInstanceOf(Rejection);
      return `${(error as Rejection).status}: ${(error as Error).message}`;
    }
    return "accepted";
  };

  it("accepts a timestamp within the tolerance, as text or as a number", () => {
    expect(refusal(String(now))).toBe("accepted");
    expect(refusal(now - 299)).toBe("accepted");
    expect(refusal(String(now + 299))).toBe("accepted");
  });

  it("refuses a missing, malformed or stale timestamp with 403 and says which", () => {
    expect(refusal(undefined)).toBe("403: timestamp missing");
    expect(refusal("")).toBe("403: timestamp missing");
    expect(refusal("12.5")).toBe("403: timestamp is not a whole number of seconds");
    expect(refusal("soon")).toBe("403: timestamp is not a whole number of seconds");
    expect(refusal(String(now - 301))).toBe("403: timestamp more than 300 s away");
    expect(refusal(now + 3600)).toBe("403: timestamp more than 300 s away");
  });
});
