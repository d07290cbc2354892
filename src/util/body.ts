/**
 * Reads a request or response body once, up to a size limit, without buffering more than the limit.
 */

/** The body did not fit: it was larger than `limit` bytes (declared or actually sent). */
export interface TooLarge {
  tooLarge: true;
  limit: number;
}

/**
 * The whole body as bytes, or {@link TooLarge} as soon as more than `limit` bytes are declared by
 * `Content-Length` or have arrived; the rest of the stream is then cancelled, never read.
 *
 * @throws TypeError when the body was already read.
 * @example
 * ```ts
 * const body = await readBodyLimited(request, 1024 * 1024);
 * if ("tooLarge" in body) return new Response("Too large", { status: 413 });
 * JSON.parse(new TextDecoder().decode(body));
 * ```
 */
export async function readBodyLimited(
  message: Request | Response,
  limit: number,
): Promise<Uint8Array | TooLarge> {
  if (message.bodyUsed) throw new TypeError("the body was already read");
  const declared = message.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim())) {
    if (Number(declared) > limit) {
      await message.body?.cancel().catch(() => undefined);
      return { tooLarge: true, limit };
    }
    // A request off the wire is held to its Content-Length by HTTP framing, so it can be read in
    // one go (on Node straight from the socket, without a web stream). Not a response: a fetch
    // may inflate a coded body, or be a stand-in whose header lies.
    if (message instanceof Request && !message.headers.has("content-encoding")) {
      const body = new Uint8Array(await message.arrayBuffer());
      return body.byteLength > limit ? { tooLarge: true, limit } : body;
    }
  }
  const stream = message.body;
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { tooLarge: true, limit };
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
