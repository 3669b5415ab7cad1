/** Legal, stable identifiers from whatever names a description uses. */

/**
 * Words no binding may be named: JavaScript's reserved words (strict mode included, as modules
 * are strict: `arguments`, `eval`), literals, and TypeScript's type keywords.
 */
export const javascriptReserved: readonly string[] = (
  "break case catch class const continue debugger default delete do else enum export extends false finally for " +
  "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
  "as implements interface let package private protected public static yield any boolean constructor declare get " +
  "module require number set string symbol type from of unknown never object bigint undefined await async arguments eval " +
  "NaN Infinity globalThis"
).split(" ");

const reserved = new Set(javascriptReserved);

function words(raw: string): string[] {
  return raw
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `simple-user` → `SimpleUser`; keeps existing inner capitals (`KfMessage`). */
export function pascalCase(raw: string): string {
  const joined = words(raw).map(capitalize).join("");
  return legal(joined || "Unnamed");
}

/** `get-content` → `getContent`, `code2Session` stays. A member name: reserved words are fine there. */
export function camelCase(raw: string): string {
  const pascal = words(raw).map(capitalize).join("");
  const camel = pascal.charAt(0).toLowerCase() + pascal.slice(1) || "unnamed";
  return /^\p{N}/u.test(camel) ? `_${camel}` : camel;
}

/** A variable name: camelCase, and never a reserved word. */
export function identifier(raw: string): string {
  return legal(camelCase(raw));
}

function legal(name: string): string {
  if (/^\p{N}/u.test(name)) return `_${name}`;
  return reserved.has(name) ? `${name}_` : name;
}

/**
 * Member names JavaScript gives meaning to on every object: a method or namespace called `then`
 * would make the client a thenable (`await` would call it), `toString` would break printing,
 * `constructor` would be the class's constructor; `prototype` is a function's.
 */
export const objectMemberNames: readonly string[] = ["then", "prototype", ...Object.getOwnPropertyNames(Object.prototype)];

/** Hands out unique names, in the order asked, adding `2`, `3`, … on clashes. */
export class NameSet {
  private readonly used: Set<string>;
  constructor(taken: Iterable<string> = []) {
    this.used = new Set(taken);
  }
  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.used.has(name); n++) name = `${wanted}${n}`;
    this.used.add(name);
    return name;
  }
}

/** A property key as TypeScript source: bare when legal, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name) ? name : JSON.stringify(name);
}

/**
 * A key in an object literal (a value, not a type): `__proto__: x`, quoted or not, sets the
 * prototype instead of a property, so it is written computed.
 */
export function objectKey(name: string): string {
  return name === "__proto__" ? `[${JSON.stringify(name)}]` : propertyKey(name);
}
