/** STS's errors, as the Query protocol writes them: a code, a message, an HTTP status. */
import type { QueryError } from "../protocol/query/xml.js";

/** An error an STS action throws; the service writes it as an `<ErrorResponse>`. */
export class StsError extends Error implements QueryError {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}
