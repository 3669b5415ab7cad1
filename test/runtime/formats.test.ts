import { describe, expect, it } from "vitest";
import { checkFormat, knownFormat } from "../../generator/runtime/formats.js";

/** Which of `values` the format accepts. */
const accepted = (format: string, values: string[]) => values.filter((value) => checkFormat(format, value));

describe("formats", () => {
  it("checks dates and times by the calendar and the clock, leap days and leap seconds included", () => {
    expect(accepted("date", ["2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "2024-13-01", "2024-04-31", "2024-1-01"])).toEqual(["2024-02-29", "2000-02-29"]);
    expect(accepted("date-time", ["2024-01-01T00:00:00Z", "2024-01-01t10:20:30.5+08:00", "2024-01-01 00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00"])).toEqual(["2024-01-01T00:00:00Z", "2024-01-01t10:20:30.5+08:00"]);
    // A leap second is 23:59:60 in UTC, whatever the offset it is written in.
    expect(accepted("time", ["23:59:60Z", "15:59:60-08:00", "23:59:60+01:00", "12:00:60Z", "08:30:00+23:59", "08:30:00+24:00"])).toEqual(["23:59:60Z", "15:59:60-08:00", "08:30:00+23:59"]);
  });

  it("checks addresses: IPv4 without leading zeros, IPv6 with :: and an IPv4 tail", () => {
    expect(accepted("ipv4", ["127.0.0.1", "255.255.255.255", "256.0.0.1", "01.0.0.1", "1.2.3", "1.2.3.4.5"])).toEqual(["127.0.0.1", "255.255.255.255"]);
    expect(accepted("ipv6", ["::1", "::", "fe80::1:2", "1:2:3:4:5:6:7:8", "::ffff:192.168.0.1", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::ffff:999.0.0.1", ":1"])).toEqual(["::1", "::", "fe80::1:2", "1:2:3:4:5:6:7:8", "::ffff:192.168.0.1"]);
  });

  it("checks e-mail addresses, URIs, UUIDs and base64", () => {
    expect(accepted("email", ["a@example.com", '"a b"@example.com', "a@[127.0.0.1]", "a@[IPv6:::1]", "a..b@example.com", "@example.com", "a@", "a@-example.com"])).toEqual(["a@example.com", '"a b"@example.com', "a@[127.0.0.1]", "a@[IPv6:::1]"]);
    expect(accepted("uri", ["https://example.com/a?b=c#d", "urn:isbn:0451450523", "http://[::1]:80/", "//example.com", "https://exa mple.com", "http://x/%zz", "http://x/[a]"])).toEqual(["https://example.com/a?b=c#d", "urn:isbn:0451450523", "http://[::1]:80/"]);
    expect(accepted("uuid", ["123e4567-e89b-12d3-a456-426614174000", "123e4567e89b12d3a456426614174000", "g23e4567-e89b-12d3-a456-426614174000"])).toEqual(["123e4567-e89b-12d3-a456-426614174000"]);
    expect(accepted("byte", ["", "YQ==", "YWI=", "YWJj", "YQ", "Y===", "YW Jj"])).toEqual(["", "YQ==", "YWI=", "YWJj"]);
  });

  it("treats unknown formats, and Object.prototype's names, as annotations", () => {
    expect([knownFormat("date"), knownFormat("x-custom"), knownFormat("toString"), knownFormat("__proto__")]).toEqual([true, false, false, false]);
    expect(checkFormat("x-custom", "anything")).toBe(true);
    expect(checkFormat("toString", "anything")).toBe(true);
  });
});
