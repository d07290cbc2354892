// Configuration mistakes inside workerd: the client gets a fixed 503 with no details (they could
// quote a secret's setting), the operator's log names the setting, and half-set or weak admin
// credentials are refused rather than turning admin off.
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/entry/worker.js";

const ADMIN = {
  COGNATE_ADMIN_ACCESS_KEY_ID: "AKIACOGNATEEDGE00001",
  COGNATE_ADMIN_SECRET_ACCESS_KEY: "edge/secret+0123456789abcdefghijklmn",
};
afterEach(() => vi.restoreAllMocks());

async function answer(env: Record<string, unknown>, path = "/health") {
  const errors: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args) => void errors.push(args.join(" ")));
  const response = await worker.fetch(new Request(`http://cognate.test${path}`), env, {});
  return { response, body: await response.text(), errors };
}

describe("configuration errors in the Worker", () => {
  it("answer every path, /health included, with a fixed 503 and log the details once", async () => {
    const env = { COGNATE_CONFIG: `{"assertionKey":{"kty":"EC","d":'c2VjcmV0LWtleQ'}}` };
    for (const path of ["/health", "/", "/orders/1"]) {
      const { response, body, errors } = await answer(env, path);
      expect(response.status).toBe(503);
      expect(JSON.parse(body)).toEqual({ message: "Service Unavailable" });
      expect(body).not.toContain("c2VjcmV0");
      if (path === "/health") {
        expect(errors).toEqual([
          expect.stringMatching(/^cognate: configuration error: COGNATE_CONFIG: not valid JSON/),
        ]);
        expect(errors[0]).not.toContain("c2VjcmV0");
      } else expect(errors).toEqual([]);
    }
  });

  it("refuse an admin key id without its secret, a secret without its id, and a weak secret", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.COGNATE_ADMIN_ACCESS_KEY_ID },
        /COGNATE_ADMIN_SECRET_ACCESS_KEY: must be set together/,
      ],
      [
        { COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.COGNATE_ADMIN_SECRET_ACCESS_KEY },
        /COGNATE_ADMIN_ACCESS_KEY_ID: must be set together/,
      ],
      [
        { ...ADMIN, COGNATE_ADMIN_SECRET_ACCESS_KEY: "s" },
        /COGNATE_ADMIN_SECRET_ACCESS_KEY: must be at least 32 characters/,
      ],
    ];
    for (const [env, logged] of cases) {
      const { response, errors } = await answer(env);
      expect(response.status).toBe(503);
      expect(errors).toEqual([expect.stringMatching(logged)]);
      expect(errors[0]).not.toContain(ADMIN.COGNATE_ADMIN_SECRET_ACCESS_KEY);
    }
    expect((await answer(ADMIN)).response.status).toBe(200);
  });
});
