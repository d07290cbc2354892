/**
 * STS (the AWS Security Token Service) as a Hono app: the Query protocol (`Action=...&Version=2011-06-15`,
 * form-encoded; XML answers in STS's namespace), dispatched to a table of actions. cognate's STS
 * issues temporary credentials for roles defined as files (src/iam/), from web identity tokens.
 */
import { Hono } from "hono";
import { INTERNAL_ERROR_MESSAGE } from "../protocol/json/index.js";
import { readQueryParams, type QueryParams } from "../protocol/query/form.js";
import { queryErrorResponse, queryResponse, type XmlObject } from "../protocol/query/xml.js";
import { StsError } from "./errors.js";
import { MESSAGES } from "./messages.js";

/** The XML namespace of STS's answers. */
export const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

/** The one API version STS speaks. */
export const STS_VERSION = "2011-06-15";

/** STS requests are small: a token of at most 20000 characters and a policy of 2048. */
const MAX_BODY_BYTES = 64 * 1024;

/** One call of an action: its parameters, the request, its id. */
export interface StsCall {
  params: QueryParams;
  request: Request;
  requestId: string;
}

/** An action: parameters in, the `<{Action}Result>` members out; throws StsError to fail. */
export type StsAction = (call: StsCall) => Promise<XmlObject>;

/**
 * The service, answering `POST /`. A `GET /` is answered MalformedQueryString: the SDKs always
 * POST, and a web identity token in a URL ends up in every log the URL passes through.
 *
 * @example
 * ```ts
 * app.route("/", stsService({ AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity(ctx) }));
 * ```
 */
export function stsService(
  actions: Readonly<Record<string, StsAction>>,
  onError: (error: unknown) => void = (error) => console.error("cognate: sts:", error),
): Hono {
  const app = new Hono();
  app.on(["GET", "POST"], "/", async (c) => {
    const requestId = crypto.randomUUID();
    try {
      if (c.req.method !== "POST") throw new StsError("MalformedQueryString", MESSAGES.badRequest);
      const params = await readQueryParams(c.req.raw, MAX_BODY_BYTES);
      if (params === "too-large") throw new StsError("RequestEntityTooLarge", MESSAGES.tooLarge, 413);
      if (typeof params === "string") throw new StsError("MalformedQueryString", MESSAGES.badRequest);
      const name = params.get("Action");
      if (name === undefined) throw new StsError("MissingAction", MESSAGES.missingAction);
      const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
      if (action === undefined || (params.get("Version") ?? STS_VERSION) !== STS_VERSION)
        throw new StsError("InvalidAction", MESSAGES.unknownAction(name));
      return queryResponse(
        name,
        STS_NAMESPACE,
        await action({ params, request: c.req.raw, requestId }),
        requestId,
      );
    } catch (error) {
      if (error instanceof StsError) return queryErrorResponse(error, STS_NAMESPACE, requestId);
      onError(error);
      return queryErrorResponse(
        { code: "InternalFailure", message: INTERNAL_ERROR_MESSAGE, status: 500 },
        STS_NAMESPACE,
        requestId,
      );
    }
  });
  return app;
}
