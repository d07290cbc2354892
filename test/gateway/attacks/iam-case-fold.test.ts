// SigV4 attack finding 04 (issue 16, fixed): with caseInsensitivePaths, iam routes decide on the lower-cased path but substitute
// policy variables unfolded (bearer routes fold them: src/authorizer/middleware.ts FOLDED), so a
// Deny naming a mixed-case principal tag never matches.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ROLES, sign, startWorld, type World } from "./iam-harness.js";

const API = "arn:aws:execute-api:eu-west-1:*:files/live";
const policy = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const roles = {
  Reader: {
    AssumeRolePolicyDocument: ROLES.Reader.AssumeRolePolicyDocument,
    Policies: {
      all: policy({ Effect: "Allow", Action: "execute-api:Invoke", Resource: `${API}/GET/docs/*` }),
      // A tenant's archive is closed to its own members.
      noArchive: policy({
        Effect: "Deny",
        Action: "execute-api:Invoke",
        Resource: `${API}/GET/docs/\${aws:PrincipalTag/tenant}/archive/*`,
      }),
    },
  },
};

let w: World;
beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  w = await startWorld({ caseInsensitivePaths: true, roles });
});
afterAll(async () => {
  await w?.close();
  vi.restoreAllMocks();
});

it("applies a Deny on ${aws:PrincipalTag/tenant} whatever the case of the tag's value", async () => {
  const lower = await w.issue({ principalTags: { tenant: "acme" } });
  const mixed = await w.issue({ principalTags: { tenant: "Acme" } });
  const send = async (session: typeof lower, path: string) => {
    const signed = await sign(w, session, path);
    return (await fetch(signed.url, signed.init)).status;
  };
  expect(await send(lower, "/docs/acme/archive/1.txt")).toBe(403);
  // The tag as the user pool wrote it ("Acme"), the path as any case: both name the same folder.
  expect(await send(mixed, "/docs/Acme/archive/1.txt")).toBe(403);
  expect(await send(mixed, "/docs/acme/archive/1.txt")).toBe(403);
});
