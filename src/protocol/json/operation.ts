/**
 * What an operation is to the JSON service: a function of the call, with an optional input shape
 * that the service checks first (so a bad input never reaches the operation).
 */
import type { Infer, StructureShape } from "./shapes.js";

/** The request as the operation may see it: the body has been read and is in `input`. */
export interface RequestContext {
  /** The request headers as received. */
  readonly headers: Headers;
  /** The request URL as received. */
  readonly url: string;
  /** The client's address, when the runtime tells it (`getConnInfo`). */
  readonly sourceIp: string | undefined;
  /** When the request arrived (epoch ms, the service's clock). */
  readonly receivedAt: number;
  /** Cloudflare's `request.cf` in Workers (location, ASN); undefined elsewhere. */
  readonly cf?: Readonly<Record<string, unknown>>;
  /**
   * Lets work finish after the response is sent (workerd's `waitUntil`; on Node the promise just
   * runs on). Undefined where the caller built the context by hand.
   */
  readonly background?: (work: Promise<unknown>) => void;
}

/** One call of an operation. */
export interface OperationCall<I = Record<string, unknown>> {
  /** The body: the parsed JSON object, or with an input shape the checked, typed one (unknown members dropped). */
  readonly input: I;
  /** The operation's name, e.g. `GetUser`. */
  readonly operation: string;
  /** The `x-amzn-RequestId` of the response. */
  readonly requestId: string;
  /** The access key id that signed the call; `undefined` for unsigned operations (a signature sent anyway is ignored). */
  readonly signer: string | undefined;
  readonly request: RequestContext;
}

/**
 * What an operation returns: its output object (`undefined` for none, sent as `{}`). Members that
 * are `undefined` or `null` are left out; `Date`s go as epoch seconds.
 */
export type OperationOutput = Record<string, unknown> | undefined;

/** An operation as a plain function of the call: it checks its input itself. */
export type OperationHandler = (call: OperationCall) => OperationOutput | Promise<OperationOutput>;

/** An operation with an input shape, checked before `run` is called. */
export interface OperationDefinition<S extends StructureShape = StructureShape> {
  readonly input: S;
  run(call: OperationCall<Infer<S>>): OperationOutput | Promise<OperationOutput>;
}

/** An entry of the dispatch table: a function, or a definition with an input shape. Throw `AwsError`s to fail. */
export type Operation = OperationHandler | OperationDefinition;

/**
 * Declares an operation with an input shape; `run` gets the input typed from the shape.
 *
 * @example
 * ```ts
 * export const ListUserPools = defineOperation(
 *   structure({ MaxResults: integer({ required: true, min: 1, max: 60 }), NextToken: string({ min: 1 }) }),
 *   async ({ input }) => ({ UserPools: await pools.list(input.MaxResults, input.NextToken) }),
 * );
 * ```
 */
export function defineOperation<S extends StructureShape>(
  input: S,
  run: (call: OperationCall<Infer<S>>) => OperationOutput | Promise<OperationOutput>,
): OperationDefinition<S> {
  return { input, run };
}
