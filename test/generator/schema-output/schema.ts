/**
 * generator/runtime/schema.ts and json-schema.ts as the type checker sees them in
 * schema-output.test.ts: the same names, typed with zod's own generic types instead of the
 * runtime's shallow `Schema`, so that the type of each emitted schema's values can be compared
 * with the interface it is declared as. Type-only: never run. Each helper's types follow what the
 * runtime function does with a value (in generator/runtime/json-schema.ts and schema.ts); change
 * them together.
 */
import { z } from "zod";

export { z };

type Any = z.ZodType;
type Out<S> = S extends Any ? z.output<S> : never;
type In<S> = S extends Any ? z.input<S> : never;
type Each<M extends readonly unknown[], F extends "in" | "out"> = { [K in keyof M]: F extends "in" ? In<M[K]> : Out<M[K]> };
type Every<M extends readonly unknown[]> = M extends readonly [infer H, ...infer R] ? H & Every<R> : unknown;

/**
 * A reference to another named schema: values of its declared type in and out. That schema's own
 * declaration is checked against the type separately, so each check stays one level deep.
 */
export type Lazy<T> = () => z.ZodType<T, T>;
/** The declaration's own annotation is not the check (it would be unsound for request forms): the test compares the builder's inferred type. */
export declare function lazy(build: () => unknown): Lazy<never>;

export type BinaryInput = Blob | Uint8Array | { readonly data: Blob | Uint8Array; readonly filename?: string; readonly contentType?: string };
export declare class Int64Literal {
  readonly digits: string;
}
/** Builders, built on first call (as the runtime's are). */
export declare const int64: () => z.ZodType<string, number | string>;
export declare const int64Input: () => z.ZodType<Int64Literal, number | string>;
export declare const binaryInput: () => z.ZodType<BinaryInput, BinaryInput>;

/** Numeric text read as a number: any input, the inner schema's output. */
export declare function fromText<S extends Any>(inner: S): z.ZodType<Out<S>, unknown>;
/** A single element read as a list of one. */
export declare function oneOrMany<S extends Any>(inner: S): z.ZodType<Out<S>, In<S> | (In<S> extends readonly (infer E)[] ? E : never)>;
/** A string of JSON decoded, then checked. */
export declare function jsonDecoded<S extends Any>(inner: S): z.ZodType<Out<S>, string>;
/** A value encoded as a string of JSON (a string is taken as encoded already). */
export declare function jsonEncoded<S extends Any>(inner: S): z.ZodType<string, In<S> | string>;

/** With `otherwise: "fail"` only the branches' types get through; with "pass" anything of another type does too. */
export declare function byType<const B extends Partial<Record<string, Any>>>(branches: B, otherwise: "fail"): z.ZodType<Out<B[keyof B]>, In<B[keyof B]>>;
export declare function byType<const B extends Partial<Record<string, Any>>>(branches: B, otherwise: "pass"): z.ZodType<unknown, unknown>;
export declare function oneOfValues<const V extends readonly unknown[]>(values: V): z.ZodType<V[number], V[number]>;
export declare function exactlyOne<const M extends readonly Any[]>(members: M): z.ZodType<Each<M, "out">[number], Each<M, "in">[number]>;
export declare function allOf<const M extends readonly Any[]>(members: M): z.ZodType<Every<Each<M, "out">>, Every<Each<M, "in">>>;
export declare function not(schema: Any): z.ZodType<unknown, unknown>;
export declare function discriminated<const V extends Record<string, () => Any>, F extends (() => Any) | undefined = undefined>(
  property: string,
  variants: V,
  fallback?: F,
): z.ZodType<Out<ReturnType<V[keyof V]>> | (F extends () => Any ? Out<ReturnType<F>> : never), In<ReturnType<V[keyof V]>> | (F extends () => Any ? In<ReturnType<F>> : never)>;

export declare function codePoints(min: number | undefined, max: number | undefined): z.core.$ZodCheck<string>;
export declare function format(name: string): z.core.$ZodCheck<string>;
export declare function multipleOf(divisor: number): z.core.$ZodCheck<number>;

interface ArrayRules {
  readonly prefixItems?: readonly Any[];
  readonly items?: Any | false;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly contains?: Any;
  readonly minContains?: number;
  readonly maxContains?: number;
}
type Rest<R extends ArrayRules, F extends "in" | "out"> = R extends { items: false } ? [] : R extends { items: infer I extends Any } ? (F extends "in" ? In<I> : Out<I>)[] : unknown[];
type Items<R extends ArrayRules, F extends "in" | "out"> = R extends { prefixItems: infer P extends readonly Any[] } ? [...Partial<Each<P, F>>, ...Rest<R, F>] : Rest<R, F>;
/** Items checked one by one: prefix items (any of which may be missing), then the rest. */
export declare function arrayOf<const R extends ArrayRules>(rules: R): z.ZodType<Items<R, "out">, Items<R, "in">>;

interface ObjectRules {
  readonly patternProperties?: readonly (readonly [string, Any])[];
  readonly additionalProperties?: Any | false;
  readonly known?: readonly string[];
  readonly propertyNames?: Any;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly dependentRequired?: Readonly<Record<string, readonly string[]>>;
  readonly required?: readonly string[];
  readonly own?: readonly (readonly [string, Any, boolean])[];
}
/** Keys the rules require beyond the shape's: present, whatever their value (JSON has no `undefined`). */
type RequiredKeys<R extends ObjectRules> = R extends { required: readonly (infer K extends string)[] } ? { [Key in K]: {} | null } : unknown;
/** The rules check the value as received and return the shape's result, which has the keys they require. */
export declare function objectRules<S extends Any, const R extends ObjectRules>(shape: S, rules: R): z.ZodType<Out<S> & RequiredKeys<R>, In<S> & RequiredKeys<R>>;
