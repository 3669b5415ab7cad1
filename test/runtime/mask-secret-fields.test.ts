import { describe, expect, it } from "vitest";
import { maskSecretFields } from "../../generator/runtime/redact.js";

describe("maskSecretFields (bodies kept for error reports)", () => {
  it("masks properties named like secrets, escaped quotes included", () => {
    expect(maskSecretFields('{"access_token":"SECRET\\"X","expires_in":"soon"}')).toBe('{"access_token":"***","expires_in":"soon"}');
  });

  it("masks properties the description marks secret whatever their name, and nothing else", () => {
    const body = '{"pin": "1234", "pincode":"5678", "nested":{"pin":"9"}}';
    expect(maskSecretFields(body)).toBe(body);
    expect(maskSecretFields(body, ["pin"])).toBe('{"pin": "***", "pincode":"5678", "nested":{"pin":"***"}}');
  });
});
