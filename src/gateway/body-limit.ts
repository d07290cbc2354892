/** A request body over a route's `maxBodyBytes`, found while it streamed. */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
  constructor(readonly maxBytes: number) {
    super(`the request body is larger than ${maxBytes} bytes`);
  }
}

/** The body to forward, and whether it turned out too large on the way. */
export interface BoundedBody {
  body: ReadableStream<Uint8Array> | null;
  /** True once more than the limit has streamed through (the forwarded body then errors). */
  exceeded(): boolean;
}

/**
 * The request's body bounded by `maxBytes`, without buffering it: `"too-large"` at once when
 * `Content-Length` says so; the body itself when `Content-Length` is within the bound (the
 * server that parsed the request holds the client to it, and the upstream gets the length);
 * else, for a chunked body, a stream that counts bytes as they pass and errors with
 * {@link BodyTooLargeError} past the bound, which cancels the client's body and fails the
 * upstream request.
 *
 * @example
 * ```ts
 * const bounded = boundedBody(c.req.raw, 1_048_576);
 * if (bounded === "too-large") return Response.json({ message: "Request Entity Too Large" }, { status: 413 });
 * await fetch(url, { method: "POST", body: bounded.body, duplex: "half" } as RequestInit);
 * ```
 */
export function boundedBody(request: Request, maxBytes: number): BoundedBody | "too-large" {
  const declared = request.headers.get("content-length");
  const length = declared !== null && /^\d+$/.test(declared.trim()) ? Number(declared.trim()) : undefined;
  if (length !== undefined && length > maxBytes) return "too-large";
  if (request.body === null || length !== undefined) return { body: request.body, exceeded: () => false };

  let seen = 0;
  let over = false;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > maxBytes) {
        over = true;
        controller.error(new BodyTooLargeError(maxBytes));
        return;
      }
      controller.enqueue(chunk);
    },
  });
  return { body: request.body.pipeThrough(counter), exceeded: () => over };
}
