/**
 * Declarative input shapes, after the Smithy model's: strings with length, pattern and enum
 * constraints, integers with ranges, booleans, lists, maps, structures and documents. An
 * operation declares its input once; `validateInput` checks a body against it with AWS's exact
 * messages, and the input type is inferred from the declaration.
 */

interface ShapeBase<R extends boolean> {
  /** The member must be present and not null ("Member must not be null"). */
  readonly required: R;
}

export interface StringShape<T extends string = string, R extends boolean = boolean> extends ShapeBase<R> {
  readonly kind: "string";
  readonly min?: number;
  readonly max?: number;
  /** The pattern as the model writes it: shown in messages, matched against the whole value. */
  readonly pattern?: string;
  readonly regex?: RegExp;
  readonly enum?: readonly T[];
  /** Values are never echoed in messages ("Value at 'password' ..."), as for the model's sensitive shapes. */
  readonly sensitive: boolean;
}

export interface NumberShape<R extends boolean = boolean> extends ShapeBase<R> {
  /** `integer` (32 bits) or `long` (here: a safe integer); fractions are truncated, as Coral does. */
  readonly kind: "integer" | "long";
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape<R extends boolean = boolean> extends ShapeBase<R> {
  readonly kind: "boolean";
}

/** Any JSON value, unchecked (the model's document type, e.g. a WebAuthn credential). */
export interface DocumentShape<R extends boolean = boolean> extends ShapeBase<R> {
  readonly kind: "document";
}

export interface ListShape<M extends Shape = Shape, R extends boolean = boolean> extends ShapeBase<R> {
  readonly kind: "list";
  readonly member: M;
  readonly min?: number;
  readonly max?: number;
}

export interface MapShape<V extends Shape = Shape, R extends boolean = boolean> extends ShapeBase<R> {
  readonly kind: "map";
  readonly key: StringShape;
  readonly value: V;
  readonly min?: number;
  readonly max?: number;
  readonly sensitive: boolean;
}

export type Members = Readonly<Record<string, Shape>>;

export interface StructureShape<M extends Members = Members, R extends boolean = boolean>
  extends ShapeBase<R> {
  readonly kind: "structure";
  readonly members: M;
}

export type Shape =
  | StringShape
  | NumberShape
  | BooleanShape
  | DocumentShape
  | ListShape
  | MapShape
  | StructureShape;

type Required<O> = O extends { required: true } ? true : false;
type Optional<M extends Members> = { [K in keyof M]: M[K] extends ShapeBase<true> ? never : K }[keyof M];
type Mandatory<M extends Members> = Exclude<keyof M, Optional<M>>;
type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * The TypeScript type of the values a shape accepts.
 *
 * @example
 * ```ts
 * const Input = structure({ UserPoolId: string({ required: true }), MaxResults: integer() });
 * type Input = Infer<typeof Input>; // { UserPoolId: string; MaxResults?: number }
 * ```
 */
export type Infer<S> =
  S extends StringShape<infer T>
    ? T
    : S extends NumberShape
      ? number
      : S extends BooleanShape
        ? boolean
        : S extends DocumentShape
          ? unknown
          : S extends ListShape<infer M>
            ? Shape extends M
              ? unknown[]
              : Infer<M>[]
            : S extends MapShape<infer V>
              ? Shape extends V
                ? Record<string, unknown>
                : Record<string, Infer<V>>
              : S extends StructureShape<infer M>
                ? string extends keyof M
                  ? Record<string, unknown>
                  : InferMembers<M>
                : never;

// The guards above stop at the general shapes (any list, any structure), which have no one type.
type InferMembers<M extends Members> = Flat<
  { [K in Mandatory<M>]: Infer<M[K]> } & { [K in Optional<M>]?: Infer<M[K]> }
>;

interface Presence {
  required?: boolean;
}
interface Length extends Presence {
  min?: number;
  max?: number;
}

/**
 * A string member.
 *
 * @example
 * ```ts
 * string({ required: true, min: 1, max: 55, pattern: "[\\w-]+_[0-9a-zA-Z]+" });
 * string({ enum: ["USER_SRP_AUTH", "USER_PASSWORD_AUTH"] });
 * string({ required: true, min: 6, max: 256, pattern: "[\\S]+", sensitive: true });
 * ```
 */
export function string<
  const O extends Length & { pattern?: string; enum?: readonly string[]; sensitive?: boolean },
>(
  options: O = {} as O,
): StringShape<O extends { enum: readonly (infer T extends string)[] } ? T : string, Required<O>> {
  const { required, pattern, sensitive, ...rest } = options;
  // Java's String#matches: the whole value; `u` for the model's \p{L} classes.
  const regex = pattern === undefined ? undefined : new RegExp(`^(?:${pattern})$`, "u");
  return {
    kind: "string",
    required: required === true,
    sensitive: sensitive === true,
    ...rest,
    ...(pattern !== undefined && { pattern, regex }),
  } as never;
}

/**
 * A 32-bit integer member; `long` for a 64-bit one.
 */
export function integer<const O extends Length>(options: O = {} as O): NumberShape<Required<O>> {
  return { kind: "integer", ...options, required: options.required === true } as never;
}

/**
 * A 64-bit integer member (values beyond 2^53 are refused as unreadable).
 */
export function long<const O extends Length>(options: O = {} as O): NumberShape<Required<O>> {
  return { kind: "long", ...options, required: options.required === true } as never;
}

/**
 * A boolean member (`"true"` and `"false"` are read too, as Coral reads them).
 */
export function boolean<const O extends Presence>(options: O = {} as O): BooleanShape<Required<O>> {
  return { kind: "boolean", required: options.required === true } as never;
}

/**
 * A member that takes any JSON value, unchecked.
 */
export function document<const O extends Presence>(options: O = {} as O): DocumentShape<Required<O>> {
  return { kind: "document", required: options.required === true } as never;
}

/**
 * A list member; `min`/`max` bound its length.
 */
export function list<M extends Shape, const O extends Length>(
  member: M,
  options: O = {} as O,
): ListShape<M, Required<O>> {
  return { kind: "list", member, ...options, required: options.required === true } as never;
}

/**
 * A map member with string keys; `min`/`max` bound its number of entries.
 */
export function map<V extends Shape, const O extends Length & { sensitive?: boolean }>(
  key: StringShape,
  value: V,
  options: O = {} as O,
): MapShape<V, Required<O>> {
  return {
    kind: "map",
    key,
    value,
    ...options,
    required: options.required === true,
    sensitive: options.sensitive === true,
  } as never;
}

/**
 * A structure: the top-level input of an operation, or a nested member. Members are named as on
 * the wire (`UserPoolId`); messages name them in lowerCamel (`userPoolId`), as AWS does.
 */
export function structure<const M extends Members, const O extends Presence>(
  members: M,
  options: O = {} as O,
): StructureShape<M, Required<O>> {
  return { kind: "structure", members, required: options.required === true } as never;
}
