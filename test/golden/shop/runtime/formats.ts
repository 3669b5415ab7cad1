/**
 * String formats JSON Schema and OpenAPI define, checked strictly (RFC 3339, RFC 5321/5322 as JSON
 * Schema reads them, RFC 3986, RFC 4291). Unknown formats are annotations: always true.
 */

/** The flags `pattern` and `patternProperties` run with: ECMA-262 regular expressions over code points. */
export const patternFlags = "u";

const dateTime = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;
const date = /^(\d{4})-(\d{2})-(\d{2})$/;
const time = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;
const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** hh:mm:ss with offset; a leap second (23:59:60 UTC) is allowed. */
function validTime(hour: number, minute: number, second: number, sign: string | undefined, offsetHour: number, offsetMinute: number): boolean {
  if (hour > 23 || minute > 59 || second > 60 || offsetHour > 23 || offsetMinute > 59) return false;
  if (second < 60) return true;
  const utc = (hour * 60 + minute - (sign === "-" ? -1 : sign === "+" ? 1 : 0) * (offsetHour * 60 + offsetMinute) + 1440) % 1440;
  return utc === 23 * 60 + 59;
}

function checkDateTime(value: string): boolean {
  const m = dateTime.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, , , sign, oh, om] = m;
  return validDate(+y!, +mo!, +d!) && validTime(+h!, +mi!, +s!, sign, +(oh ?? 0), +(om ?? 0));
}

function checkTime(value: string): boolean {
  const m = time.exec(value);
  if (!m) return false;
  const [, h, mi, s, , , sign, oh, om] = m;
  return validTime(+h!, +mi!, +s!, sign, +(oh ?? 0), +(om ?? 0));
}

function checkIpv4(value: string): boolean {
  const parts = value.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function checkIpv6(value: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(value)) return false;
  // An embedded IPv4 tail stands for the last two groups.
  const tail = value.slice(value.lastIndexOf(":") + 1);
  const text = tail.includes(".") ? (checkIpv4(tail) ? `${value.slice(0, value.length - tail.length)}0:0` : "") : value;
  const halves = text.split("::");
  if (text === "" || halves.length > 2) return false;
  const groups = halves.map((half) => (half === "" ? [] : half.split(":")));
  if (!groups.flat().every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = groups.flat().length;
  return halves.length === 1 ? count === 8 : count <= 7;
}

function checkEmail(value: string): boolean {
  const at = value.lastIndexOf("@");
  if (at <= 0 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const quoted = /^"(?:[^"\\\r\n]|\\.)*"$/.test(local);
  const dotAtom = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local);
  if (!quoted && !dotAtom) return false;
  if (domain.startsWith("[") && domain.endsWith("]")) {
    const literal = domain.slice(1, -1);
    return literal.startsWith("IPv6:") ? checkIpv6(literal.slice(5)) : checkIpv4(literal);
  }
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(domain);
}

/** RFC 3986 absolute URI: scheme ":" hier-part, only legal characters, well-formed %-escapes. */
function checkUri(value: string): boolean {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):([^#?]*)(\?[^#]*)?(#.*)?$/.exec(value);
  if (!m) return false;
  if (!/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/.test(value.slice(m[1]!.length + 1))) return false;
  const hier = m[2]!;
  const authority = hier.startsWith("//") ? hier.slice(2).split("/")[0]! : "";
  // Square brackets belong to an IPv6 host only: not to paths, queries or fragments.
  if (/[[\]]/.test(value.slice(m[1]!.length + 1 + (hier.startsWith("//") ? 2 + authority.length : 0)))) return false;
  if (!hier.startsWith("//")) return true;
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  if (authority.slice(0, authority.lastIndexOf("@") + 1).includes("[")) return false;
  if (host.startsWith("[")) return /^\[[0-9A-Fa-f:.]+\](:\d*)?$/.test(host) && checkIpv6(host.slice(1, host.indexOf("]")));
  return !/[[\]]/.test(host) && /^[^:]*(:\d*)?$/.test(host);
}

const checks: Record<string, (value: string) => boolean> = {
  "date-time": checkDateTime,
  date: (v) => {
    const m = date.exec(v);
    return m !== null && validDate(+m[1]!, +m[2]!, +m[3]!);
  },
  time: checkTime,
  email: checkEmail,
  uri: checkUri,
  uuid: (v) => uuid.test(v),
  ipv4: checkIpv4,
  ipv6: checkIpv6,
  byte: (v) => base64.test(v),
};

export function checkFormat(name: string, value: string): boolean {
  return knownFormat(name) ? checks[name]!(value) : true;
}

/** Whether the format is one that is checked (unknown ones are annotations). The generator asks too. */
export function knownFormat(name: string): boolean {
  return Object.hasOwn(checks, name);
}
